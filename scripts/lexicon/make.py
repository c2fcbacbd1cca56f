#!/usr/bin/env python3
"""Writes src/analysis/names/lexicon.txt from SCOWL's word lists as Debian ships them
(packages wbritish and wamerican: /usr/share/dict/british-english, american-english).

Every lower-case ASCII word of either list (at most 24 letters), one a line; a word that
the lists also hold capitalised (`china`/`China`, `brown`/`Brown`) ends with `*`.
Licence: SCOWL's (src/analysis/names/LEXICON-LICENSE).

Usage: scripts/lexicon/make.py [DICT_DIR] > src/analysis/names/lexicon.txt
"""
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/dict"
words = set()
for name in ("british-english", "american-english"):
    with open(f"{root}/{name}", encoding="utf-8", errors="replace") as f:
        words.update(w.strip() for w in f if w.strip())
lower = {w for w in words if w.isascii() and w.isalpha() and w == w.lower() and len(w) <= 24}
capitalised = {w.lower() for w in words if w[:1].isupper() and "'" not in w}
for w in sorted(lower):
    print(w + ("*" if w in capitalised else ""))
