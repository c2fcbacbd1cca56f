-- Conflict blocks in Neovim: `nvim --headless -l editors/test/nvim-conflict.lua BIN WORKDIR`.
-- Writes a file with a conflict block (as `git merge` leaves it) into the corpus
-- copy WORKDIR, opens it, and checks through Neovim's own LSP client: the
-- `unresolved-conflict` diagnostic on the `<<<<<<<` line, the takes offered by
-- `vim.lsp.buf.code_action`, a take applied (the lines are that section's), and
-- the diagnostic gone. Prints `nvim-conflict: N passed, M failed`.
local bin, work = arg[1], arg[2]
local repo = vim.fs.dirname(vim.fs.dirname(vim.fs.dirname(vim.fs.normalize(debug.getinfo(1, 'S').source:sub(2)))))
local passed, failed = 0, 0

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    io.stdout:write('ok   ', name, '\n')
  else
    failed = failed + 1
    io.stdout:write('FAIL ', name, detail and (': ' .. vim.inspect(detail)) or '', '\n')
  end
  io.stdout:flush()
end

local function finish()
  io.stdout:write(string.format('nvim-conflict: %d passed, %d failed\n', passed, failed))
  for _, client in ipairs(vim.lsp.get_clients()) do
    client:stop()
  end
  vim.wait(2000, function()
    return #vim.lsp.get_clients() == 0
  end)
  os.exit(failed == 0 and passed > 0 and 0 or 1)
end

vim.opt.runtimepath:prepend(repo .. '/editors/nvim')
vim.cmd('runtime! ftdetect/corpus.lua')
vim.cmd('filetype plugin on')
vim.lsp.config('corpus_lsp', { cmd = { bin, 'serve' } })
vim.lsp.enable('corpus_lsp')

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
vim.cmd.edit(vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local attached = vim.wait(10000, function()
  return #vim.lsp.get_clients({ bufnr = buf, name = 'corpus_lsp' }) > 0
end, 20)
check('client attached', attached)
if not attached then
  finish()
end

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
