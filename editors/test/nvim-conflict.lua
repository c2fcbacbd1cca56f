-- Conflict blocks in Neovim: `nvim --headless -l editors/test/nvim-conflict.lua BIN WORKDIR`.
-- Writes a file with a conflict block (as `git merge` leaves it) into the corpus
-- copy WORKDIR, opens it, and checks through Neovim's own LSP client: the
-- `unresolved-conflict` diagnostic on the `<<<<<<<` line, the takes offered by
-- `vim.lsp.buf.code_action`, a take applied (the lines are that section's), and
-- the diagnostic gone. Prints `nvim-conflict: N passed, M failed`.
local harness = dofile(vim.fs.dirname(vim.fs.normalize(debug.getinfo(1, 'S').source:sub(2))) .. '/nvim-harness.lua')
local t = harness('nvim-conflict')
local work, check, finish = t.work, t.check, t.finish

local bob = 'Secretary [Blinken]{antony-blinken} met [Wang Yi]{wang-yi} in Beijing. #high-level-dialogue'
local lines = {
  'Intro.',
  '<<<<<<< HEAD',
  'Secretary [Blinken]{antony-blinken} met Wang Yi in Beijing.',
  '=======',
  bob,
  '>>>>>>> bob',
  'The end.',
}
local file = work .. '/conflicted.txt'
vim.fn.writefile(lines, file)
local buf = t.open(file)

local function conflict()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 'unresolved-conflict' and d.severity == vim.diagnostic.severity.ERROR then
      return d
    end
  end
end
vim.wait(10000, function()
  return conflict() ~= nil
end, 20)
local diag = conflict()
check('unresolved-conflict on the <<<<<<< line', diag and diag.lnum == 1, diag)
check('it names the sections', diag and diag.message:find('`HEAD`', 1, true) and diag.message:find('`bob`', 1, true), diag and diag.message)
if not diag then
  finish()
end

vim.api.nvim_win_set_cursor(0, { 2, 0 })
local offered = {}
vim.lsp.buf.code_action({
  apply = true,
  filter = function(action)
    table.insert(offered, action.title)
    return action.title == 'Take bob'
  end,
})
local taken = vim.wait(10000, function()
  return vim.api.nvim_buf_line_count(buf) == 3
end, 20)
local now = vim.api.nvim_buf_get_lines(buf, 0, -1, true)
check('the takes are offered', vim.deep_equal(offered, { 'Take HEAD', 'Take bob', 'Take both' }), offered)
check('"Take bob" leaves the lines as bob\'s section', taken and vim.deep_equal(now, { 'Intro.', bob, 'The end.' }), now)
local gone = vim.wait(10000, function()
  return conflict() == nil
end, 20)
check('the diagnostic is gone', gone, vim.diagnostic.get(buf))
finish()
