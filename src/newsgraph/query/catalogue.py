"""Everything in the store, page by page, for exports: articles with their
events and figures, and entities with their aliases and country."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select

from newsgraph.query.articles import ArticleView, article_view
from newsgraph.query.entities import list_articles
from newsgraph.query.events import EventFilter, EventView, list_events
from newsgraph.query.quantities import QuantityView, list_quantities
from newsgraph.query.views import View
from newsgraph.store import schema

PAGE = 500


@dataclass(frozen=True, slots=True)
class EntityRecord(View):
    id: int
    type: str
    name: str
    country: str | None
    mentions: int
    articles: int
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ArticleRecord(View):
    """One article with everything extracted from it."""

    article: ArticleView
    events: list[EventView]
    quantities: list[QuantityView]


def iter_entities(engine: Engine) -> Iterator[EntityRecord]:
    """Every entity, by id, with mention and article counts and aliases."""
    E, M, AL = schema.entity, schema.mention, schema.alias
    last = 0
    while True:
        with engine.connect() as connection:
            rows = connection.execute(
                select(E.c.id, E.c.type, E.c.canonical_name, E.c.country,
                       func.count(M.c.id), func.count(func.distinct(M.c.article_id)))
                .select_from(E.outerjoin(M, M.c.entity_id == E.c.id))
                .where(E.c.id > last)
                .group_by(E.c.id, E.c.type, E.c.canonical_name, E.c.country)
                .order_by(E.c.id)
                .limit(PAGE)
            ).all()  # fmt: skip
            if not rows:
                return
            aliases: dict[int, list[str]] = defaultdict(list)
            for entity_id, name in connection.execute(
                select(AL.c.entity_id, AL.c.name).where(AL.c.entity_id.in_([r[0] for r in rows])).order_by(AL.c.name)
            ):
                aliases[entity_id].append(name)
        for entity_id, entity_type, name, country, mentions, articles in rows:
            yield EntityRecord(entity_id, entity_type, name, country, mentions, articles, aliases[entity_id])
        last = rows[-1][0]


def iter_articles(engine: Engine) -> Iterator[ArticleRecord]:
    """Every article, newest first, with its mentions, timexes, events and figures."""
    offset = 0
    while True:
        page = list_articles(engine, limit=PAGE, offset=offset)
        if not page:
            return
        for summary in page:
            view = article_view(engine, summary.id)
            if view is None:
                continue
            events = list_events(engine, EventFilter(article_id=view.id), limit=100_000)
            quantities = list_quantities(engine, article_id=view.id, limit=100_000)
            yield ArticleRecord(view, events, quantities)
        offset += len(page)
