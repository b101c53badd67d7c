"""The web UI: server-rendered pages (Jinja2, autoescaped) over the same
query functions as the API; the graph is drawn in the browser from
/api/entities/{id}/neighbours by static/graph.js."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsgraph.api.errors import NotFoundError
from newsgraph.api.params import ArticleId, EntityId, EventId
from newsgraph.api.rest import engine_of, require_profile, resolve_article_id
from newsgraph.model import EventType
from newsgraph.query.articles import article_view
from newsgraph.query.entities import list_articles, list_entities, store_stats
from newsgraph.query.events import EventFilter, list_events
from newsgraph.query.evidence import event_in_article
from newsgraph.query.graph import CO_MENTION
from newsgraph.query.quantities import list_quantities
from newsgraph.query.search import search_articles, search_entities
from newsgraph.query.timeline import entity_timeline
from newsgraph.query.views import clamp_span

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text and how to show it ("" plain, or a CSS class)."""

    text: str
    kind: str = ""


def segments(text: str, spans: list[tuple[int, int, str]]) -> list[Segment]:
    """``text`` cut at non-overlapping ``spans`` (start, end, kind); the
    template escapes every piece, so article text is never trusted as HTML."""
    pieces, cursor = [], 0
    for start, end, kind in sorted((*clamp_span(len(text), start, end), kind) for start, end, kind in spans):
        if start < cursor or end <= start:
            continue
        pieces += [Segment(text[cursor:start]), Segment(text[start:end], kind)]
        cursor = end
    pieces.append(Segment(text[cursor:]))
    return [piece for piece in pieces if piece.text]


def sentence_segments(sentence: str, start: int, end: int) -> list[Segment]:
    return segments(sentence, [(start, end, "hit")])


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, template, context)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    engine = engine_of(request)
    top = {kind: list_entities(engine, entity_type=kind, limit=8) for kind in ("PERSON", "ORG", "GPE", "WEAPON")}
    return render(request, "home.html", stats=store_stats(engine), top=top, articles=list_articles(engine, limit=12))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    engine = engine_of(request)
    entities = search_entities(engine, q, limit=30) if q.strip() else []
    articles = search_articles(engine, q, limit=30) if q.strip() else []
    return render(request, "search.html", q=q, entities=entities, articles=articles)


@router.get("/entities/{entity_id}", response_class=HTMLResponse, name="entity_page")
def entity(request: Request, entity_id: EntityId) -> Response:
    """The page of a canonical entity; an id merged into another redirects
    to the entity it was merged into."""
    engine = engine_of(request)
    profile = require_profile(engine, entity_id)
    if profile.id != entity_id:
        return RedirectResponse(request.url_for("entity_page", entity_id=profile.id), status_code=307)
    events = list_events(engine, EventFilter(entity_id=entity_id), limit=200)
    participants: dict[int, tuple[str, str, int]] = {}
    for event in events:
        for participant in event.participants:
            if participant.entity_id and participant.entity_id != entity_id:
                name, kind, count = participants.get(
                    participant.entity_id, (participant.entity, participant.entity_type, 0)
                )
                participants[participant.entity_id] = (name or "", kind or "", count + 1)
    co_participants = sorted(participants.items(), key=lambda item: (-item[1][2], item[1][0]))
    return render(
        request,
        "entity.html",
        profile=profile,
        timeline=entity_timeline(engine, entity_id),
        events=events,
        co_participants=co_participants,
        edge_types=[t.value for t in EventType] + [CO_MENTION],
    )


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event(request: Request, event_id: EventId) -> HTMLResponse:
    found = event_in_article(engine_of(request), event_id)
    if found is None:
        raise NotFoundError(f"no event with id {event_id}")
    before = found.text[: found.sentence_start]
    sentence = found.text[found.sentence_start : found.sentence_end]
    after = found.text[found.sentence_end :]
    trigger = (found.trigger_start - found.sentence_start, found.trigger_end - found.sentence_start, "trigger")
    return render(
        request,
        "event.html",
        found=found,
        event=found.event,
        before=before,
        sentence=segments(sentence, [trigger]),
        after=after,
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: ArticleId) -> HTMLResponse:
    engine = engine_of(request)
    view = article_view(engine, resolve_article_id(engine, article_id))
    if view is None:
        raise NotFoundError(f"no article with id {article_id!r}")
    spans = [(m.start, m.end, "mention") for m in view.mentions] + [(t.start, t.end, "timex") for t in view.timexes]
    return render(
        request,
        "article.html",
        article=view,
        body=segments(view.text, spans),
        events=list_events(engine, EventFilter(article_id=view.id), limit=500),
        quantities=list_quantities(engine, article_id=view.id, limit=500),
    )
