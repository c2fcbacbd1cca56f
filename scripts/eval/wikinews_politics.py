#!/usr/bin/env python3
"""Builds the Wikinews politics set of BENCHMARKS.md ("Off its home ground").

    scripts/eval/wikinews_politics.py [--rest] OUT_DIR CSV [CSV ...]

Each CSV has the columns url, date, title, text (English Wikinews articles, CC BY 2.5; the
2019 and 2020 files of the session were such dumps). The articles whose headline is about
politics (the words of POLITICS below), other than the twelve of tests/fixtures/news and a
shooting at a graduation party, at most 12,000 characters, are written to
OUT_DIR/politics/001.txt, 002.txt … in date order, as the BBC files are: the headline, a
blank line, the paragraphs (runs of spaces joined; the weekday date line dropped). Then
`bbc_init.py OUT_DIR BINARY --range 1-50` runs `init --from-candidates` on them. The session
held out 001-050 and tuned on 051-091; OUT_DIR/SOURCES.tsv lists each file's date and URL.

With --rest, the other articles (headline not about politics: disasters, crime, science,
sport, culture), under the same rules, are written instead; the folder is still named
`politics/` because bbc_init.py reads that folder. Session 10 built this "world" set and held
out 001-060 before any rule was written, judged blind by two separate sessions.
"""
import csv
import pathlib
import re
import sys
from urllib.parse import unquote

POLITICS = re.compile(
    r"\b(election|elect|minister|parliament|president|party|government|vote|senate|congress|impeach"
    r"|referendum|brexit|mp|prime|leader|politic|protest|resign|cabinet|mayor|governor|labour"
    r"|conservative|democrat|republican)",
    re.I,
)


def main():
    args = sys.argv[1:]
    rest = args[:1] == ["--rest"]
    if rest:
        args = args[1:]
    out = pathlib.Path(args[0])
    csv.field_size_limit(10**9)
    rows = []
    for path in args[1:]:
        with open(path, encoding="utf-8") as f:
            rows += list(csv.DictReader(f))
    licence = (pathlib.Path(__file__).resolve().parents[2] / "tests/fixtures/news/LICENCE.md").read_text(encoding="utf-8")
    fixtures = {unquote(t) for t in re.findall(r"wikinews\.org/wiki/(\S+)", licence)}
    rows.sort(key=lambda r: r["date"])
    chosen = [
        r
        for r in rows
        if unquote(r["url"].split("/wiki/")[-1]) not in fixtures
        and bool(POLITICS.search(r["title"])) != rest
        and "graduation party" not in r["title"]
        and len(r["text"]) <= 12000
    ]
    (out / "politics").mkdir(parents=True, exist_ok=True)
    with open(out / "SOURCES.tsv", "w", encoding="utf-8") as sources:
        for i, r in enumerate(chosen, 1):
            paras = [re.sub(r"[ \u00a0]+", " ", p).strip() for p in re.split(r"\n\s*\n", r["text"])]
            paras = [p for p in paras if p]
            if paras and re.match(r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), ", paras[0]):
                paras = paras[1:]
            body = r["title"].strip() + "\n\n" + "\n\n".join(paras) + "\n"
            (out / "politics" / f"{i:03d}.txt").write_text(body, encoding="utf-8")
            sources.write(f"{i:03d}\t{r['date']}\t{r['url']}\n")
    print(f"{len(chosen)} articles in {out / 'politics'}")


if __name__ == "__main__":
    main()
