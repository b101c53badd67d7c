"""Countries, capitals, cities and demonyms: what a place or people name
refers to. Read from the gazetteers under ``knowledge/places`` (written by
the entities component; read-only here) and pycountry, and from our own data
under ``knowledge/resolve``. No spaCy: resolution runs on plain mentions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import pycountry

from newsgraph.knowledge.loader import load_csv, load_jsonl, load_yaml
from newsgraph.memory import freeze_loaded
from newsgraph.model import normalise_name

# What kind of place a name is, most specific reading first when a name has
# several ("Washington": capital before city).
KIND_ORDER = ("country", "alias", "demonym", "capital", "us_state", "city")


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer reading of a name: its kind and its country (alpha-3)."""

    kind: str  # country | alias | demonym | capital | us_state | city
    country: str  # ISO 3166 alpha-3; "" when a city name is shared by several countries


def load_resolve_data(name: str) -> dict[str, Any]:
    """One of the data files under ``knowledge/resolve`` (shared: not to be changed)."""
    return load_yaml(f"resolve/{name}")


def _alpha3(alpha2: str) -> str | None:
    country = pycountry.countries.get(alpha_2=alpha2.strip().upper())
    return None if country is None else country.alpha_3


@cache
def places() -> dict[str, Place]:
    """Normalised name -> its most specific gazetteer reading."""
    readings: dict[str, dict[str, set[str]]] = {}

    def add(name: str, kind: str, country: str | None) -> None:
        if country:
            readings.setdefault(normalise_name(name), {}).setdefault(kind, set()).add(country)

    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                add(value, "country", country.alpha_3)
    for record in load_jsonl("places/places.jsonl"):
        kind, _, code = str(record.get("id", "")).partition(":")
        if kind in KIND_ORDER and isinstance(record.get("pattern"), str):
            add(record["pattern"], kind, _alpha3(code))
    for row in load_csv("places/country_aliases.csv"):
        add(row.get("alias") or "", "alias", _alpha3(row.get("country") or ""))
    for row in load_csv("places/demonyms.csv"):
        add(row.get("demonym") or "", "demonym", _alpha3(row.get("country") or ""))
    result: dict[str, Place] = {}
    for name, kinds in readings.items():
        for kind in KIND_ORDER:
            if kind in kinds:
                codes = kinds[kind]
                result[name] = Place(kind, next(iter(codes)) if len(codes) == 1 else "")
                break
    freeze_loaded()  # loaded once, kept for the life of the process
    return result


def lookup(name: str) -> Place | None:
    """The gazetteer reading of ``name``, or None when it is not a known place."""
    return places().get(normalise_name(name))


@cache
def country_name(alpha3: str) -> str:
    """The name a country's entity goes by: pycountry's common name, or its
    short name unless that is a formal one ("Russian Federation"), in which
    case the first alias news text uses ("Russia")."""
    country = pycountry.countries.get(alpha_3=alpha3)
    if country is None:
        return alpha3
    common = getattr(country, "common_name", None)
    if common:
        return common
    name = country.name
    formal = "," in name or "(" in name or " Federation" in name or " Republic" in name
    if formal:
        for row in load_csv("places/country_aliases.csv"):
            if _alpha3(row.get("country") or "") == alpha3 and row.get("alias"):
                return row["alias"]
    return name
