"""FollowTheMoney entities, one JSON object per line (the format of
``ftm`` / Aleph / OpenSanctions tooling): people, organisations and places
with their aliases and country, each article as an ``Article`` and each
event as an ``Event`` involving its participants, with the evidence sentence
as the event's summary and the article's URL as ``sourceUrl``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pycountry
from sqlalchemy import Engine

from newsgraph.export.streams import text_output
from newsgraph.query.catalogue import EntityRecord, iter_articles, iter_entities

DATASET = "newsgraph"

# newsgraph entity types to FtM schemata; types without a fitting schema
# (NORP, WEAPON, PRODUCT, …) are left out.
SCHEMATA = {"PERSON": "Person", "ORG": "Organization", "GPE": "Territory", "LOC": "Address", "FAC": "Address"}


# An organisation whose name ends in a legal form is a company.
_LEGAL_FORM = re.compile(r"\b(ltd|limited|inc|corp|corporation|plc|llc|gmbh|ag|sa|as|asa|ab|nv|bv|spa|co)\.?$", re.I)


def _alpha2(alpha3: str | None) -> str | None:
    """FtM country codes are ISO 3166-1 alpha-2, lower case."""
    if not alpha3:
        return None
    country = pycountry.countries.get(alpha_3=alpha3.upper())
    return country.alpha_2.lower() if country else None


def entity_proxy_id(entity_id: int) -> str:
    return f"{DATASET}-entity-{entity_id}"


def _followthemoney() -> Any:
    """FollowTheMoney's model, an optional dependency (the ``ftm`` extra)."""
    try:
        from followthemoney import model
    except ImportError:
        from newsgraph.export import ExportError

        raise ExportError("the ftm export needs FollowTheMoney: pip install 'newsgraph[ftm]'") from None
    return model


def _entity(record: EntityRecord) -> dict[str, Any] | None:
    model = _followthemoney()
    schema = SCHEMATA.get(record.type)
    if schema == "Organization" and _LEGAL_FORM.search(record.name):
        schema = "Company"
    if schema is None:
        return None
    proxy = model.make_entity(schema)
    proxy.id = entity_proxy_id(record.id)
    proxy.add("name", record.name)
    proxy.add("alias", [alias for alias in record.aliases if alias != record.name])
    proxy.add("country", _alpha2(record.country))
    proxy.add("notes", f"newsgraph {record.type} entity #{record.id}: {record.mentions} mentions in "
                       f"{record.articles} article(s)")  # fmt: skip
    return proxy.to_dict()


def write_ftm(engine: Engine, output: Path | None) -> int:
    model = _followthemoney()  # before anything is written
    count = 0
    exported: set[str] = set()
    with text_output(output) as stream:

        def emit(data: dict[str, Any]) -> None:
            nonlocal count
            stream.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1

        for record in iter_entities(engine):
            data = _entity(record)
            if data is not None:
                exported.add(data["id"])
                emit(data)
        for record in iter_articles(engine):
            article = record.article
            document = model.make_entity("Article")
            document.id = f"{DATASET}-article-{article.id}"
            document.add("title", article.title)
            document.add("publishedAt", article.published.isoformat())
            document.add("publisher", article.outlet)
            document.add("sourceUrl", article.url)
            document.add("bodyText", article.text)
            document.add("language", "eng")
            emit(document.to_dict())
            for event in record.events:
                proxy = model.make_entity("Event")
                proxy.id = f"{DATASET}-event-{event.id}"
                proxy.add("name", f"{event.type}: {event.trigger}")
                proxy.add("summary", " ".join(event.evidence.sentence.split()))
                proxy.add("date", event.event_time if event.precision in ("day", "month", "year") else None)
                proxy.add("sourceUrl", article.url)
                proxy.add("publisher", article.outlet)
                proxy.add("proof", document.id)
                proxy.add("notes", f"modality: {event.modality}; reported {event.reported.isoformat()}"
                                   + (f"; according to {event.attribution}" if event.attribution else ""))  # fmt: skip
                for participant in event.participants:
                    target = entity_proxy_id(participant.entity_id) if participant.entity_id else None
                    if target not in exported:
                        continue
                    prop = "location" if participant.role == "location" else (
                        "organizer" if participant.role == "actor" else "involved")  # fmt: skip
                    proxy.add(prop, target)
                emit(proxy.to_dict())
    return count
