"""CSV tables in a folder, one file per table, joinable by id: articles,
entities, mentions, events, event_participants, quantities."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Engine

from newsgraph.query.catalogue import iter_articles, iter_entities

TABLES = {
    "articles": ["id", "published", "outlet", "title", "url"],
    "entities": ["id", "type", "name", "country", "aliases", "mentions", "articles"],
    "mentions": ["article_id", "start", "end", "text", "type", "entity_id"],
    "events": ["id", "article_id", "type", "mode", "modality", "trigger", "event_time", "precision", "time_text",
               "reported", "attribution", "attribution_cue", "confidence", "evidence"],
    "event_participants": ["event_id", "role", "text", "entity_id", "entity", "entity_type", "country", "sector"],
    "quantities": ["id", "article_id", "value", "unit", "text", "measure", "evidence"],
}  # fmt: skip


def write_tables(engine: Engine, folder: Path | None) -> int:
    assert folder is not None  # the registry insists on a folder
    files = {name: (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") for name in TABLES}
    count = 0
    try:
        writers = {name: csv.writer(stream) for name, stream in files.items()}
        for name, columns in TABLES.items():
            writers[name].writerow(columns)
        for entity in iter_entities(engine):
            writers["entities"].writerow([entity.id, entity.type, entity.name, entity.country or "",
                                          "|".join(entity.aliases), entity.mentions, entity.articles])  # fmt: skip
            count += 1
        for record in iter_articles(engine):
            article = record.article
            writers["articles"].writerow([article.id, article.published, article.outlet or "", article.title or "",
                                          article.url or ""])  # fmt: skip
            for mention in article.mentions:
                writers["mentions"].writerow([article.id, mention.start, mention.end, mention.text, mention.label,
                                              mention.entity_id or ""])  # fmt: skip
            for event in record.events:
                writers["events"].writerow([
                    event.id, article.id, event.type, event.mode or "", event.modality, event.trigger,
                    event.event_time or "", event.precision or "", event.time_text or "", event.reported,
                    event.attribution or "", event.attribution_cue or "", event.confidence,
                    " ".join(event.evidence.sentence.split()),
                ])  # fmt: skip
                for p in event.participants:
                    writers["event_participants"].writerow([event.id, p.role, p.text, p.entity_id or "",
                                                            p.entity or "", p.entity_type or "", p.country or "",
                                                            p.sector or ""])  # fmt: skip
            for quantity in record.quantities:
                sentence = " ".join(quantity.evidence.sentence.split())
                writers["quantities"].writerow(
                    [
                        quantity.id,
                        article.id,
                        quantity.value,
                        quantity.unit,
                        quantity.text,
                        quantity.measure or "",
                        sentence,
                    ]
                )
            count += 1
    finally:
        for stream in files.values():
            stream.close()
    return count
