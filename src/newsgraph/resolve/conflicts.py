"""Conflicting claims within a story: the same slot (a person's name or
title, an event's date or place, a figure) with different values in
different articles, each version with its outlet and evidence.

Pure: the query layer turns a story's stored mentions, roles, events and
quantities into ``Claim``s; this module groups them by slot and keeps the
slots where two articles disagree."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rapidfuzz.fuzz import token_set_ratio

MEASURE_SIMILARITY = 70  # two figures measure the same thing above this


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


def _figure_groups(claims: list[Claim]) -> list[list[Claim]]:
    """Figures of one unit, grouped by what they measure (fuzzy)."""
    groups: list[list[Claim]] = []
    for claim in sorted(claims, key=lambda c: (c.published, c.article_id, c.start)):
        for group in groups:
            if token_set_ratio(claim.subject.lower(), group[0].subject.lower()) >= MEASURE_SIMILARITY:
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
        disagree = any(
            a != b
            and values_by_article[a] != values_by_article[b]
            and not (values_by_article[a] & values_by_article[b])
            for a in values_by_article
            for b in values_by_article
        )
        if disagree:
            versions = tuple(sorted(group, key=lambda c: (c.published, c.outlet or "", c.article_id, c.start)))
            conflicts.append(Conflict(group[0].kind, group[0].subject, versions))
    return conflicts
