-- Corpus articles are prose: behave like 'text' (one paragraph per line, soft-wrapped).
vim.cmd('runtime! ftplugin/text.vim ftplugin/text.lua')
vim.opt_local.wrap = true
vim.opt_local.linebreak = true
vim.opt_local.commentstring = ''
