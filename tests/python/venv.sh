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
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/python/requirements.txt >&2
  cp tests/python/requirements.txt "$stamp"
fi
echo "$venv/bin/python"
