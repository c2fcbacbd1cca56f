#!/usr/bin/env python3
"""Check `corpus-lsp export --format xmi` with DKPro's own Python reader.

    check_xmi.py --xmi DIR --jsonl FILE [--docs N]

Loads DIR/TypeSystem.xml and every DIR/**/*.xmi with dkpro-cassis (which reads
UIMA's UTF-16 offsets and converts them to Python's code points), and compares
each document with the JSONL export of the same corpus (code point offsets,
written by a different writer): the sofa is the plain text; each NamedEntity
lies at the span's offsets, covers its text, has its kind as `value` and the
entity's Wikidata IRI (or urn:corpus-lsp:entity:ID) as `identifier`; each
webanno.custom.Topic covers its tag's paragraph. Exits 1 with a list of
problems, else prints a summary and exits 0.
"""

import argparse
import json
import os
import sys

from cassis import load_cas_from_xmi, load_typesystem

NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
TOPIC = "webanno.custom.Topic"
SOURCE = "org.corpuslsp.type.Source"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--xmi", required=True)
    parser.add_argument("--jsonl", required=True)
    parser.add_argument("--docs", type=int)
    args = parser.parse_args()

    expected = {}
    with open(args.jsonl, encoding="utf-8", newline="") as f:
        for line in f:
            if line.strip():
                doc = json.loads(line)
                expected[doc["meta"]["file"]] = doc

    with open(os.path.join(args.xmi, "TypeSystem.xml"), "rb") as f:
        typesystem = load_typesystem(f)

    problems = []
    docs = mentions = tags = non_bmp = 0
    for root, _, files in os.walk(args.xmi):
        for name in sorted(files):
            if not name.endswith(".xmi"):
                continue
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                cas = load_cas_from_xmi(f, typesystem=typesystem)
            docs += 1
            sources = list(cas.select(SOURCE))
            if len(sources) != 1:
                problems.append("%s: %d Source annotations" % (path, len(sources)))
                continue
            file = sources[0].get("file")
            doc = expected.get(file)
            if doc is None:
                problems.append("%s: %s is not in the JSONL export" % (path, file))
                continue
            text = doc["text"]
            if cas.sofa_string != text:
                problems.append("%s: the sofa is not the plain text" % path)
                continue
            non_bmp += sum(1 for c in text if ord(c) > 0xFFFF)
            got = sorted(
                (a.begin, a.end, a.get_covered_text(), a.get("value"), a.get("identifier"))
                for a in cas.select(NAMED_ENTITY)
            )
            want = sorted(
                (
                    s["start"],
                    s["end"],
                    s["text"],
                    s["label"].lower(),
                    ("http://www.wikidata.org/entity/" + s["kb_id"]) if s.get("kb_id") else "urn:corpus-lsp:entity:" + s["id"],
                )
                for s in doc["spans"]
            )
            mentions += len(got)
            if got != want:
                missing = [w for w in want if w not in got][:3]
                extra = [g for g in got if g not in want][:3]
                problems.append("%s: mentions differ; expected %r, found %r" % (path, missing, extra))
            for (begin, end, covered, _, _) in got:
                if text[begin:end] != covered:
                    problems.append("%s: %d..%d covers %r" % (path, begin, end, covered))
            got_tags = sorted((a.begin, a.end, a.get("value")) for a in cas.select(TOPIC))
            want_tags = sorted((t["start"], t["end"], t["id"]) for t in doc["meta"]["tags"])
            tags += len(got_tags)
            if got_tags != want_tags:
                problems.append("%s: topics differ: %r vs %r" % (path, got_tags[:3], want_tags[:3]))

    if args.docs is not None and docs != args.docs:
        problems.append("expected %d documents, found %d" % (args.docs, docs))
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(
        "checked %d xmi documents: %d mentions, %d topics, %d characters outside the BMP"
        % (docs, mentions, tags, non_bmp)
    )


if __name__ == "__main__":
    main()
