#!/usr/bin/env bash
# The project's Python test environment: a venv under target/venv with
# tests/python/requirements.txt installed from PyPI, made on first use (and
# again when the requirements change). Prints the venv's python.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=$PWD/target/venv
stamp=$venv/.requirements
mkdir -p target
exec 9>target/venv.lock
flock 9
if [ ! -x "$venv/bin/python" ] || ! cmp -s tests/python/requirements.txt "$stamp"; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  # Install from a snapshot, so the stamp records what was installed even if
  # the requirements change meanwhile.
  cp tests/python/requirements.txt "$venv/.requirements.installing"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$venv/.requirements.installing" >&2
  mv "$venv/.requirements.installing" "$stamp"
fi
echo "$venv/bin/python"
