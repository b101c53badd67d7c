"""Conflicting claims within a story: the same slot (a person's name or
title, an event's date or place, a figure) with different values in
different articles, each version with its outlet and evidence.

An event slot is an event type and its parties: claims about events of one
type are compared only when they name no different party in the same role
(an entity, a country, an unresolved participant's words) and no places of
which neither lies in the other (``knowledge/resolve/event_slots.yaml``):
"India pledged" and "foreign governments have pledged" are two pledges, "Canada
and the Philippines signed" and "Ottawa and Manila signed" one signing.

Not conflicts: a place and the country it lies in ("Moscow" / "Russia"),
dates of the same precision or one inside the other ("2025-12" /
"2025-12-03"), dates more than ``SAME_EVENT_DAYS`` apart, which are two
events of one kind (an October delegation and a December state visit),
values that are no date ("PRESENT_REF"), and a figure rounded from the other
("54%" / "54.2%"). Figures of one measure in other words ("police officers" /
"policemen", ``knowledge/resolve/measures.yaml``) are compared.

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
    # An event's parties as (role, identity) pairs: "entity:12", "country:IND", "words:foreign governments".
    parties: frozenset[tuple[str, str]] = frozenset()
    place: str | None = None  # an event's place, as its canonical name

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


@cache
def conflict_roles() -> tuple[tuple[str, ...], frozenset[str]]:
    """The roles that tell two events of one type apart, and the words that name no party."""
    data = load_resolve_data("event_slots.yaml")
    return tuple(data["roles"]), frozenset(str(word).lower() for word in data["names_no_party"])


def names_no_party(words: str) -> bool:
    """A participant written as a pronoun or a quantifier ("it", "they", "both")."""
    return comparable(words) in conflict_roles()[1]


def _same_event(left: Claim, right: Claim) -> bool:
    """Two claims about events of one type are about one event unless they
    name different parties in one role, or places of which neither lies in
    the other."""
    for role in conflict_roles()[0]:
        ours = {identity for name, identity in left.parties if name == role}
        theirs = {identity for name, identity in right.parties if name == role}
        if ours and theirs and not ours & theirs:
            return False
    return not (left.place and right.place and not _place_compatible(comparable(left.place), comparable(right.place)))


def _event_groups(claims: list[Claim]) -> list[list[Claim]]:
    """Claims of one event type grouped into events: a claim joins the first
    group with every member of which it is one event."""
    groups: list[list[Claim]] = []
    for claim in sorted(claims, key=lambda c: (c.published, c.article_id, c.start)):
        for group in groups:
            if all(_same_event(claim, other) for other in group):
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
        if kind == "figure":
            groups.extend(_figure_groups(slot_claims))
        elif kind in ("event_date", "event_place"):
            groups.extend(_event_groups(slot_claims))
        else:
            groups.append(slot_claims)
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
_QUARTER = re.compile(r"^(\d{4})-q([1-4])$")
_HALF = re.compile(r"^(\d{4})-h([12])$")
_YEAR = re.compile(r"^(\d{4})$")


def date_span(value: str) -> tuple[date, date] | None:
    """The first and last day an ISO value (day, month, week or year) covers; None for other values."""
    try:
        if match := _DAY.match(value):
            day = date(*map(int, match.groups()))
            return day, day
        if match := _MONTH.match(value):
            year, month = map(int, match.groups())
            return _months(year, month, 1)
        if match := _WEEK.match(value):
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
            return monday, monday + timedelta(days=6)
        if match := _QUARTER.match(value):
            return _months(int(match[1]), 3 * int(match[2]) - 2, 3)
        if match := _HALF.match(value):
            return _months(int(match[1]), 6 * int(match[2]) - 5, 6)
        if match := _YEAR.match(value):
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def _months(year: int, first_month: int, count: int) -> tuple[date, date]:
    following = first_month + count
    end = date(year + (following - 1) // 12, (following - 1) % 12 + 1, 1)
    return date(year, first_month, 1), end - timedelta(days=1)


def figure_value(value: float, unit: str) -> str:
    """A figure as shown and compared: "54.2 %", "1,200,000 count" (never "1.2e+06")."""
    number = f"{value:,.6f}".rstrip("0").rstrip(".")
    return f"{number} {unit}"


def _figure_number(value: str) -> tuple[float, int] | None:
    """A shown figure's number and its decimals ("54.2 %" -> (54.2, 1))."""
    number = value.split(" ", 1)[0].replace(",", "")
    try:
        return float(number), len(number.partition(".")[2])
    except ValueError:
        return None


def _figure_compatible(left: str, right: str) -> bool:
    """The same figure, or one rounded from the other ("54%" and "54.2%")."""
    if left == right:
        return True
    a, b = _figure_number(left), _figure_number(right)
    if a is None or b is None:
        return False
    (rough, decimals), (fine, _) = sorted((a, b), key=lambda figure: figure[1])
    return round(fine, decimals) == rough


def _date_compatible(left: str, right: str) -> bool:
    """The same date, one inside the other, or so far apart that they are
    two events of one kind: only close, separate dates disagree."""
    if left == right:
        return True
    a, b = date_span(left), date_span(right)
    if a is None or b is None:
        return True  # "PRESENT_REF", a season: no date to disagree with
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


_COMPATIBLE = {
    "event_place": _place_compatible,
    "event_date": _date_compatible,
    "title": _title_compatible,
    "figure": _figure_compatible,
}
