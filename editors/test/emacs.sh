#!/usr/bin/env bash
# The Emacs proof. Installs Debian's emacs-nox and elpa-eglot (eglot is built
# into Emacs 29+; bookworm has Emacs 28.2, so the elpa package) with apt-get
# when missing, copies the seeds to a temporary corpus with one id broken after
# a curly quote, and runs emacs.el in `emacs --batch` with a clean HOME.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
bin=${CORPUS_LSP:-$root/target/release/corpus-lsp}
[ -x "$bin" ] || { echo "emacs.sh: no binary at $bin (cargo build --release)" >&2; exit 2; }

has_eglot() {
  command -v emacs >/dev/null &&
    emacs --batch --eval '(progn (unless (locate-library "eglot") (package-initialize)) (kill-emacs (if (locate-library "eglot") 0 1)))' 2>/dev/null
}
if ! has_eglot; then
  [ "$(id -u)" -eq 0 ] || { echo "emacs.sh: needs emacs-nox and elpa-eglot (apt-get as root)" >&2; exit 2; }
  export DEBIAN_FRONTEND=noninteractive
  apt=(apt-get -o DPkg::Lock::Timeout=600 -y -qq --no-install-recommends)
  # No package lists yet (a fresh image): fetch them first.
  apt-cache show emacs-nox >/dev/null 2>&1 || apt-get -o DPkg::Lock::Timeout=600 -qq update
  packages=(emacs-nox)
  # Emacs 29+ has eglot built in, and Debian then ships no elpa-eglot.
  if apt-cache show elpa-eglot >/dev/null 2>&1; then packages+=(elpa-eglot); fi
  # Stale lists fail the download: update once and retry.
  "${apt[@]}" install "${packages[@]}" >/dev/null ||
    { apt-get -o DPkg::Lock::Timeout=600 -qq update && "${apt[@]}" install "${packages[@]}" >/dev/null; }
  has_eglot || { echo "emacs.sh: eglot still not found after installing ${packages[*]}" >&2; exit 2; }
fi
emacs --version | head -1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus" "$work/home"
mkdir "$work/corpus/sub"
cp seeds/*.txt seeds/corpus.json "$work/corpus/"
mv "$work/corpus/000_773f1bc16809e9b9.txt" "$work/corpus/sub/"
echo '{"name": "not a catalogue"}' > "$work/corpus/other.json"
sed -i '5s/{chinese-foreign-ministry}/{chinese-foreign-ministri}/' "$work/corpus/002_68f08306579e3733.txt"
grep -q 'ministri' "$work/corpus/002_68f08306579e3733.txt"

# A clean user (batch Emacs reads no init file; Debian's site-start still
# makes its elpa packages available), stdin closed (a
# prompt would fail rather than hang).
HOME=$work/home CORPUS_LSP=$bin CORPUS_WORK=$work/corpus \
  emacs --batch -l editors/test/emacs.el </dev/null
# The inlayHints setting from corpus-lsp.el reaching the server.
HOME=$work/home CORPUS_LSP=$bin CORPUS_WORK=$work/corpus \
  emacs --batch -l editors/test/emacs-inlay.el </dev/null
