#!/usr/bin/env python3
"""Check `corpus-lsp agree`'s figures against scikit-learn, statsmodels and krippendorff.

    check_kappa.py AGREE.json A.jsonl B.jsonl [C.jsonl ...]

AGREE.json is `corpus-lsp agree A B [C ...] --format json`; A.jsonl, B.jsonl, ... are
`corpus-lsp export --format jsonl` of each version, in the same order.

Any number of versions: Fleiss' kappa (statsmodels' `fleiss_kappa` over
`aggregate_raters`) and Krippendorff's alpha (the `krippendorff` package,
nominal) over the same token labels, overall and per kind, and each pair's
span F1 (2 * exact / (|A| + |B|), from the exported spans).

Two versions, also Cohen's kappa: from the exports alone, this
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

import itertools
import math

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

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


def check_multi(agree, sides, problems):
    """Fleiss' kappa, Krippendorff's alpha and the pairwise span F1 of n versions."""
    n = len(sides)
    kinds = list(agree["tokens"]["by_kind"])
    keys = sorted(set.intersection(*(set(s) for s in sides)))
    labels = {k: [[] for _ in range(n)] for k in [None] + kinds}
    for key in keys:
        text = sides[0][key]["text"]
        if any(s[key]["text"] != text for s in sides):
            continue
        for tok in TOKEN.finditer(text):
            for k in labels:
                for v in range(n):
                    labels[k][v].append(label(sides[v][key]["spans"], tok.start(), tok.end(), k))

    def same(ours, theirs):
        if ours is None or (isinstance(theirs, float) and math.isnan(theirs)):
            return ours is None and (theirs is None or math.isnan(theirs))
        return abs(ours - theirs) <= 1e-4

    shown = []
    for k in [None] + kinds:
        figures = agree["tokens"]["overall"] if k is None else agree["tokens"]["by_kind"][k]
        names = sorted({l for rater in labels[k] for l in rater})
        codes = np.array([[names.index(l) for l in rater] for rater in labels[k]])
        if figures["items"] != codes.shape[1]:
            problems.append("tokens (%s): agree counts %d, the script %d" % (k or "all", figures["items"], codes.shape[1]))
            continue
        table, _ = aggregate_raters(codes.T)
        with np.errstate(divide="ignore", invalid="ignore"):
            fk = float(fleiss_kappa(table, method="fleiss"))
        if len(names) > 1:
            ka = float(krippendorff.alpha(reliability_data=codes, level_of_measurement="nominal"))
        else:
            ka = None  # one label only: alpha is undefined (the package refuses it)
        for what, ours, theirs, lib in [
            ("Fleiss' kappa", figures["fleiss_kappa"], fk, "statsmodels"),
            ("Krippendorff's alpha", figures["krippendorff_alpha"], ka, "krippendorff"),
        ]:
            if not same(ours, theirs):
                problems.append("%s (%s): agree says %s, %s %s" % (what, k or "all", ours, lib, theirs))
        if k is None:
            shown.append("Fleiss %.4f, alpha %.4f over %d versions" % (fk, ka if ka is not None else float("nan"), n))

    pairs = agree["pairs"]
    want = list(itertools.combinations(range(n), 2))
    if len(pairs) != len(want):
        problems.append("pairs: agree lists %d, the script expects %d" % (len(pairs), len(want)))
    for (i, j), pair in zip(want, pairs):
        exact = total = 0
        for key in keys:
            si = {(s["start"], s["end"], s["id"]) for s in sides[i][key]["spans"]}
            sj = {(s["start"], s["end"], s["id"]) for s in sides[j][key]["spans"]}
            exact += len(si & sj)
            total += len(si) + len(sj)
        f1 = 2 * exact / total if total else None
        if not same(pair["spans"]["overall"]["f1"], f1):
            problems.append("pair %d/%d: agree says F1 %s, the script %s" % (i, j, pair["spans"]["overall"]["f1"], f1))
    return shown


def main():
    agree = json.load(open(sys.argv[1], encoding="utf-8"))
    sides = [read(p) for p in sys.argv[2:]]
    problems = []
    shown = check_multi(agree, sides, problems)
    if len(sides) > 2:
        if problems:
            print("\n".join(problems))
            sys.exit(1)
        print("n-way figures match statsmodels and krippendorff: %s; %d pairs" % (", ".join(shown), len(agree["pairs"])))
        return
    a, b = sides
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
    shown = ["overall %.4f" % check("token kappa", overall["kappa"], *labels[None])] + shown
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
