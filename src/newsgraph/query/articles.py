"""One stored article with what was extracted from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine, select

from newsgraph.query.views import View
from newsgraph.store import schema
from newsgraph.store.resolved import resolved_mentions
from newsgraph.timevalue import calendar_span


@dataclass(frozen=True, slots=True)
class SpanView(View):
    start: int
    end: int
    text: str
    label: str  # entity type, or timex type
    value: str | None = None  # timex value
    precision: str | None = None
    entity_id: int | None = None  # a mention's canonical entity
    entity: str | None = None  # its name
    entity_type: str | None = None  # and its type (a demonym's entity is its country)


@dataclass(frozen=True, slots=True)
class ArticleView(View):
    id: str
    published: date
    outlet: str | None
    url: str | None
    title: str | None
    text: str
    mentions: list[SpanView] = field(default_factory=list)
    timexes: list[SpanView] = field(default_factory=list)


def find_article_ids(engine: Engine, prefix: str) -> list[str]:
    """Ids of stored articles starting with ``prefix`` (ids are long)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    with engine.connect() as connection:
        return list(
            connection.scalars(
                select(schema.article.c.id).where(schema.article.c.id.like(f"{escaped}%", escape="\\")).limit(10)
            )
        )


def article_view(engine: Engine, article_id: str) -> ArticleView | None:
    A, S, T = schema.article, schema.source, schema.timex
    with engine.connect() as connection:
        row = connection.execute(
            select(A.c.id, A.c.published, S.c.name, A.c.url, A.c.title, A.c.text)
            .select_from(A.outerjoin(S, S.c.id == A.c.source_id))
            .where(A.c.id == article_id)
        ).first()
        if row is None:
            return None
        mention, E = resolved_mentions(), schema.entity
        mentions = [
            SpanView(*span, entity_id=entity_id, entity=entity, entity_type=entity_type)
            for *span, entity_id, entity, entity_type in connection.execute(
                select(mention.c.start, mention.c.end, mention.c.text, mention.c.type)
                .add_columns(mention.c.entity_id, E.c.canonical_name, E.c.type)
                .select_from(mention.outerjoin(E, E.c.id == mention.c.entity_id))
                .where(mention.c.article_id == article_id)
                .order_by(mention.c.start, mention.c.id)
            )
        ]
        timexes = []
        for start, end, text, label, value in connection.execute(
            select(T.c.start, T.c.end, T.c.text, T.c.type, T.c.value)
            .where(T.c.article_id == article_id)
            .order_by(T.c.start)
        ):
            span = calendar_span(value)
            timexes.append(SpanView(start, end, text, label, value, span.precision if span else None))
    return ArticleView(row.id, row.published, row.name, row.url, row.title, row.text, mentions, timexes)
