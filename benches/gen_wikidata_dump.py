#!/usr/bin/env python3
"""A Wikidata-format JSON dump for measuring `corpus-lsp link` (BENCHMARKS.md).

    python3 benches/gen_wikidata_dump.py OUT.json [SIZE_MB]   # default 1100

Writes `[`, then one entity a line (each but the last ending with `,`), then
`]`, as `latest-all.json` is laid out. Each generated entity looks like a
real one: labels, descriptions and aliases in a dozen languages, `P31` and
other claims with qualifiers and references, sitelinks (about 4 KB a line).
The items of `tests/fixtures/kb/kb.jsonl` are spread through the file, so
`link` on the seeds finds the same answers as from the fixture. Not committed:
the output is made where the benchmark runs.
"""
import json
import random
import sys
from pathlib import Path

LANGS = ["en", "de", "fr", "es", "it", "nl", "pl", "pt", "ru", "ja", "zh", "ar", "sv", "uk"]
CLASSES = ["Q5", "Q515", "Q3957", "Q11424", "Q482994", "Q7278", "Q4830453", "Q6256", "Q13442814", "Q16521"]
WORDS = ("river village painter footballer album film species protein gene asteroid church school "
         "station mountain lake municipality politician journal article novel song").split()


def term(lang, value):
    return {"language": lang, "value": value}


def snak(prop, qid):
    return {"snaktype": "value", "property": prop, "datatype": "wikibase-item",
            "datavalue": {"value": {"entity-type": "item", "numeric-id": int(qid[1:]), "id": qid},
                          "type": "wikibase-entityid"}}


def statement(prop, qid, rng):
    return {"mainsnak": snak(prop, qid), "type": "statement", "id": f"Q{rng.randrange(10**8)}$X",
            "rank": "normal", "qualifiers": {"P580": [{"snaktype": "value", "property": "P580", "datatype": "time",
            "datavalue": {"value": {"time": "+1990-01-01T00:00:00Z", "timezone": 0, "before": 0, "after": 0,
            "precision": 11, "calendarmodel": "http://www.wikidata.org/entity/Q1985727"}, "type": "time"}}]},
            "references": [{"hash": "%040x" % rng.getrandbits(160), "snaks": {"P143": [snak("P143", "Q328")]}}]}


def filler(n, rng):
    name = " ".join(rng.choice(WORDS).capitalize() for _ in range(2)) + f" {n}"
    what = rng.choice(WORDS)
    return {
        "type": "item", "id": f"Q{10**8 + n}",
        "labels": {lang: term(lang, name) for lang in LANGS},
        "descriptions": {lang: term(lang, f"{what} number {n}") for lang in LANGS},
        "aliases": {lang: [term(lang, f"{name} ({lang})")] for lang in LANGS[:6]},
        "claims": {
            "P31": [statement("P31", rng.choice(CLASSES), rng)],
            "P17": [statement("P17", f"Q{rng.randrange(1, 300)}", rng)],
            "P361": [statement("P361", f"Q{rng.randrange(1, 10**6)}", rng) for _ in range(3)],
        },
        "sitelinks": {f"{lang}wiki": {"site": f"{lang}wiki", "title": name, "badges": []} for lang in LANGS[:8]},
        "lastrevid": 2000000000 + n,
    }


def fixture_entity(item):
    return {
        "type": "item", "id": item["id"],
        "labels": {"en": term("en", item["label"])},
        "descriptions": {"en": term("en", item["description"])} if item.get("description") else {},
        "aliases": {"en": [term("en", a) for a in item.get("aliases", [])]},
        "claims": {"P31": [statement("P31", t, random.Random(0)) for t in item.get("types", [])]},
        "sitelinks": {},
    }


def main():
    out = Path(sys.argv[1])
    target = int(float(sys.argv[2]) if len(sys.argv) > 2 else 1100) * 1_000_000
    fixture = Path(__file__).resolve().parent.parent / "tests/fixtures/kb/kb.jsonl"
    specials = [fixture_entity(json.loads(line)) for line in fixture.read_text().splitlines() if line.strip()]
    rng = random.Random(25)
    written, n = 0, 0
    with out.open("w", encoding="utf-8") as f:
        f.write("[\n")
        first = True
        while written < target or specials:
            if specials and (written >= target or rng.random() < 0.0001):
                entity = specials.pop()
            else:
                entity = filler(n, rng)
                n += 1
            line = ("" if first else ",\n") + json.dumps(entity, ensure_ascii=False, separators=(",", ":"))
            first = False
            f.write(line)
            written += len(line.encode("utf-8"))
        f.write("\n]\n")
    print(f"{out}: {written / 1e6:.0f} MB, {n} generated entities and the fixture's items")


if __name__ == "__main__":
    main()
