"""One event with the whole article that states it, for showing the
evidence sentence in its context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, select

from newsgraph.query.articles import article_view
from newsgraph.query.events import EventFilter, EventView, list_events
from newsgraph.query.views import View
from newsgraph.store import schema


@dataclass(frozen=True, slots=True)
class EventInArticle(View):
    """An event and its article: ``sentence_start``/``sentence_end`` and
    ``trigger_start``/``trigger_end`` are offsets into ``text``."""

    event: EventView
    article_id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: date
    text: str
    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_end: int


def event_in_article(engine: Engine, event_id: int) -> EventInArticle | None:
    """The event with id ``event_id`` and its article, or None."""
    with engine.connect() as connection:
        article_id = connection.scalar(select(schema.event.c.article_id).where(schema.event.c.id == event_id))
    if article_id is None:
        return None
    event = next(
        (e for e in list_events(engine, EventFilter(article_id=article_id), limit=10_000) if e.id == event_id), None
    )
    article = article_view(engine, article_id)
    if event is None or article is None:
        return None
    evidence = event.evidence
    start = evidence.sentence_start
    return EventInArticle(
        event=event,
        article_id=article.id,
        title=article.title,
        outlet=article.outlet,
        url=article.url,
        published=article.published,
        text=article.text,
        sentence_start=start,
        sentence_end=start + len(evidence.sentence),
        trigger_start=start + evidence.start,
        trigger_end=start + evidence.end,
    )
