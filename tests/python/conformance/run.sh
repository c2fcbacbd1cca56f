#!/usr/bin/env bash
# The third-party conformance suite: pytest-lsp drives the release binary over
# stdio as a VS Code-like, a Neovim-like, an Emacs-like and a plain-text-only
# client, checking every response against the lsprotocol types and against
# the capabilities that client advertised. Installs its pinned packages into
# a project-local virtualenv (target/conformance-venv) on first use.
# CORPUS_LSP=path/to/corpus-lsp picks another binary (e.g. the debug one).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
venv="$root/target/conformance-venv"
stamp="$venv/.requirements"
if ! cmp -s "$here/requirements.txt" "$stamp" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$stamp"
fi
export CORPUS_LSP="${CORPUS_LSP:-$root/target/release/corpus-lsp}"
if [ ! -x "$CORPUS_LSP" ]; then
  (cd "$root" && cargo build --release --locked)
fi
cd "$here"
export PYTHONDONTWRITEBYTECODE=1
exec "$venv/bin/python" -m pytest -p no:cacheprovider -q "$@"
