#!/usr/bin/env python3
"""Check `corpus-lsp export --format label-studio` with Label Studio's own converter.

    check_label_studio.py --export DIR --jsonl FILE

Loads DIR/label_config.xml and DIR/tasks.json with `label-studio-converter`
(Label Studio's export library, PyPI), which parses the labeling interface and
reads each task's newest annotation as Label Studio does, and compares every
region with the JSONL export of the same corpus (written by a different
writer): the same mentions and tags at the same code point offsets, each
region's text the text at its offsets. Then converts the tasks to CoNLL 2003
with the converter, as a user would. Exits 1 with a list of problems, else
prints a summary and exits 0.
"""

import argparse
import json
import os
import sys
import tempfile

from label_studio_converter import Converter


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--export", required=True)
    parser.add_argument("--jsonl", required=True)
    args = parser.parse_args()

    expected = {}
    with open(args.jsonl, encoding="utf-8", newline="") as f:
        for line in f:
            if line.strip():
                doc = json.loads(line)
                expected[doc["text"]] = doc

    with open(os.path.join(args.export, "label_config.xml"), encoding="utf-8") as f:
        converter = Converter(config=f.read(), project_dir=None, download_resources=False)
    tasks_path = os.path.join(args.export, "tasks.json")
    problems = []
    tasks = regions = 0
    for item in converter.iter_from_json_file(tasks_path):
        tasks += 1
        text = item["input"]["text"]
        doc = expected.get(text)
        if doc is None:
            problems.append("task %s: its text is no document of the JSONL export" % item.get("id"))
            continue
        got_mentions, got_tags = [], []
        for control, found in item["output"].items():
            for r in found:
                regions += 1
                if text[r["start"]:r["end"]] != r["text"]:
                    problems.append("task %s: %r at %d..%d reads %r" % (item.get("id"), r["text"], r["start"], r["end"], text[r["start"]:r["end"]]))
                entry = (r["start"], r["end"], r["labels"][0])
                (got_tags if control == "topic" else got_mentions).append(entry)
        want_mentions = [(s["start"], s["end"], s["label"]) for s in doc["spans"]]
        want_tags = [(t["start"], t["end"], "Topic") for t in doc["meta"]["tags"]]
        if sorted(got_mentions) != sorted(want_mentions):
            problems.append("%s: mentions differ" % doc["meta"]["file"])
        if sorted(got_tags) != sorted(want_tags):
            problems.append("%s: tags differ" % doc["meta"]["file"])
    if tasks != len(expected):
        problems.append("%d tasks for %d documents" % (tasks, len(expected)))
    with tempfile.TemporaryDirectory() as out:
        converter.convert_to_conll2003(tasks_path, out, is_dir=False)
        with open(os.path.join(out, "result.conll"), encoding="utf-8") as f:
            conll = f.read()
        if "B-PERSON" not in conll:
            problems.append("the converter's CoNLL output has no person")
    if problems:
        print("\n".join(problems[:20]))
        sys.exit(1)
    print("checked %d label-studio tasks: %d regions" % (tasks, regions))


if __name__ == "__main__":
    main()
