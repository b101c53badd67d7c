"""The JSON API under /api: thin wrappers over ``newsgraph.query``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from newsgraph.api.body import OPENAPI_BODY, items_from_body, read_limited
from newsgraph.api.errors import (
    BODY_RESPONSES,
    ERROR_RESPONSES,
    BadRequestError,
    NotFoundError,
    NothingIngestedError,
)
from newsgraph.api.params import ArticleId, Country, EntityId, EventId, IsoDate, Limit, Name, Offset, SearchText
from newsgraph.model import EntityType, EventType
from newsgraph.query.articles import ArticleView, article_view, find_article_ids
from newsgraph.query.entities import entity_profile, list_articles, list_entities, list_rejected, store_stats
from newsgraph.query.events import EventFilter, EventView, list_events
from newsgraph.query.evidence import EventInArticle, event_in_article
from newsgraph.query.graph import CO_MENTION, Graph, entity_neighbourhood
from newsgraph.query.quantities import QuantityView, list_quantities
from newsgraph.query.search import ArticleHit, EntityHit, search_articles, search_entities
from newsgraph.query.timeline import TimelineEntry, entity_timeline
from newsgraph.query.views import (
    ArticleSummary,
    EntityProfile,
    EntitySummary,
    RejectedView,
    RoleView,
    StoreStats,
)

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)


class DyadRequest(BaseModel):
    """A sentence and the two parties whose relation is to be coded, as written in it."""

    sentence: str = Field(min_length=1, max_length=5000)
    source: str = Field(min_length=1, max_length=500)
    target: str = Field(min_length=1, max_length=500)


Since = Annotated[IsoDate | None, Query(description="Happened on or after (event time), YYYY-MM-DD.")]
Until = Annotated[IsoDate | None, Query(description="Happened on or before (event time), YYYY-MM-DD.")]
ReportedSince = Annotated[IsoDate | None, Query(description="Reported on or after (article date), YYYY-MM-DD.")]
ReportedUntil = Annotated[IsoDate | None, Query(description="Reported on or before (article date), YYYY-MM-DD.")]


def engine_of(request: Request) -> Engine:
    return request.app.state.engine


def resolve_article_id(engine: Engine, prefix: str) -> str:
    ids = find_article_ids(engine, prefix)
    if len(ids) != 1:
        raise NotFoundError(f"no article with id {prefix!r}" if not ids else f"id prefix {prefix!r} is ambiguous")
    return ids[0]


def require_profile(engine: Engine, entity_id: int) -> EntityProfile:
    profile = entity_profile(engine, entity_id)
    if profile is None:
        raise NotFoundError(f"no entity with id {entity_id}")
    return profile


@router.get("/stats", response_model=StoreStats, tags=["store"])
def stats(request: Request) -> Any:
    """Counts of what the store holds."""
    return store_stats(engine_of(request))


@router.get("/articles", response_model=list[ArticleSummary], tags=["articles"])
def articles(request: Request, limit: Limit = 50, offset: Offset = 0) -> Any:
    """Stored articles, newest first."""
    return list_articles(engine_of(request), limit=limit, offset=offset)


@router.post("/articles", tags=["articles"], openapi_extra=OPENAPI_BODY, responses=BODY_RESPONSES)
async def post_articles(request: Request) -> dict[str, Any]:
    """Ingest a JSON article (or a list of them), an HTML page or an RSS/Atom
    feed, by Content-Type. Already stored articles are skipped; rejected
    records are listed with their reason (422 when nothing could be read)."""
    raw = await read_limited(request)
    items = items_from_body(request.headers.get("content-type", ""), raw)
    report = await request.app.state.writer.ingest(items)
    result = report.to_json() | {"stored_ids": report.stored, "present_ids": report.present}
    if report.read == 0:
        reasons = "; ".join(f"{r}" for r in report.rejected) or "no article in the body"
        raise NothingIngestedError(f"nothing ingested: {reasons}")
    return result


@router.post("/code", tags=["events"], responses=BODY_RESPONSES)
async def code(request: Request, dyad: DyadRequest) -> dict[str, object]:
    """Code what a sentence says the source did to the target: PLOVER type,
    mode, modality, trigger and evidence offsets (422 when a party is not in
    the sentence)."""
    coding = await request.app.state.writer.code_dyad(dyad.sentence, dyad.source, dyad.target)
    return coding.to_json()


@router.get("/articles/{article_id}", response_model=ArticleView, tags=["articles"])
def article(request: Request, article_id: ArticleId) -> Any:
    """An article (id or unique prefix) with its mentions and timexes."""
    engine = engine_of(request)
    view = article_view(engine, resolve_article_id(engine, article_id))
    if view is None:
        raise NotFoundError(f"no article with id {article_id!r}")
    return view


@router.get("/articles/{article_id}/events", response_model=list[EventView], tags=["articles", "events"])
def article_events(request: Request, article_id: ArticleId, limit: Limit = 100, offset: Offset = 0) -> Any:
    """The events an article states, in event-time order."""
    engine = engine_of(request)
    criteria = EventFilter(article_id=resolve_article_id(engine, article_id))
    return list_events(engine, criteria, limit=limit, offset=offset)


@router.get("/entities", response_model=list[EntitySummary], tags=["entities"])
def entities(request: Request, type: EntityType | None = None, limit: Limit = 50, offset: Offset = 0) -> Any:
    """Entities by number of mentions, most mentioned first."""
    return list_entities(engine_of(request), entity_type=type, limit=limit, offset=offset)


@router.get("/entities/search", response_model=list[EntityHit], tags=["entities", "search"])
def entities_search(
    request: Request,
    q: SearchText,
    type: EntityType | None = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Any:
    """Entities whose name or an alias contains ``q``, exact names first."""
    return search_entities(engine_of(request), q, entity_type=type, limit=limit, offset=offset)


@router.get("/entities/{entity_id}", response_model=EntityProfile, tags=["entities"])
def entity(request: Request, entity_id: EntityId) -> Any:
    """Profile: aliases, mentions, roles, evidence sentences, co-mentions."""
    return require_profile(engine_of(request), entity_id)


@router.get("/entities/{entity_id}/roles", response_model=list[RoleView], tags=["entities"])
def entity_roles(request: Request, entity_id: EntityId) -> Any:
    """The titles a person held, by as-of date, each with its evidence."""
    return require_profile(engine_of(request), entity_id).roles


@router.get("/entities/{entity_id}/timeline", response_model=list[TimelineEntry], tags=["entities"])
def entity_timeline_route(
    request: Request,
    entity_id: EntityId,
    since: Since = None,
    until: Until = None,
    reported_since: ReportedSince = None,
    reported_until: ReportedUntil = None,
) -> Any:
    """Dated things the entity is involved in, by when they happened."""
    engine = engine_of(request)
    require_profile(engine, entity_id)
    return entity_timeline(engine, entity_id, since, until, reported_since, reported_until)


@router.get("/entities/{entity_id}/events", response_model=list[EventView], tags=["entities", "events"])
def entity_events(
    request: Request,
    entity_id: EntityId,
    type: EventType | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    """Events the entity takes part in, in any role."""
    engine = engine_of(request)
    require_profile(engine, entity_id)
    return list_events(engine, EventFilter(type=type, entity_id=entity_id), limit=limit, offset=offset)


@router.get("/entities/{entity_id}/neighbours", response_model=Graph, tags=["entities", "graph"])
def entity_neighbours(
    request: Request,
    entity_id: EntityId,
    types: Annotated[
        list[str] | None, Query(max_length=20, description=f"PLOVER types to keep, and/or {CO_MENTION}.")
    ] = None,
    reported_since: ReportedSince = None,
    reported_until: ReportedUntil = None,
    limit: Limit = 300,
) -> Any:
    """The entity's neighbourhood: entities as nodes, events as typed edges
    (actor → other participant) and co-mentions as weighted edges."""
    known = {t.value for t in EventType} | {CO_MENTION}
    unknown = [t for t in types or () if t.upper() not in known]
    if unknown:
        raise BadRequestError(
            f"unknown edge type(s) {', '.join(map(repr, unknown))}; known: {', '.join(sorted(known))}"
        )
    graph = entity_neighbourhood(
        engine_of(request), entity_id, types or (), since=reported_since, until=reported_until, limit=limit
    )
    if graph is None:
        raise NotFoundError(f"no entity with id {entity_id}")
    return graph


@router.get("/events", response_model=list[EventView], tags=["events"])
def events(
    request: Request,
    type: EventType | None = None,
    actor: Name = None,
    recipient: Name = None,
    participant: Name = None,
    country: Country = None,
    since: Since = None,
    until: Until = None,
    reported_since: ReportedSince = None,
    reported_until: ReportedUntil = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    """PLOVER-coded events, by event time; the same filters as ``newsgraph events``."""
    criteria = EventFilter(
        type=type, actor=actor, recipient=recipient, participant=participant, country=country, since=since,
        until=until, reported_since=reported_since, reported_until=reported_until,
    )  # fmt: skip
    return list_events(engine_of(request), criteria, limit=limit, offset=offset)


@router.get("/events/{event_id}", response_model=EventInArticle, tags=["events"])
def event(request: Request, event_id: EventId) -> Any:
    """One event with its article; offsets locate the evidence sentence."""
    found = event_in_article(engine_of(request), event_id)
    if found is None:
        raise NotFoundError(f"no event with id {event_id}")
    return found


@router.get("/quantities", response_model=list[QuantityView], tags=["quantities"])
def quantities(
    request: Request,
    unit: Annotated[str | None, Query(max_length=16, description="%, count, or an ISO 4217 code.")] = None,
    article_id: Annotated[str | None, Query(max_length=40)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    """Figures with their unit, what they measure, and evidence."""
    return list_quantities(engine_of(request), article_id=article_id, unit=unit, limit=limit, offset=offset)


@router.get("/search", tags=["search"])
def search(request: Request, q: SearchText, limit: Limit = 20, offset: Offset = 0) -> dict[str, list[Any]]:
    """Entities whose name contains ``q`` and articles containing every word
    of ``q`` (case-insensitive substring match, newest first)."""
    engine = engine_of(request)
    return {
        "entities": [hit.to_json() for hit in search_entities(engine, q, limit=limit, offset=offset)],
        "articles": [hit.to_json() for hit in search_articles(engine, q, limit=limit, offset=offset)],
    }


@router.get("/search/articles", response_model=list[ArticleHit], tags=["search"])
def search_articles_route(request: Request, q: SearchText, limit: Limit = 20, offset: Offset = 0) -> Any:
    """Full-text search over article titles and texts."""
    return search_articles(engine_of(request), q, limit=limit, offset=offset)


@router.get("/rejected", response_model=list[RejectedView], tags=["store"])
def rejected(request: Request, limit: Limit = 100, offset: Offset = 0) -> Any:
    """Inputs that could not be ingested, with the reason."""
    return list_rejected(engine_of(request), limit=limit, offset=offset)
