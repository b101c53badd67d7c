"""The entities of one article, without a store: within-article resolution
(``within.py``) on an in-memory extraction, numbered in order of first
mention, so that ``newsgraph extract`` can give each mention the entity it
refers to ("Kumar" and "Sanjeev Kumar" share one id; ids are local to the
article, not the ids of a store)."""

from __future__ import annotations

from typing import Any

from newsgraph.model import Extraction, normalise_name
from newsgraph.resolve.within import resolve_within


def article_entities(extraction: Extraction) -> tuple[list[int | None], list[dict[str, Any]]]:
    """The local entity id of each mention (None when unlinked) and the
    entities (id, type, name) in order of first mention."""
    article = extraction.article
    within = resolve_within(article.text, extraction.mentions, extraction.roles, article.outlet)
    ids: dict[tuple[str, str], int] = {}
    entities: list[dict[str, Any]] = []
    of_mention: list[int | None] = [None] * len(extraction.mentions)
    for link in sorted(within.links, key=lambda link: link.mention):
        key = (link.type, normalise_name(link.name))
        if not key[1]:
            continue
        if key not in ids:
            ids[key] = len(entities) + 1
            entities.append({"id": ids[key], "type": link.type, "name": link.name})
        of_mention[link.mention] = ids[key]
    return of_mention, entities


def extraction_json(extraction: Extraction) -> dict[str, Any]:
    """``Extraction.to_json`` with each mention's local ``entity`` id and the
    article's ``entities``."""
    data = extraction.to_json()
    of_mention, entities = article_entities(extraction)
    for mention, entity_id in zip(data["mentions"], of_mention, strict=True):
        mention["entity"] = entity_id
    data["entities"] = entities
    return data
