#!/usr/bin/env bash
# The VS Code proof. Installs on first use what it needs (Debian's chromium,
# ripgrep and the headers code-server's native modules build against;
# code-server from npm into target/editors; playwright-core from the lock
# file), builds the .vsix, installs it into a fresh code-server profile, and
# runs code-server.mjs on a seed copy with one id broken after a curly quote,
# one in a file the test never opens, and an unknown `eu` for the quick fix.
# Leaves the screenshot in target/editors/artifacts/code-server.png (the one in
# editors/test/artifacts/ is from such a run, kept for the manual; runs leave it alone).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
version=4.99.4 # the last code-server on Node 20, the machine's Node (VS Code 1.99)
tools=$root/target/editors
cs=$tools/code-server-$version

export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
# node-gyp builds against the installed Node's headers instead of downloading them.
[ -f /usr/include/node/node.h ] && export npm_config_nodedir=/usr

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
for pkg in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing from Debian: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

# code-server's own postinstall fetches ripgrep from GitHub, which this machine
# can't reach: do its steps here with Debian's ripgrep in place.
if [ ! -f "$cs/.installed" ]; then
  echo "installing code-server $version from npm"
  rm -rf "$cs" && mkdir -p "$cs"
  (
    cd "$cs"
    echo '{"private": true}' > package.json
    npm install --loglevel=error --ignore-scripts "code-server@$version"
    npm rebuild --loglevel=error argon2 >/dev/null
    cd node_modules/code-server/lib/vscode
    npm install --loglevel=error --omit=dev --ignore-scripts
    mkdir -p node_modules/@vscode/ripgrep/bin
    ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
    npm rebuild --loglevel=error >/dev/null
    ln -sfn node_modules node_modules.asar
    (cd bin/remote-cli && ln -sf code-linux.sh code-server)
    (cd bin/helpers && ln -sf browser-linux.sh browser.sh)
    cd extensions
    npm install --loglevel=error --omit=dev --ignore-scripts
    node postinstall.mjs >/dev/null
  )
  touch "$cs/.installed"
fi
entry=$cs/node_modules/code-server/out/node/entry.js

(cd editors/test && npm ci --loglevel=error)
editors/vscode/build.sh "${CORPUS_LSP:-$root/target/release/corpus-lsp}" | tail -1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/data"
cp seeds/*.txt seeds/corpus.json "$work/corpus/"
sed -i '5s/{chinese-foreign-ministry}/{chinese-foreign-ministri}/' "$work/corpus/002_68f08306579e3733.txt"
grep -q 'ministri' "$work/corpus/002_68f08306579e3733.txt"
# A broken id in a file the test never opens: listed through workspace diagnostics.
sed -i '1s/{beijing}/{beijing-unopened}/' "$work/corpus/004_54f82c1085130031.txt"
grep -q 'beijing-unopened' "$work/corpus/004_54f82c1085130031.txt"
# An unknown id with a "Create entity `eu` in corpus.json" fix, at the end of the article.
printf '\n\nThe [European]{eu} reaction.\n' >> "$work/corpus/002_68f08306579e3733.txt"
# A second catalogue with a kind the schema (and the server) refuse.
mkdir -p "$work/corpus/schema-check"
echo '{"entities": [{"id": "pluto", "name": "Pluto", "kind": "planet"}], "tags": []}' > "$work/corpus/schema-check/corpus.json"

node "$entry" --user-data-dir "$work/data/user" --extensions-dir "$work/data/ext" \
  --install-extension editors/vscode/corpus-lsp.vsix | tail -1
node editors/test/code-server.mjs "$entry" "$work/data" "$work/corpus" "$root/target/editors/artifacts/code-server.png"
# Conflict blocks: a take from the Quick Fix menu (code-server-conflict.mjs).
mkdir -p "$work/conflict" && cp seeds/corpus.json "$work/conflict/" && printf '%s\n' 'Intro.' '<<<<<<< HEAD' 'Secretary [Blinken]{antony-blinken} met Wang Yi in Beijing.' '=======' 'Secretary [Blinken]{antony-blinken} met [Wang Yi]{wang-yi} in Beijing. #high-level-dialogue' '>>>>>>> bob' 'The end.' > "$work/conflict/conflicted.txt"
node editors/test/code-server-conflict.mjs "$entry" "$work/data/ext" "$work/data/user-conflict" "$work/conflict"
