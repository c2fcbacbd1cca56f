#!/usr/bin/env python3
"""Rebuilds the name lists shipped in src/analysis/names/ (see LICENCE-data.md there).

    scripts/names-data.py GEONAMES_DIR SSA_DIR

GEONAMES_DIR holds GeoNames' countryInfo.txt, admin1CodesASCII.txt and cities15000.txt
(https://download.geonames.org/export/dump/, CC BY 4.0); SSA_DIR the US Social Security
Administration's yobYYYY.txt files (https://www.ssa.gov/oact/babynames/names.zip, public
domain). Writes places.txt (countries, capitals, first-level regions, cities of a million,
the hand list below), towns.txt (other cities of 100,000, UK and Irish towns of 30,000) and
given_names.txt (names given to 500 babies or more), each sorted, one a line.
"""
import collections
import pathlib
import sys

OUT = pathlib.Path(__file__).resolve().parent.parent / "src/analysis/names"
# Places mostly met as a common word or a surname in news text.
EXCLUDE = set("""Nice Split Mobile Reading Independence Orange Jackson Best Deal Police Union Mission Concord
Enterprise Liberty Paradise Of Alliance Commerce Pride Progress Federal Unity Justice Victory Hope Colon Male
Batman Obama Sale March May Marietta Ocean Sandy Aurora Hamilton Clifton Pasadena Moore Lafayette Warren Carson
Irving Clinton Kennedy Wilson Douglas Gary Spencer Tyler Allen Frederick Johnson Lawrence Franklin Lewis Davis
Taylor Brown Howard Wayne Charlotte Forest German West""".split())
# Given names that are mostly titles, party words, demonyms, days or common words in news.
NOT_GIVEN = set("""Sir Lord Lady Prince Princess Queen King Duke Duchess Earl Baron Marshal Colonel General Major
Captain Admiral Sergeant Bishop Judge Justice Mister Master Dame Saint Pope Tory Royal Shadow Labour Green Young
Little Silver Summer Winter Autumn Spring Sunday Easter Christmas Early Irish French German Roman Christian Israel
West May Will Art Page Chase Price Hope Faith Joy Grant Crystal Rich Love Golden Worth Lane Reed Royalty Liberty
Unique Major Miss Ivory Star Sky Rain Storm Ocean River Forest Stone Cash Money Judge Deacon Pastor Chancellor
Senator President Premier Deputy Chief Commander Minister Governor Mayor Speaker Secretary""".split())
# Continents, regions, UK counties, common short forms: not in the GeoNames files used.
HAND = (pathlib.Path(__file__).resolve().parent / "names-data-places.txt").read_text().split("\n")
# First-level regions of these countries stay places even when they are given names (Virginia).
ADMIN1_KEPT = {"US", "GB", "CA", "AU", "IE", "IN", "IT", "ES", "DE", "FR"}


def main(geo: pathlib.Path, ssa: pathlib.Path) -> None:
    totals = collections.Counter()
    for f in sorted(ssa.glob("yob*.txt")):
        for line in f.read_text().splitlines():
            name, _, n = line.split(",")
            totals[name] += int(n)
    given = {n for n, c in totals.items() if c >= 500} - NOT_GIVEN

    major, minor, kept = set(), set(), set()
    for line in (geo / "countryInfo.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        f = line.split("\t")
        major.add(f[4])
        kept.add(f[4])
        if f[5]:
            major.add(f[5])
            if int(f[7] or 0) >= 1_000_000:
                kept.add(f[5])
    for line in (geo / "admin1CodesASCII.txt").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        major |= {f[1], f[2]}
        if f[0].split(".")[0] in ADMIN1_KEPT:
            kept |= {f[1], f[2]}
    for line in (geo / "cities15000.txt").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        pop, code, cc = int(f[14] or 0), f[7], f[8]
        if pop >= 1_000_000 or code == "PPLC":
            major |= {f[1], f[2]}
            if pop >= 1_000_000:
                kept |= {f[1], f[2]}
        elif pop >= 100_000 or (cc in ("GB", "IE") and pop >= 30_000):
            minor |= {f[1], f[2]}
    hand = {h for h in HAND if h}
    kept |= hand | {"Rome", "Washington", "Geneva", "Zaire", "Scotland"}
    ok = lambda p: p.strip() == p and p and p[0].isupper() and p not in EXCLUDE
    major = {p for p in major if ok(p)} | hand
    minor = {p for p in minor if ok(p)} - major
    # A given name that names a small region or capital somewhere (Paul, Michael) is no place.
    moved = {p for p in major if p in given and p not in kept}
    major -= moved
    # A given name that is a country (`Germany`, a few babies' name) is no evidence of a person.
    given -= {p for p in kept if " " not in p}
    for name, items in [("places.txt", major), ("towns.txt", minor), ("given_names.txt", given)]:
        (OUT / name).write_text("\n".join(sorted(items)) + "\n", encoding="utf-8")
        print(name, len(items))


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))
