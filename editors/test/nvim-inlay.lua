-- The inlay hint setting in Neovim: `nvim --headless -l editors/test/nvim-inlay.lua BIN WORKDIR`.
-- Loads editors/nvim as a user would, opens a seed copy, and checks through
-- Neovim's own inlay hints that the config's `inlayHints` reaches the server:
-- the default `first-in-paragraph` (no line names an entity twice), then
-- `all` and `off` sent as `workspace/didChangeConfiguration` from
-- `client.settings`, as a user's `vim.lsp.config` settings are. Prints
-- `nvim-inlay: N passed, M failed`.
local harness = dofile(vim.fs.dirname(vim.fs.normalize(debug.getinfo(1, 'S').source:sub(2))) .. '/nvim-harness.lua')
local t = harness('nvim-inlay')
local work, check, finish = t.work, t.check, t.finish

local buf, client = t.open(work .. '/002_68f08306579e3733.txt')
check(
  'the config sends inlayHints = first-in-paragraph',
  client.config.init_options.inlayHints == 'first-in-paragraph' and client.settings.corpusLsp.inlayHints == 'first-in-paragraph',
  { init_options = client.config.init_options, settings = client.settings }
)

vim.lsp.inlay_hint.enable(true, { bufnr = buf })
local lines = vim.api.nvim_buf_line_count(buf)
--- The hints Neovim shows: their number, and how many repeat a label already on their line.
local function shown()
  local hints = vim.lsp.inlay_hint.get({ bufnr = buf, range = { start = { line = 0, character = 0 }, ['end'] = { line = lines, character = 0 } } })
  local seen, repeats = {}, 0
  for _, h in ipairs(hints) do
    local label = h.inlay_hint.label
    label = type(label) == 'table' and label[1].value or label
    local key = h.inlay_hint.position.line .. label
    if seen[key] then
      repeats = repeats + 1
    end
    seen[key] = true
  end
  return { count = #hints, repeats = repeats }
end

vim.wait(10000, function()
  return shown().count > 0
end, 20)
local first = shown()
check('first-in-paragraph: hints, none repeated on a line', first.count > 0 and first.repeats == 0, first)

--- Sends `value` as the user's `corpusLsp.inlayHints` and waits for the hints to change.
local function set(value)
  local before = shown().count
  client.settings.corpusLsp.inlayHints = value
  client:notify('workspace/didChangeConfiguration', { settings = client.settings })
  vim.wait(10000, function()
    return shown().count ~= before
  end, 20)
  return shown()
end

local all = set('all')
check('all: more hints, some repeated on a line', all.count > first.count and all.repeats > 0, { all = all, first = first })
local off = set('off')
check('off: no hints', off.count == 0, off)
local again = set('first-in-paragraph')
check('first-in-paragraph again', again.count == first.count and again.repeats == 0, again)
finish()
