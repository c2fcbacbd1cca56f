-- A `*.txt` file with a corpus.json in its folder or above is a corpus article.
vim.filetype.add({
  extension = {
    txt = function(path)
      if vim.fs.root(path, 'corpus.json') then
        return 'corpus'
      end
      return 'text'
    end,
  },
})
