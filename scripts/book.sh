#!/usr/bin/env bash
# The manual: installs mdbook (pinned, from crates.io, into ~/.cargo/bin) when
# missing or another version, and builds docs/ into target/book. The links
# and anchors are checked by `cargo test --test docs` (mdbook does not check
# them); this proves the book builds.
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.5.4
if [ "$(mdbook --version 2>/dev/null)" != "mdbook v$version" ]; then
  cargo install mdbook --locked --version "$version"
fi
mdbook --version
mdbook build docs
test -f target/book/index.html
test -f target/book/diagnostics/unknown-entity.html
echo "book: target/book/index.html"
