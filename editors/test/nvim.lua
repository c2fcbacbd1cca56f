-- The Neovim proof: `nvim --headless -l editors/test/nvim.lua BIN WORKDIR`.
-- Loads editors/nvim the way a user would (on 'runtimepath', `vim.lsp.enable`),
-- opens a seed copy whose id is broken after a curly quote, and checks, through
-- Neovim's own LSP client: the filetype, the attach, the diagnostic and its
-- column, hover, completion after `#` and inside `{`, the quick fix applied
-- with Neovim's workspace-edit code, and a "Create entity" fix that edits
-- corpus.json, applied by Neovim's code-action flow, which then shows the new
-- entry. Prints `nvim: N passed, M failed`.
local harness = dofile(vim.fs.dirname(vim.fs.normalize(debug.getinfo(1, 'S').source:sub(2))) .. '/nvim-harness.lua')
local t = harness('nvim')
local work, check, finish = t.work, t.check, t.finish

local file = work .. '/002_68f08306579e3733.txt'
local buf, client = t.open(file)
check('filetype corpus under a corpus.json', vim.bo[buf].filetype == 'corpus', vim.bo[buf].filetype)
check('root is the corpus.json folder', client.root_dir == work, client.root_dir)
check('utf-8 negotiated (Neovim offers it)', client.offset_encoding == 'utf-8', client.offset_encoding)

-- The broken id: line 5 (0-based 4), after `China’s` (’ is 3 bytes in UTF-8).
local line = vim.api.nvim_buf_get_lines(buf, 4, 5, true)[1]
local id_start = assert(line:find('chinese-foreign-ministri', 1, true)) - 1
local function unknown()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 'unknown-entity' then
      return d
    end
  end
end
vim.wait(10000, function()
  return unknown() ~= nil
end, 20)
local diag = unknown()
check('unknown-entity diagnostic published', diag ~= nil, vim.diagnostic.get(buf))
if diag then
  check(
    'diagnostic at the id, byte columns',
    diag.lnum == 4 and diag.col == id_start and diag.end_col == id_start + #'chinese-foreign-ministri',
    { lnum = diag.lnum, col = diag.col, end_col = diag.end_col, expected = id_start }
  )
  check('message suggests the closest id', diag.message:find('chinese-foreign-ministry', 1, true) ~= nil, diag.message)
end

-- Pull diagnostics: Neovim advertises `textDocument.diagnostic`, so it pulls
-- and the server pushes nothing; the diagnostic above came through the pull.
if diag then
  local pulled = vim.diagnostic.get(buf, { namespace = vim.lsp.diagnostic.get_namespace(client.id, true) })
  local pushed = vim.diagnostic.get(buf, { namespace = vim.lsp.diagnostic.get_namespace(client.id, false) })
  check(
    'diagnostics pulled (textDocument/diagnostic), none pushed',
    client.server_capabilities.diagnosticProvider ~= nil and #pulled > 0 and #pushed == 0,
    { pulled = #pulled, pushed = #pushed }
  )
end

-- Semantic tokens, requested by Neovim itself: `Blinken` (line 1) is a person.
local title = vim.api.nvim_buf_get_lines(buf, 0, 1, true)[1]
local b = assert(title:find('[Blinken]', 1, true))
local function token_at(row, col)
  for _, token in ipairs(vim.inspect_pos(buf, row, col).semantic_tokens) do
    return token.opts.hl_group
  end
end
vim.wait(5000, function()
  return token_at(0, b) ~= nil
end, 20)
check('semantic token on a person mention', token_at(0, b) == '@lsp.type.variable.corpus', token_at(0, b))

-- Inlay hints: `[Blinken]{antony-blinken}` shows the entity's name after the id.
vim.lsp.inlay_hint.enable(true, { bufnr = buf })
local function hints()
  return vim.lsp.inlay_hint.get({ bufnr = buf, range = { start = { line = 0, character = 0 }, ['end'] = { line = 1, character = 0 } } })
end
vim.wait(5000, function()
  return #hints() > 0
end, 20)
local hint = hints()[1]
local label = hint and hint.inlay_hint.label
label = type(label) == 'table' and label[1].value or label
check('inlay hint with the display name', label == ': Antony Blinken', label)

local function request(method, params)
  local answers = vim.lsp.buf_request_sync(buf, method, params, 5000) or {}
  local answer = answers[client.id] or {}
  return answer.result, answer.err
end

local function at(row, col)
  return { textDocument = vim.lsp.util.make_text_document_params(buf), position = { line = row, character = col } }
end

-- Hover on `[Antony Blinken]{antony-blinken}`, on the same line.
local blinken = assert(line:find('[Antony Blinken]', 1, true))
local hover = request('textDocument/hover', at(4, blinken + 2))
local text = hover and hover.contents and (hover.contents.value or hover.contents) or ''
check('hover card on a mention', type(text) == 'string' and text:find('Antony Blinken', 1, true) ~= nil, hover)
check(
  'hover range is the mention',
  hover and hover.range and hover.range.start.character == blinken - 1,
  hover and hover.range
)

-- Completion after `#`, typed at the end of the line as a user would.
local last = vim.api.nvim_buf_line_count(buf) - 1
vim.api.nvim_buf_set_lines(buf, last + 1, last + 1, true, { 'A sentence. #hum' })
local typed = vim.api.nvim_buf_get_lines(buf, last + 1, last + 2, true)[1]
local items = request('textDocument/completion', at(last + 1, #typed)) or {}
items = items.items or items
local human_rights
for _, item in ipairs(items) do
  if item.label == 'human-rights' then
    human_rights = item
  end
end
check('completion after # offers the tags', human_rights ~= nil, vim.tbl_map(function(i)
  return i.label
end, items))
if human_rights then
  local range = human_rights.textEdit and (human_rights.textEdit.range or human_rights.textEdit.replace)
  check(
    'tag completion edits exactly the typed word',
    range and range.start.character == #typed - #'hum' and range['end'].character == #typed,
    range
  )
end

-- Completion inside `{` after a bracketed surface: the alias's entity first.
vim.api.nvim_buf_set_lines(buf, last + 1, last + 2, true, { 'Met [Wang Yi]{' })
typed = vim.api.nvim_buf_get_lines(buf, last + 1, last + 2, true)[1]
items = request('textDocument/completion', at(last + 1, #typed)) or {}
items = items.items or items
table.sort(items, function(a, b)
  return (a.sortText or a.label) < (b.sortText or b.label)
end)
local first = items[1]
check('completion inside { puts wang-yi first', first and first.label == 'wang-yi', first)
vim.api.nvim_buf_set_lines(buf, last + 1, last + 2, true, {})

-- The quick fix, applied with Neovim's own workspace-edit code.
if diag then
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = {
      start = { line = diag.lnum, character = diag.col },
      ['end'] = { line = diag.end_lnum, character = diag.end_col },
    },
    context = { diagnostics = { diag.user_data.lsp }, only = { 'quickfix' } },
  }
  local actions = request('textDocument/codeAction', params) or {}
  local fix
  for _, action in ipairs(actions) do
    if action.title:find('chinese-foreign-ministry', 1, true) then
      fix = action
    end
  end
  check('quick fix offered', fix ~= nil, vim.tbl_map(function(a)
    return a.title
  end, actions))
  if fix then
    vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
    local fixed = vim.api.nvim_buf_get_lines(buf, 4, 5, true)[1]
    check(
      'quick fix rewrites only the id',
      fixed == line:gsub('chinese%-foreign%-ministri', 'chinese-foreign-ministry'),
      fixed
    )
    local cleared = vim.wait(10000, function()
      return unknown() == nil
    end, 20)
    check('diagnostic clears after the fix', cleared, vim.diagnostic.get(buf))
  end
end

-- A fix that adds to corpus.json, through Neovim's own code-action flow
-- (`vim.lsp.buf.code_action` applies the workspace edit, then runs the
-- command that reveals the new entry through window/showDocument).
local row = vim.api.nvim_buf_line_count(buf)
vim.api.nvim_buf_set_lines(buf, row, row, true, { 'Envoys of the [European]{eu} bloc met.' })
local function unknown_eu()
  for _, d in ipairs(vim.diagnostic.get(buf, { lnum = row })) do
    if d.code == 'unknown-entity' then
      return d
    end
  end
end
vim.wait(10000, function()
  return unknown_eu() ~= nil
end, 20)
local eu = unknown_eu()
check('unknown id without a close one: no "did you mean"', eu and eu.message == 'unknown entity `eu`', eu and eu.message)
if eu then
  vim.api.nvim_win_set_cursor(0, { row + 1, eu.col })
  local offered = {}
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      table.insert(offered, action.title)
      return action.title:find('Create entity `eu` in corpus.json', 1, true) == 1
    end,
  })
  local shown = vim.wait(10000, function()
    return vim.fs.basename(vim.api.nvim_buf_get_name(0)) == 'corpus.json'
  end, 20)
  check('"Create entity" applied, then the new entry shown', shown, offered)
  if shown then
    local cursor = vim.api.nvim_win_get_cursor(0)
    local lines = vim.api.nvim_buf_get_lines(0, cursor[1] - 1, cursor[1] + 1, true)
    check('the cursor is on the new entry', lines[1]:match('^%s*{$') and lines[2]:find('"id": "eu"', 1, true), lines)
    local catalogue = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, true), '\n')
    local ok, decoded = pcall(vim.json.decode, catalogue)
    local added
    for _, e in ipairs(ok and decoded.entities or {}) do
      if e.id == 'eu' then
        added = e
      end
    end
    check('corpus.json still JSON, with the entity', added and added.name == 'European' and added.kind, added)
  end
  local gone = vim.wait(10000, function()
    return unknown_eu() == nil
  end, 20)
  check('unknown-entity gone once corpus.json has the entity', gone, vim.diagnostic.get(buf, { lnum = row }))
  -- The edit is in Neovim's buffers (the server wrote nothing): save them, as the user would.
  vim.cmd('silent wall')
  local saved = table.concat(vim.fn.readfile(work .. '/corpus.json'), '\n')
  check('corpus.json saved with the entity', saved:find('"id": "eu"', 1, true) ~= nil)
end

-- corpus.json itself: the server attaches to it and leaves other JSON alone.
vim.cmd.edit(vim.fn.fnameescape(work .. '/corpus.json'))
local json = vim.api.nvim_get_current_buf()
check(
  'attached to corpus.json',
  vim.wait(10000, function()
    return #vim.lsp.get_clients({ bufnr = json, name = 'corpus_lsp' }) > 0
  end, 20)
)
-- Code lenses on corpus.json entries: "N mentions (M annotated) in K files".
vim.lsp.codelens.refresh({ bufnr = json })
local function lens_titles()
  local titles = {}
  for _, lens in ipairs(vim.lsp.codelens.get(json)) do
    if lens.command then
      titles[#titles + 1] = lens.command.title
    end
  end
  return titles
end
vim.wait(10000, function()
  return #lens_titles() > 0
end, 20)
local titles = lens_titles()
check(
  'code lens with usage counts on corpus.json',
  titles[1] ~= nil and titles[1]:match('^%d+ mentions? %(%d+ annotated%) in %d+ files?$') ~= nil,
  titles
)
vim.cmd.edit(vim.fn.fnameescape(work .. '/other.json'))
vim.wait(300)
check('not attached to other JSON', #vim.lsp.get_clients({ bufnr = vim.api.nvim_get_current_buf() }) == 0)

finish()
