"""Finding what a surface was asked for by name, id or id prefix: each
function answers, or raises the domain's ``NotFoundError`` with one line saying
what was missing (the CLI exits 2 with it, the API answers 404)."""

from __future__ import annotations

from sqlalchemy import Engine

from newsgraph.model import NotFoundError
from newsgraph.query.articles import find_article_ids
from newsgraph.query.entities import find_canonical_ids, find_entity_ids
from newsgraph.query.resolution import StoryArticle, StorySummary, story_detail


def entity_ids(engine: Engine, name: str, entity_type: str | None = None) -> list[int]:
    """Ids of the entities named ``name`` (name or alias), most mentioned first."""
    ids = find_entity_ids(engine, name, entity_type)
    if not ids:
        raise NotFoundError(f"no entity named {name!r}")
    return ids


def canonical_ids(engine: Engine, name: str, entity_type: str | None = None) -> list[int]:
    """Ids of the canonical entities a name or alias stands for (after every
    resolution judgement), most mentioned first: what reads show."""
    ids = find_canonical_ids(engine, name, entity_type)
    if not ids:
        raise NotFoundError(f"no entity named {name!r}")
    return ids


def entity_reference(engine: Engine, reference: str, entity_type: str | None = None) -> int:
    """An entity named by ``#id`` or by a name or alias (the most mentioned)."""
    if reference.startswith("#") and reference[1:].isdigit():
        return int(reference[1:])
    return entity_ids(engine, reference, entity_type)[0]


def article_id(engine: Engine, prefix: str) -> str:
    """The one stored article whose id starts with ``prefix``."""
    ids = find_article_ids(engine, prefix)
    if len(ids) != 1:
        problem = "no article" if not ids else f"{len(ids)} articles"
        raise NotFoundError(f"{problem} with id starting {prefix!r}")
    return ids[0]


def story(engine: Engine, story_id: int) -> tuple[StorySummary, list[StoryArticle]]:
    """A story's summary and its articles."""
    found = story_detail(engine, story_id)
    if found is None:
        raise NotFoundError(f"no story {story_id}")
    return found
