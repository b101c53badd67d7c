"""Conflicting claims within a story: the same slot (a person's name or
title, an event's date or place, a figure) with different values in
different articles, each version with its outlet and evidence.

Not conflicts: a place and the country it lies in ("Moscow" / "Russia"),
dates of the same precision or one inside the other ("2025-12" /
"2025-12-03"), and dates more than ``SAME_EVENT_DAYS`` apart, which are two
events of one kind (an October delegation and a December state visit).
Figures of one measure in other words ("police officers" / "policemen",
``knowledge/resolve/measures.yaml``) are compared.

Pure: the query layer turns a story's stored mentions, roles, events and
quantities into ``Claim``s; this module groups them by slot and keeps the
slots where two articles disagree."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from rapidfuzz.fuzz import token_set_ratio

from newsgraph.resolve.gazetteer import country_name, load_resolve_data, lookup

MEASURE_SIMILARITY = 70  # two figures measure the same thing above this
SAME_EVENT_DAYS = 31  # event dates further apart than this are two events, not a conflict


@dataclass(frozen=True, slots=True)
class Claim:
    """One article's value for a slot, with its evidence sentence."""

    kind: str  # name | title | event_date | event_place | figure
    key: str  # what makes two claims the same slot
    subject: str  # the slot as shown: a person, an event, what a figure measures
    value: str
    article_id: str
    outlet: str | None
    published: date
    sentence: str
    start: int  # the value's span inside ``sentence``
    end: int

    def to_json(self) -> dict[str, object]:
        return {
            "value": self.value,
            "article_id": self.article_id,
            "outlet": self.outlet,
            "published": self.published.isoformat(),
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: str
    subject: str
    versions: tuple[Claim, ...]

    @property
    def values(self) -> list[str]:
        return sorted({v.value for v in self.versions})

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "values": self.values,
            "versions": [v.to_json() for v in self.versions],
        }


def comparable(value: str) -> str:
    """A value as compared: NFC, case-folded, spaces collapsed ("Zielińska"
    and "Zielinska" differ, "MiG-29" and "mig-29" do not)."""
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


@cache
def _measure_words() -> dict[str, str]:
    """Each way of naming a measure -> the first name of its list."""
    words = {}
    for group in load_resolve_data("measures.yaml").get("same_measure", []):
        for name in group:
            words[str(name).lower()] = str(group[0]).lower()
    return words


def measure(subject: str) -> str:
    """What a figure measures, in the words shared by every outlet: the
    longest run of words naming a measure in ``measures.yaml`` is replaced
    by its first name ("policemen killed" -> "police officers killed")."""
    words = subject.lower().split()
    known = _measure_words()
    result, i = [], 0
    while i < len(words):
        for length in range(min(3, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + length])
            if phrase in known:
                result.append(known[phrase])
                i += length
                break
        else:
            result.append(words[i])
            i += 1
    return " ".join(result)


def _figure_groups(claims: list[Claim]) -> list[list[Claim]]:
    """Figures of one unit, grouped by what they measure (fuzzy)."""
    groups: list[list[Claim]] = []
    for claim in sorted(claims, key=lambda c: (c.published, c.article_id, c.start)):
        for group in groups:
            if token_set_ratio(measure(claim.subject), measure(group[0].subject)) >= MEASURE_SIMILARITY:
                group.append(claim)
                break
        else:
            groups.append([claim])
    return groups


def find_conflicts(claims: Iterable[Claim]) -> list[Conflict]:
    """Slots for which two different articles give different values."""
    by_slot: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        by_slot[(claim.kind, claim.key)].append(claim)
    groups: list[list[Claim]] = []
    for (kind, _), slot_claims in sorted(by_slot.items()):
        groups.extend(_figure_groups(slot_claims) if kind == "figure" else [slot_claims])
    conflicts = []
    for group in groups:
        values_by_article: dict[str, set[str]] = defaultdict(set)
        for claim in group:
            values_by_article[claim.article_id].add(comparable(claim.value))
        compatible = _COMPATIBLE.get(group[0].kind, _equal)
        disagree = any(
            a != b and not any(compatible(x, y) for x in values_by_article[a] for y in values_by_article[b])
            for a in values_by_article
            for b in values_by_article
        )
        if disagree:
            versions = tuple(sorted(group, key=lambda c: (c.published, c.outlet or "", c.article_id, c.start)))
            conflicts.append(Conflict(group[0].kind, group[0].subject, versions))
    return conflicts


def _equal(left: str, right: str) -> bool:
    return left == right


def _place_compatible(left: str, right: str) -> bool:
    """The same place, or one lies in the other (a city and its country)."""
    if left == right:
        return True
    for inner, outer in ((left, right), (right, left)):
        place = lookup(inner)
        if place is not None and place.country and comparable(country_name(place.country)) == outer:
            return True
    return False


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-w(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def date_span(value: str) -> tuple[date, date] | None:
    """The first and last day an ISO value (day, month, week or year) covers; None for other values."""
    try:
        if match := _DAY.match(value):
            day = date(*map(int, match.groups()))
            return day, day
        if match := _MONTH.match(value):
            year, month = map(int, match.groups())
            first = date(year, month, 1)
            following = date(year + month // 12, month % 12 + 1, 1)
            return first, following - timedelta(days=1)
        if match := _WEEK.match(value):
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
            return monday, monday + timedelta(days=6)
        if match := _YEAR.match(value):
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def _date_compatible(left: str, right: str) -> bool:
    """The same date, one inside the other, or so far apart that they are
    two events of one kind: only close, separate dates disagree."""
    if left == right:
        return True
    a, b = date_span(left), date_span(right)
    if a is None or b is None:
        return False
    if a[0] <= b[1] and b[0] <= a[1]:
        return True  # one holds the other, or they overlap
    gap = (b[0] - a[1]).days if a[1] < b[0] else (a[0] - b[1]).days
    return gap > SAME_EVENT_DAYS


@cache
def _titles() -> tuple[dict[str, str], frozenset[str]]:
    """Each way of writing an office -> the first of its list, and the rank words."""
    data = load_resolve_data("titles.yaml")
    same = {str(name).lower(): str(group[0]).lower() for group in data["same_title"] for name in group}
    return same, frozenset(str(word).lower() for word in data["rank_words"])


def _title_compatible(left: str, right: str) -> bool:
    """One office: the same title in other words ("CEO", "chief executive"),
    or one told with more detail that adds no rank ("minister", "labour
    minister"; not "deputy minister")."""
    same, ranks = _titles()
    left, right = same.get(left, left), same.get(right, right)
    if left == right:
        return True
    shorter, longer = sorted((set(left.split()), set(right.split())), key=len)
    return shorter < longer and not (longer - shorter) & ranks


_COMPATIBLE = {"event_place": _place_compatible, "event_date": _date_compatible, "title": _title_compatible}
