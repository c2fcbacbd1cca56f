-- corpus-lsp for Neovim 0.11+: put this folder on 'runtimepath' (or copy this
-- file to ~/.config/nvim/lsp/) and call `vim.lsp.enable('corpus_lsp')`.
-- Override any field with `vim.lsp.config('corpus_lsp', { ... })`, e.g. the
-- binary: `cmd = { '/path/to/corpus-lsp', 'serve' }`.

---@type vim.lsp.Config
return {
  cmd = { 'corpus-lsp', 'serve' },
  -- `corpus` is set by ftdetect/corpus.lua for text files under a corpus.json;
  -- `json` lets the server check corpus.json itself (other JSON files are left alone).
  filetypes = { 'corpus', 'json' },
  -- The folder of the nearest corpus.json (the catalogue that governs the file).
  root_dir = function(bufnr, on_dir)
    local name = vim.api.nvim_buf_get_name(bufnr)
    if vim.bo[bufnr].filetype == 'json' and vim.fs.basename(name) ~= 'corpus.json' then
      return
    end
    local root = vim.fs.root(bufnr, 'corpus.json')
    if root then
      on_dir(root)
    end
  end,
  -- Sent as initializationOptions; the same keys as `settings.corpusLsp`, e.g.
  -- { severity = { ['unannotated-mention'] = 'off' }, inlayHints = 'all' }.
  -- inlayHints: 'first-in-paragraph' (the first mention of each entity in a
  -- paragraph gets the entity's name), 'all' or 'off'; shown once
  -- `vim.lsp.inlay_hint.enable()` is on.
  init_options = { inlayHints = 'first-in-paragraph' },
  settings = { corpusLsp = { inlayHints = 'first-in-paragraph' } },
}
