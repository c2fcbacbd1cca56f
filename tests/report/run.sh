#!/usr/bin/env bash
# The report in a real browser: `corpus-lsp report` on the seeds and on a corpus
# with `<script>` and `&` in its text, every page loaded in Debian's headless
# Chromium (installed with apt-get when missing, as root) through
# playwright-core (from tests/report/package-lock.json) by check.mjs.
# Screenshots go to target/report-test/; UPDATE_SCREENSHOTS=1 writes them to
# docs/src/images/ (the ones the manual shows).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
bin=${CORPUS_LSP:-$root/target/release/corpus-lsp}
[ -x "$bin" ] || cargo build --release --locked
if ! command -v chromium >/dev/null; then
  echo "installing chromium from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
(cd tests/report && npm ci --loglevel=error)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shots=$root/target/report-test
[ "${UPDATE_SCREENSHOTS:-}" = 1 ] && shots=$root/docs/src/images
mkdir -p "$shots"

"$bin" report seeds --out "$work/seeds"
"$bin" export --format jsonl seeds --out "$work/seeds-jsonl" >/dev/null
node tests/report/check.mjs "$work/seeds" "$work/seeds-jsonl/corpus.jsonl" --screenshots "$shots"

# Markup-looking text must render as text: a script, an ampersand, an unknown id.
mkdir -p "$work/tricky"
cp seeds/corpus.json "$work/tricky/"
printf '%s\n' \
  'Tom & Jerry <script>alert("x")</script> met [Blinken]{antony-blinken} & [Wang Yi]{wang-yi}. #taiwan' \
  '' \
  'An <img src=x onerror=alert(1)> tag, [a <b>bold</b> name]{no-such-entity} and &amp; stay text. #no-such-tag' \
  > "$work/tricky/tricky.txt"
"$bin" report "$work/tricky" --out "$work/tricky-site"
"$bin" export --format jsonl "$work/tricky" --out "$work/tricky-jsonl" >/dev/null
node tests/report/check.mjs "$work/tricky-site" "$work/tricky-jsonl/corpus.jsonl" \
  --expect-text 'Tom & Jerry <script>alert("x")</script> met' \
  --expect-text '<img src=x onerror=alert(1)>' \
  --expect-text 'a <b>bold</b> name' \
  --expect-text '&amp; stay text'
