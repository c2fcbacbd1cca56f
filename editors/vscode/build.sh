#!/usr/bin/env bash
# Builds editors/vscode/corpus-lsp.vsix offline from the lock file: npm ci,
# the JSON Schema and the release binary (stripped) bundled, tsc, vsce package.
# Usage: editors/vscode/build.sh [path/to/corpus-lsp [VSCE-TARGET]]
#   default: target/release/corpus-lsp, packaged for linux-x64 as corpus-lsp.vsix;
#   with a target (linux-arm64, darwin-x64, win32-x64, ...): corpus-lsp-TARGET.vsix
#   holding that binary (server/corpus-lsp.exe when the binary ends in .exe).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/target/release/corpus-lsp}
target=${2:-}
[ -x "$bin" ] || { echo "build.sh: no binary at $bin (run cargo build --release)" >&2; exit 2; }
cd "$here"
npm ci --no-audit --no-fund --loglevel=error
rm -rf server
mkdir -p schemas server
cp "$root/schemas/corpus.schema.json" schemas/
exe=corpus-lsp
[[ $bin == *.exe ]] && exe=corpus-lsp.exe
cp "$bin" "server/$exe"
strip "server/$exe" 2>/dev/null || true
chmod +x "server/$exe"
if [ -z "$target" ]; then
  npm run --silent package
  ls -l corpus-lsp.vsix
else
  # The package script's flags, with the target and the file name overridden.
  npm run --silent package -- --target "$target" --out "corpus-lsp-$target.vsix"
  ls -l "corpus-lsp-$target.vsix"
fi
