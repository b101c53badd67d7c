"""JSON Lines of everything, with evidence: one ``{"kind": "article", …}``
line per article (text, mentions, timexes, events with their evidence
sentences, figures), then one ``{"kind": "entity", …}`` line per entity
(aliases, roles, evidence sentences, co-mentions)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine

from newsgraph.export.streams import text_output
from newsgraph.query.catalogue import iter_articles, iter_entities
from newsgraph.query.entities import entity_profile


def write_jsonl(engine: Engine, output: Path | None) -> int:
    count = 0
    with text_output(output) as stream:
        for record in iter_articles(engine):
            line = {"kind": "article", **record.article.to_json()}
            line["events"] = [event.to_json() for event in record.events]
            line["quantities"] = [quantity.to_json() for quantity in record.quantities]
            stream.write(json.dumps(line, ensure_ascii=False) + "\n")
            count += 1
        for entity in iter_entities(engine):
            profile = entity_profile(engine, entity.id, evidence_limit=100)
            if profile is None:
                continue
            line = {"kind": "entity", **profile.to_json(), "country": entity.country}
            stream.write(json.dumps(line, ensure_ascii=False) + "\n")
            count += 1
    return count
