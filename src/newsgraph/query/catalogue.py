"""Everything in the store, page by page, for exports: articles with their
events and figures, and entities with their aliases and country."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Engine, exists, func, select

from newsgraph.query.articles import ArticleView, article_view
from newsgraph.query.entities import list_articles
from newsgraph.query.events import EventFilter, EventView, list_events
from newsgraph.query.quantities import QuantityView, list_quantities
from newsgraph.query.views import View
from newsgraph.store import schema
from newsgraph.store.resolved import resolved_mentions

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
    """Every canonical entity, by id, with mention and article counts (of
    every name merged into it) and its aliases (all those names). Entities
    merged into another, and those whose every mention was linked to
    another, are left out."""
    E, M, AL, EC = schema.entity, schema.mention, schema.alias, schema.entity_canonical
    mention = resolved_mentions()
    with engine.connect() as connection:
        counts = {
            entity_id: (mentions, articles)
            for entity_id, mentions, articles in connection.execute(
                select(mention.c.entity_id, func.count(), func.count(func.distinct(mention.c.article_id)))
                .where(mention.c.entity_id.is_not(None))
                .group_by(mention.c.entity_id)
            )
        }
    merged_away = exists().where(EC.c.entity_id == E.c.id, EC.c.canonical_id != E.c.id)
    last = 0
    while True:
        with engine.connect() as connection:
            rows = connection.execute(
                select(E.c.id, E.c.type, E.c.canonical_name, E.c.country)
                .where(E.c.id > last, ~merged_away)
                .order_by(E.c.id)
                .limit(PAGE)
            ).all()
            if not rows:
                return
            ids = [row[0] for row in rows]
            written = set(connection.scalars(select(M.c.entity_id).where(M.c.entity_id.in_(ids)).distinct()))
            members: dict[int, set[int]] = defaultdict(set)
            for member, head in connection.execute(
                select(EC.c.entity_id, EC.c.canonical_id).where(EC.c.canonical_id.in_(ids))
            ):
                members[head].add(member)
            names: dict[int, set[str]] = defaultdict(set)
            every = sorted({i for i in ids} | {m for found in members.values() for m in found})
            head_of = {m: head for head, found in members.items() for m in found} | {i: i for i in ids}
            for entity_id, name in connection.execute(
                select(AL.c.entity_id, AL.c.name).where(AL.c.entity_id.in_(every))
            ):
                names[head_of[entity_id]].add(name)
            for entity_id, name in connection.execute(select(E.c.id, E.c.canonical_name).where(E.c.id.in_(every))):
                if entity_id != head_of[entity_id]:
                    names[head_of[entity_id]].add(name)
        for entity_id, entity_type, name, country in rows:
            if entity_id not in counts and entity_id in written:
                continue  # every mention of it was linked to another entity
            mentions, articles = counts.get(entity_id, (0, 0))
            yield EntityRecord(entity_id, entity_type, name, country, mentions, articles, sorted(names[entity_id]))
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
