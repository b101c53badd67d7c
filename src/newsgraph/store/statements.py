"""Statement rows: every fact the writer stores, with its evidence.

A statement is one extracted fact: its subject (an entity, or the mention,
time expression, figure, attribution or event row it is about), a property,
a value, the article and character offsets of the text that states it, and
the extractor (pipeline component) and extractor version that found it. Its
id is a hash of what defines it: article, subject, property, value and
offsets, so writing the same fact again changes nothing.

What is stated, by property:

| subject | property | value | offsets of | extractor |
|---|---|---|---|---|
| entity (mention when unlinked) | name | the name as written | the mention | newsgraph_entities |
| entity (the person) | title | the title | the title | newsgraph_titles |
| timex | time | ISO-TimeML value | the expression | newsgraph_timex |
| quantity | figure | value and unit ("36 %") | the figure | newsgraph_quantities |
| quantity | measures | what it measures | those words | newsgraph_quantities |
| attribution | source | who it is credited to | the source | newsgraph_attribution |
| event | type | PLOVER type, ":mode" when set | the trigger | newsgraph_events |
| event | modality | asserted, reported, … | the trigger | newsgraph_events |
| event | actor, recipient, location, topic | the participant as written | the participant | newsgraph_events |
| event | time | the event's ISO-TimeML value | its expression | newsgraph_events |
| event | attribution | who reports it | the source | newsgraph_events |
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newsgraph.model import Extraction


@dataclass(frozen=True, slots=True)
class WrittenRows:
    """The row ids the writer gave one article's extraction, each list in
    the order of the extraction's own list (``mentions``, ``timexes``, …),
    and the role rows it wrote (people without an entity are not written)."""

    mention_ids: list[int]
    mention_entities: list[int | None]
    roles: list[dict[str, Any]]
    timex_ids: list[int]
    quantity_ids: list[int]
    attribution_ids: list[int]
    event_ids: list[int]


def statement_id(*parts: object) -> str:
    """The id of the statement defined by ``parts``."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()


def statement_rows(extraction: Extraction, written: WrittenRows, when: datetime) -> list[dict[str, Any]]:
    """The statement rows of one stored article, per the table above."""
    facts = _Facts(extraction, when)
    for mention, mention_id, entity_id in zip(
        extraction.mentions, written.mention_ids, written.mention_entities, strict=True
    ):
        subject = ("entity", entity_id) if entity_id is not None else ("mention", mention_id)
        facts.add(*subject, "name", mention.text, mention.start, mention.end, "newsgraph_entities")
    for role in written.roles:
        facts.add("entity", role["person_entity_id"], "title", role["title"], role["start"], role["end"],
                  "newsgraph_titles")  # fmt: skip
    for timex, timex_id in zip(extraction.timexes, written.timex_ids, strict=True):
        facts.add("timex", timex_id, "time", timex.value, timex.start, timex.end, "newsgraph_timex")
    for quantity, quantity_id in zip(extraction.quantities, written.quantity_ids, strict=True):
        figure = f"{quantity.value:.15g} {quantity.unit}"
        facts.add("quantity", quantity_id, "figure", figure, quantity.start, quantity.end, "newsgraph_quantities")
        if quantity.measure and quantity.measure_start is not None and quantity.measure_end is not None:
            facts.add("quantity", quantity_id, "measures", quantity.measure, quantity.measure_start,
                      quantity.measure_end, "newsgraph_quantities")  # fmt: skip
    for attribution, attribution_id in zip(extraction.attributions, written.attribution_ids, strict=True):
        facts.add("attribution", attribution_id, "source", attribution.source, attribution.start, attribution.end,
                  "newsgraph_attribution")  # fmt: skip
    for event, event_id in zip(extraction.events, written.event_ids, strict=True):
        trigger = (event.trigger_start, event.trigger_end)
        kind = event.type if event.mode is None else f"{event.type}:{event.mode}"
        facts.add("event", event_id, "type", kind, *trigger, "newsgraph_events")
        facts.add("event", event_id, "modality", event.modality, *trigger, "newsgraph_events")
        for participant in event.participants:
            facts.add("event", event_id, participant.role, participant.text, participant.start, participant.end,
                      "newsgraph_events")  # fmt: skip
        if event.timex is not None:
            timex = extraction.timexes[event.timex]
            facts.add("event", event_id, "time", timex.value, timex.start, timex.end, "newsgraph_events")
        if event.attribution is not None:
            source = extraction.attributions[event.attribution]
            facts.add("event", event_id, "attribution", source.source, source.start, source.end, "newsgraph_events")
    return list(facts.rows.values())


class _Facts:
    """Statement rows of one article, one per id."""

    def __init__(self, extraction: Extraction, when: datetime) -> None:
        self.extraction = extraction
        self.when = when
        self.rows: dict[str, dict[str, Any]] = {}

    def add(
        self, subject_kind: str, subject_id: int, prop: str, value: str, start: int, end: int, extractor: str
    ) -> None:
        article = self.extraction.article
        key = statement_id(article.id, subject_kind, subject_id, prop, value, start, end)
        self.rows.setdefault(
            key,
            {
                "id": key,
                "subject_kind": subject_kind,
                "subject_id": subject_id,
                "property": prop,
                "value": value,
                "original_text": article.text[start:end],
                "article_id": article.id,
                "start": start,
                "end": end,
                "extractor": extractor,
                "extractor_version": self.extraction.extractor_version,
                "first_seen": self.when,
                "last_seen": self.when,
            },
        )
