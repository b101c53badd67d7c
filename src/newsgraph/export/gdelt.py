"""A GDELT-style event table (CSV with a header): one row per event, with
its date, the first actor and recipient with their country codes, the
PLOVER type in place of the CAMEO code, the location, and the source URL.

Columns follow GDELT 2.0 event names where one exists (SQLDATE, Actor1Name,
Actor1CountryCode, …, SOURCEURL); newsgraph's own fields (modality,
attribution, evidence) are appended. Country codes are ISO 3166 alpha-3, as
in GDELT's actor codes. SQLDATE is the event's date when it is known to the
day, else the report date; EventTime keeps the value at its own precision."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from sqlalchemy import Engine

from newsgraph.export.streams import text_output
from newsgraph.query.catalogue import iter_articles
from newsgraph.query.events import EventView, ParticipantView

COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "EventTime", "EventTimePrecision",
    "Actor1Name", "Actor1CountryCode", "Actor1Type", "Actor2Name", "Actor2CountryCode", "Actor2Type",
    "EventCode", "EventMode", "QuadContext", "Modality", "Attribution", "Confidence",
    "ActionGeo_FullName", "ActionGeo_CountryCode", "DATEADDED", "SOURCEURL", "Outlet", "ArticleID", "Evidence",
]  # fmt: skip

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _first(event: EventView, role: str) -> ParticipantView | None:
    return next((p for p in event.participants if p.role == role), None)


def _name(participant: ParticipantView | None) -> str:
    if participant is None:
        return ""
    return participant.entity or participant.text


def _country(participant: ParticipantView | None) -> str:
    return (participant.country or "") if participant else ""


def _type(participant: ParticipantView | None) -> str:
    return (participant.entity_type or "") if participant else ""


def event_row(event: EventView, url: str | None) -> list[object]:
    actor, recipient, location = _first(event, "actor"), _first(event, "recipient"), _first(event, "location")
    day = event.event_time if event.event_time and _DAY.fullmatch(event.event_time) else event.reported.isoformat()
    return [
        event.id, day.replace("-", ""), event.event_time or "", event.precision or "",
        _name(actor), _country(actor), _type(actor), _name(recipient), _country(recipient), _type(recipient),
        event.type, event.mode or "", ";".join(event.context), event.modality, event.attribution or "",
        f"{event.confidence:.2f}", _name(location), _country(location),
        event.reported.strftime("%Y%m%d"), url or "", event.evidence.outlet or "", event.evidence.article_id,
        " ".join(event.evidence.sentence.split()),
    ]  # fmt: skip


def write_gdelt(engine: Engine, output: Path | None) -> int:
    count = 0
    with text_output(output, newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        for record in iter_articles(engine):
            for event in record.events:
                writer.writerow(event_row(event, record.article.url))
                count += 1
    return count
