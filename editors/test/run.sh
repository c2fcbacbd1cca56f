#!/usr/bin/env bash
# Every real-editor test: Neovim (headless), then VS Code (code-server in
# headless Chromium, with the .vsix built and installed). Each installs what it
# needs on first use. Prints `editors: N passed, M failed` over both.
set -uo pipefail
cd "$(dirname "$0")"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
echo "--- emacs.sh"; ./emacs.sh 2>&1 | tee -a "$log" || status=1
for suite in nvim.sh code-server.sh; do
  echo "--- $suite"
  ./"$suite" 2>&1 | tee -a "$log" || status=1
done
passed=$(grep -c '^ok ' "$log")
failed=$(grep -c '^FAIL ' "$log")
echo "editors: $passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
