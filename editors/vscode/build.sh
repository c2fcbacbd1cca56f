#!/usr/bin/env bash
# Builds editors/vscode/corpus-lsp.vsix offline from the lock file: npm ci,
# the JSON Schema and the release binary (stripped) bundled, tsc, vsce package.
# Usage: editors/vscode/build.sh [path/to/corpus-lsp]   (default: target/release)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/target/release/corpus-lsp}
[ -x "$bin" ] || { echo "build.sh: no binary at $bin (run cargo build --release)" >&2; exit 2; }
cd "$here"
npm ci --no-audit --no-fund --loglevel=error
mkdir -p schemas server
cp "$root/schemas/corpus.schema.json" schemas/
cp "$bin" server/corpus-lsp
strip server/corpus-lsp 2>/dev/null || true
chmod +x server/corpus-lsp
npm run --silent package
ls -l corpus-lsp.vsix
