#!/usr/bin/env python3
"""Check `corpus-lsp agree`'s kappas against scikit-learn's cohen_kappa_score.

    check_kappa.py AGREE.json A.jsonl B.jsonl

AGREE.json is `corpus-lsp agree A B --format json`; A.jsonl and B.jsonl are
`corpus-lsp export --format jsonl` of each side. From the exports alone, this
script tokenises each plain text as agree documents it (runs of Unicode letters
and digits), labels every token with the id of the span overlapping it (or
none), and computes Cohen's kappa with scikit-learn: overall and per kind (ids
of other kinds count as none). Tags: per paragraph (a line with text on it),
one yes/no label per tag, kappa per tag. Every figure must match agree's
(rounded to 4 decimals). Exits 1 listing the differences.
"""

import json
import re
import sys

from sklearn.metrics import cohen_kappa_score

TOKEN = re.compile(r"[^\W_]+")
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def read(path):
    with open(path, encoding="utf-8") as f:
        return {d["meta"]["file"]: d for d in map(json.loads, filter(str.strip, f))}


def label(spans, start, end, kind=None):
    for s in spans:
        if s["start"] < end and start < s["end"]:
            if kind is None or s["label"].lower() == kind:
                return s["id"]
            return ""
    return ""


def paragraphs(text):
    out, at = [], 0
    for m in list(LINE_BREAK.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        if text[at:end].strip():
            out.append(at)
        if m:
            at = m.end()
    return out


def main():
    agree = json.load(open(sys.argv[1], encoding="utf-8"))
    a, b = read(sys.argv[2]), read(sys.argv[3])
    problems = []
    kinds = list(agree["tokens"]["by_kind"])
    labels = {k: ([], []) for k in [None] + kinds}
    tag_ids = sorted(agree["tags"]["by_tag"])
    tag_labels = {t: ([], []) for t in tag_ids}
    for key in sorted(a):
        da, db = a[key], b[key]
        assert da["text"] == db["text"], key
        text = da["text"]
        for tok in TOKEN.finditer(text):
            for k in labels:
                labels[k][0].append(label(da["spans"], tok.start(), tok.end(), k))
                labels[k][1].append(label(db["spans"], tok.start(), tok.end(), k))
        paras = paragraphs(text)
        for t in da["meta"]["tags"] + db["meta"]["tags"]:
            if t["start"] not in paras:
                paras.append(t["start"])
        for p in paras:
            ta = {t["id"] for t in da["meta"]["tags"] if t["start"] == p}
            tb = {t["id"] for t in db["meta"]["tags"] if t["start"] == p}
            for t in tag_ids:
                tag_labels[t][0].append(t in ta)
                tag_labels[t][1].append(t in tb)

    def check(what, ours, la, lb):
        theirs = cohen_kappa_score(la, lb)
        if ours is None or abs(ours - theirs) > 1e-4:
            problems.append("%s: agree says %s, scikit-learn %.6f" % (what, ours, theirs))
        return theirs

    overall = agree["tokens"]["overall"]
    if overall["items"] != len(labels[None][0]):
        problems.append("tokens: agree counts %d, the script %d" % (overall["items"], len(labels[None][0])))
    shown = ["overall %.4f" % check("token kappa", overall["kappa"], *labels[None])]
    for k in kinds:
        ours = agree["tokens"]["by_kind"][k]["kappa"]
        if ours is not None:
            shown.append("%s %.4f" % (k, check("token kappa (%s)" % k, ours, *labels[k])))
    for t in tag_ids:
        ours = agree["tags"]["by_tag"][t]["kappa"]
        if ours is not None:
            check("tag kappa (%s)" % t, ours, *tag_labels[t])
    counted = len(tag_labels[tag_ids[0]][0]) if tag_ids else 0
    if tag_ids and agree["tags"]["paragraphs"] != counted:
        problems.append("paragraphs: agree counts %d, the script %d" % (agree["tags"]["paragraphs"], counted))
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print("kappa matches scikit-learn: %s; %d tags" % (", ".join(shown), len(tag_ids)))


if __name__ == "__main__":
    main()
