#!/usr/bin/env python3
"""`init --from-candidates` on BBC politics news, judged by hand.

    scripts/eval/bbc_init.py BBC_DIR BINARY [--judgement FILE] [--first N | --range A-B] [--list FILE [--context]]

BBC_DIR is the BBC News dataset's folder (Greene & Cunningham 2006, see
scripts/eval/README.md) holding politics/001.txt …; the first N articles (default 49:
politics/001.txt to 049.txt), or with --range A-B the articles numbered A to B
(`--range 200-249`: politics/200.txt to 249.txt), are copied to a temporary folder and the REAL binary runs
`init --from-candidates` there. The entities it made are listed (name, kind, aliases) in
--list (default: standard output), one a line, tab-separated, for judging.

With --judgement, a file of `NAME<TAB>VERDICT` lines (VERDICT: the right kind — person,
place, organization, event, document, other — or `not-a-name`, or `role` for a name with a
role glued on), the figures are printed:
- kind right: among the entities that are real names (not `not-a-name`, not `role`);
- entities from words that name nothing (`not-a-name`), names with a role glued on (`role`);
- aliases that are places (the verdict of an entity of that name is `place`, or the
  alias is judged a place in the judgement file);
- surnames left as their own entity although exactly one person's full name ends in them;
- entities made by this run but not in the judgement file (to judge);
- recall: the real names this run gives (judged a kind), and how many of the judgement
  file's real names it gives as an entity or an alias (names judged for another run and
  not made by this one are counted as lost).
"""
import argparse
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile


def pick(bbc, first, numbers):
    """The articles: the first `first` in name order, or those numbered A to B."""
    files = sorted((pathlib.Path(bbc) / "politics").glob("*.txt"))
    if numbers is None:
        return files[:first]
    a, b = numbers
    return [f for f in files if f.stem.isdigit() and a <= int(f.stem) <= b]


def parse_range(text):
    a, _, b = text.partition("-")
    if not (a.isdigit() and b.isdigit()) or int(a) > int(b):
        raise argparse.ArgumentTypeError(f"expected A-B (e.g. 200-249), got {text!r}")
    return int(a), int(b)


def context(name, texts, width=70):
    """The first place `name` occurs as a whole word in `texts`, cut to `width` characters each side."""
    pattern = re.compile(r"(?<![\w])" + re.escape(name) + r"(?![\w])")
    for i, text in enumerate(texts):
        m = pattern.search(text)
        if m:
            a, b = max(m.start() - width, 0), min(m.end() + width, len(text))
            return f"[{i}] " + " ".join(text[a:b].split())
    return ""


def read_verdicts(paths):
    """The verdicts of judgement files (`NAME<TAB>VERDICT`, `#` a comment), the later files winning."""
    verdicts = {}
    for path in paths:
        for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, verdict = line.split("\t")[:2]
                verdicts[name] = verdict.strip()
    return verdicts


def run_init(files, binary):
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            shutil.copy(f, pathlib.Path(tmp) / f.name)
        subprocess.run([binary, "init", tmp, "--from-candidates"], check=True, capture_output=True)
        catalogue = json.loads((pathlib.Path(tmp) / "corpus.json").read_text(encoding="utf-8"))
    return files, catalogue["entities"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bbc")
    ap.add_argument("binary")
    ap.add_argument("--judgement")
    ap.add_argument("--first", type=int, default=49)
    ap.add_argument("--range", type=parse_range, help="the articles numbered A to B, e.g. 200-249")
    ap.add_argument("--list")
    ap.add_argument("--context", action="store_true",
                    help="in --list, a fourth column: the first line that holds the name, cut around it (for judging)")
    args = ap.parse_args()
    files, entities = run_init(pick(args.bbc, args.first, args.range), args.binary)
    rows = [f"{e['name']}\t{e['kind']}\t{', '.join(e.get('aliases', []))}" for e in entities]
    if args.context:
        texts = [f.read_text(encoding="utf-8") for f in files]
        rows = [f"{row}\t{context(e['name'], texts)}" for row, e in zip(rows, entities)]
    listing = "\n".join(rows) + "\n"
    if args.list:
        pathlib.Path(args.list).write_text(listing, encoding="utf-8")
    elif not args.judgement:
        sys.stdout.write(listing)
    print(f"{len(files)} articles ({files[0].name} to {files[-1].name}), {len(entities)} entities", file=sys.stderr)
    if not args.judgement:
        return
    verdicts = read_verdicts([args.judgement])
    unjudged = [e["name"] for e in entities if e["name"] not in verdicts]
    judged = [e for e in entities if e["name"] in verdicts]
    real = [e for e in judged if verdicts[e["name"]] not in ("not-a-name", "role")]
    right = [e for e in real if verdicts[e["name"]] == e["kind"]]
    wrong = [e for e in real if verdicts[e["name"]] != e["kind"]]
    nothing = [e["name"] for e in judged if verdicts[e["name"]] == "not-a-name"]
    role = [e["name"] for e in judged if verdicts[e["name"]] == "role"]
    place_aliases = [
        (e["name"], a) for e in entities for a in e.get("aliases", []) if verdicts.get(a) == "place"
    ]
    names = {e["name"] for e in entities}
    persons = [e["name"] for e in entities if verdicts.get(e["name"]) == "person" and " " in e["name"]]
    lone = []
    for n in names:
        if " " in n or verdicts.get(n) != "person":
            continue
        owners = [p for p in persons if p.split(" ")[-1] == n]
        if len(owners) == 1:
            lone.append((n, owners[0]))
    print(f"kind right: {len(right)} of {len(real)} real names ({100 * len(right) / max(len(real), 1):.1f} %)")
    shown = ", ".join("%s (%s, is %s)" % (e["name"], e["kind"], verdicts[e["name"]]) for e in wrong)
    print(f"  wrong: {shown}")
    print(f"entities from words that name nothing: {len(nothing)} {nothing}")
    print(f"names with a role glued on: {len(role)} {role}")
    print(f"place aliases: {len(place_aliases)} {place_aliases}")
    print(f"surnames left apart from their one full name: {len(lone)} {lone}")
    given = {e["name"] for e in entities} | {a for e in entities for a in e.get("aliases", [])}
    judged_real = [n for n, v in verdicts.items() if v not in ("not-a-name", "role")]
    # A surname joined to its one full name is given too (as a variant; a place's name is no alias).
    joined = {n for n in judged_real if " " not in n and any(p.endswith(" " + n) for p in persons)}
    lost = [n for n in judged_real if n not in given and n not in joined]
    print(f"real names given: {len(real)}; of the judgement's {len(judged_real)} real names, "
          f"{len(judged_real) - len(lost)} given, {len(lost)} lost {lost}")
    if unjudged:
        print(f"not judged yet: {len(unjudged)} {unjudged}")


if __name__ == "__main__":
    main()
