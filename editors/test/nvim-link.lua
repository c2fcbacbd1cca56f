-- Linking in Neovim: `nvim --headless -l editors/test/nvim-link.lua BIN WORKDIR`.
-- Opens the corpus.json (which names a KB with `"kb"`), puts the cursor in the
-- Wang Yi entry, and takes "Link to Q1501226 — Wang Yi (…)" through Neovim's
-- own code-action flow (`vim.lsp.buf.code_action` with `apply`): the buffer
-- gains the id and nothing else, and the file on disk is untouched until
-- Neovim writes it (the server writes nothing). Prints `nvim-link: N passed, M failed`.
local harness = dofile(vim.fs.dirname(vim.fs.normalize(debug.getinfo(1, 'S').source:sub(2))) .. '/nvim-harness.lua')
local t = harness('nvim-link')
local work, check, finish = t.work, t.check, t.finish

local path = work .. '/corpus.json'
local before = table.concat(vim.fn.readfile(path, 'b'), '\n')
local buf = t.open(path, 'client attached to corpus.json')

-- The cursor on the Wang Yi entry's name.
local row
for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, true)) do
  if l:find('"id": "wang-yi"', 1, true) then
    row = i + 1
    break
  end
end
check('the Wang Yi entry is there', row ~= nil)
if not row then
  finish()
end
vim.api.nvim_win_set_cursor(0, { row, 8 })

local titles = {}
vim.lsp.buf.code_action({
  apply = true,
  filter = function(action)
    table.insert(titles, action.title)
    return action.title:find('Link to Q1501226 — Wang Yi (Chinese politician and diplomat', 1, true) == 1
  end,
})
local linked = vim.wait(10000, function()
  local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, true), '\n')
  return text:find('"wikidata": "Q1501226"', 1, true) ~= nil
end, 20)
check('the link action is offered and applied', linked, titles)
check(
  'the three best candidates at most, the diplomat first',
  #titles >= 1 and #titles <= 3 and titles[1]:find('Q1501226', 1, true) ~= nil,
  titles
)

local after = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, true), '\n') .. '\n'
local ok, decoded = pcall(vim.json.decode, after)
local entry
if ok then
  for _, e in ipairs(decoded.entities) do
    if e.id == 'wang-yi' then
      entry = e
    end
  end
end
check('corpus.json still JSON, the entry linked', entry ~= nil and entry.wikidata == 'Q1501226', entry)
local removed = after:gsub(',\n      "wikidata": "Q1501226"', '', 1)
check('only the id was inserted', removed == before, #removed .. ' vs ' .. #before)
check('the server wrote nothing', table.concat(vim.fn.readfile(path, 'b'), '\n') == before)
finish()
