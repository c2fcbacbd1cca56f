#!/usr/bin/env python3
"""Check corpus-lsp exports with nothing but Python's standard library.

    check_export.py --jsonl DIR/corpus.jsonl --brat DIR [--docs N]

For every span of the JSONL export and every text-bound annotation of the brat
export, the plain text sliced at its offsets (Python str indices: Unicode code
points) must equal the surface the export records; tag paragraphs must lie in
the text and hold no line break. Exits 1 with a list of problems, else prints
a summary and exits 0.
"""

import argparse
import json
import os
import sys


def check_jsonl(path, problems):
    docs = spans = 0
    with open(path, encoding="utf-8", newline="") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            doc = json.loads(line)
            docs += 1
            text = doc["text"]
            where = "%s:%d (%s)" % (path, n, doc["meta"]["file"])
            for span in doc["spans"]:
                spans += 1
                got = text[span["start"]:span["end"]]
                if got != span["text"]:
                    problems.append("%s: span %r at %d..%d reads %r" % (where, span["text"], span["start"], span["end"], got))
                if not span["id"] or not span["label"]:
                    problems.append("%s: span without id or label: %r" % (where, span))
            for tag in doc["meta"]["tags"]:
                para = text[tag["start"]:tag["end"]]
                if not 0 <= tag["start"] <= tag["end"] <= len(text) or "\n" in para or "\r" in para:
                    problems.append("%s: tag %s's paragraph %d..%d is not one line" % (where, tag["id"], tag["start"], tag["end"]))
    return docs, spans


def check_brat(folder, problems):
    docs = spans = 0
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            if not name.endswith(".ann"):
                continue
            docs += 1
            ann_path = os.path.join(root, name)
            with open(ann_path[:-4] + ".txt", encoding="utf-8", newline="") as f:
                text = f.read()
            notes = {}
            bounds = []
            with open(ann_path, encoding="utf-8", newline="") as f:
                for n, line in enumerate(f.read().split("\n"), 1):
                    if line.startswith("T"):
                        ident, middle, surface = line.split("\t", 2)
                        kind, start, end = middle.split(" ")
                        bounds.append((n, ident, kind, int(start), int(end), surface))
                    elif line.startswith("#"):
                        ident, middle, value = line.split("\t", 2)
                        note_type, target = middle.split(" ")
                        if note_type == "AnnotatorNotes":
                            notes[target] = value
            for n, ident, kind, start, end, surface in bounds:
                spans += 1
                got = text[start:end]
                if got != surface:
                    problems.append("%s:%d: %s %r at %d..%d reads %r" % (ann_path, n, ident, surface, start, end, got))
                if not notes.get(ident):
                    problems.append("%s:%d: %s has no id in its AnnotatorNotes" % (ann_path, n, ident))
    return docs, spans


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jsonl", required=True)
    parser.add_argument("--brat", required=True)
    parser.add_argument("--docs", type=int, help="how many documents each export must hold")
    args = parser.parse_args()
    problems = []
    jsonl_docs, jsonl_spans = check_jsonl(args.jsonl, problems)
    brat_docs, brat_spans = check_brat(args.brat, problems)
    if args.docs is not None and (jsonl_docs, brat_docs) != (args.docs, args.docs):
        problems.append("expected %d documents, got %d (jsonl) and %d (brat)" % (args.docs, jsonl_docs, brat_docs))
    if jsonl_spans == 0:
        problems.append("no span at all in %s" % args.jsonl)
    for p in problems:
        print(p)
    print("checked %d jsonl documents (%d spans) and %d brat documents (%d annotations): %d problems"
          % (jsonl_docs, jsonl_spans, brat_docs, brat_spans, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
