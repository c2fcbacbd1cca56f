#!/usr/bin/env bash
# Time-boxed fuzzing of every target: `fuzz/run.sh [SECONDS]` (default 600 s
# each, the documented long mode). Needs cargo-fuzz (`cargo install cargo-fuzz`);
# on a stable toolchain RUSTC_BOOTSTRAP=1 lets it pass its -Z flags.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
export RUSTC_BOOTSTRAP=1
for target in markup catalogue lsp_framing kb_lines xmi label_studio scan; do
  echo "=== fuzz $target for ${seconds}s"
  cargo fuzz run --sanitizer none "$target" -- -max_total_time="$seconds" -max_len=4096
done
