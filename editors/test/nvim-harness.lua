-- What every Neovim test shares: `dofile` it from a test run as
-- `nvim --clean --headless -l editors/test/TEST.lua BIN WORKDIR`, with the suite's name.
-- It loads editors/nvim the way a user would (the plugin folder on 'runtimepath', ftdetect
-- sourced as a user's init.lua would see it, `vim.lsp.enable` with the binary named), and
-- returns `bin`, `work`, `repo`, `check(name, ok, detail)`, `finish()`, which prints
-- `SUITE: N passed, M failed`, stops the clients and exits (1 on a failure or no check), and
-- `open(path, label)`, which edits a file and waits for the server to attach to it.
return function(suite)
  local h = { bin = arg[1], work = arg[2] }
  h.repo = vim.fs.dirname(vim.fs.dirname(vim.fs.dirname(vim.fs.normalize(debug.getinfo(1, 'S').source:sub(2)))))
  local passed, failed = 0, 0

  function h.check(name, ok, detail)
    if ok then
      passed = passed + 1
      io.stdout:write('ok   ', name, '\n')
    else
      failed = failed + 1
      io.stdout:write('FAIL ', name, detail and (': ' .. vim.inspect(detail)) or '', '\n')
    end
    io.stdout:flush()
  end

  function h.finish()
    io.stdout:write(string.format('%s: %d passed, %d failed\n', suite, passed, failed))
    for _, client in ipairs(vim.lsp.get_clients()) do
      client:stop()
    end
    vim.wait(2000, function()
      return #vim.lsp.get_clients() == 0
    end)
    os.exit(failed == 0 and passed > 0 and 0 or 1)
  end

  -- Edits PATH and waits (10 s at most) for the corpus_lsp client on its buffer: a check
  -- named LABEL ('client attached' by default); without a client the run finishes there.
  -- Returns the buffer and the client.
  function h.open(path, label)
    vim.cmd.edit(vim.fn.fnameescape(path))
    local buf = vim.api.nvim_get_current_buf()
    local attached = vim.wait(10000, function()
      return #vim.lsp.get_clients({ bufnr = buf, name = 'corpus_lsp' }) > 0
    end, 20)
    h.check(label or 'client attached', attached)
    if not attached then
      h.finish()
    end
    return buf, vim.lsp.get_clients({ bufnr = buf, name = 'corpus_lsp' })[1]
  end

  -- The user's set-up: the plugin folder on the runtimepath, the binary named.
  vim.opt.runtimepath:prepend(h.repo .. '/editors/nvim')
  -- Startup already ran `filetype on`; a user's init.lua runs before it, so source ftdetect as it would.
  vim.cmd('runtime! ftdetect/corpus.lua')
  vim.cmd('filetype plugin on')
  vim.lsp.config('corpus_lsp', { cmd = { h.bin, 'serve' } })
  vim.lsp.enable('corpus_lsp')
  return h
end
