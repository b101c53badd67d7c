"""Commands that read the store: articles, entities, an entity's profile,
its timeline, events, one article, rejected inputs, counts. Each calls one
``newsgraph.query`` function and renders its answer (``render.py``)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from newsgraph.cli import _util
from newsgraph.cli._util import (
    EntityListTypeOption,
    EntityTypeOption,
    EventTypeOption,
    JsonFlag,
    LimitOption,
    OffsetOption,
    ReportedSinceOption,
    ReportedUntilOption,
    SinceOption,
    UntilOption,
    console,
    day,
    print_json,
    print_more,
    type_name,
)
from newsgraph.cli.render import (
    print_article,
    print_articles,
    print_entities,
    print_events,
    print_profile,
    print_rejected,
    print_stats,
    print_timeline,
)


def articles(limit: LimitOption = 50, offset: OffsetOption = 0, as_json: JsonFlag = False) -> None:
    """List stored articles, newest first. Example: newsgraph articles -n 10"""
    from newsgraph.query.entities import list_articles

    rows = list_articles(_util.engine(), limit=limit + 1, offset=offset)
    more, rows = len(rows) > limit, rows[:limit]
    if as_json:
        print_json(rows)
        return
    print_articles(rows)
    print_more(rows, limit, more)


def entities(
    entity_type: EntityListTypeOption = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    as_json: JsonFlag = False,
) -> None:
    """List entities, most mentioned first. Example: newsgraph entities --type PERSON"""
    from newsgraph.query.entities import list_entities

    rows = list_entities(_util.engine(), entity_type=type_name(entity_type), limit=limit + 1, offset=offset)
    more, rows = len(rows) > limit, rows[:limit]
    if as_json:
        print_json(rows)
        return
    print_entities(rows)
    print_more(rows, limit, more)


ENTITY_VERBS = ("why", "merge", "split")


def entity(
    words: Annotated[list[str], typer.Argument(help="NAME, or: why|merge|split A B.", metavar="NAME | VERB A B")],
    entity_type: EntityTypeOption = None,
    note: Annotated[str | None, typer.Option("--note", help="Why (merge/split).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Profile of an entity: type, aliases, mention count, the sentences it
    appears in (mention highlighted), roles and co-mentioned entities.
    With three arguments whose first is why, merge or split, explains or
    records a resolution decision between entities A and B (a name or #id):
    `entity why A B`, `entity merge A B`, `entity split A B`.
    Example: newsgraph entity "Bharat Forge"
    """
    from newsgraph.query.entities import entity_profile
    from newsgraph.query.lookup import canonical_ids

    if len(words) == 3 and words[0] in ENTITY_VERBS:
        from newsgraph.cli.resolution import entity_decision

        entity_decision(words[0], words[1], words[2], type_name(entity_type), note, as_json)
        return
    engine = _util.engine()
    ids = canonical_ids(engine, " ".join(words), type_name(entity_type))
    profiles = [entity_profile(engine, entity_id) for entity_id in ids]
    if as_json:
        print_json(p for p in profiles if p is not None)
        return
    for profile in profiles:
        if profile is not None:
            print_profile(profile)
            console.print()


def timeline(
    name: Annotated[str, typer.Argument(help="Entity name or alias.")],
    entity_type: EntityTypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    reported_since: ReportedSinceOption = None,
    reported_until: ReportedUntilOption = None,
    limit: LimitOption = 200,
    offset: OffsetOption = 0,
    as_json: JsonFlag = False,
) -> None:
    """The dated things an entity is involved in, ordered by when they happened,
    with the report date and the evidence sentence. A date known only to the
    month is shown as the month. Example: newsgraph timeline "Sanjeev Kumar"
    """
    from newsgraph.query.lookup import canonical_ids
    from newsgraph.query.timeline import entity_timeline

    engine = _util.engine()
    first = canonical_ids(engine, name, type_name(entity_type))[0]
    entries = entity_timeline(
        engine, first, day(since), day(until), day(reported_since), day(reported_until), limit + 1, offset
    )
    more, entries = len(entries) > limit, entries[:limit]
    if as_json:
        print_json(entries)
        return
    print_timeline(entries)
    print_more(entries, limit, more)


def events(
    event_type: EventTypeOption = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Actor name or alias.")] = None,
    recipient: Annotated[str | None, typer.Option("--recipient", help="Recipient name or alias.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Participant country (ISO alpha-3).")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    reported_since: ReportedSinceOption = None,
    reported_until: ReportedUntilOption = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    as_json: JsonFlag = False,
) -> None:
    """PLOVER-coded events with participants, time, modality, attribution and
    the evidence sentence (trigger highlighted), ordered by event time.
    --since/--until filter by when it happened, --reported-since/--reported-until
    by when it was reported. Example: newsgraph events --type CONSULT --country IND
    """
    from newsgraph.query.events import EventFilter, list_events

    criteria = EventFilter(
        type=type_name(event_type),
        actor=actor,
        recipient=recipient,
        country=country,
        since=day(since),
        until=day(until),
        reported_since=day(reported_since),
        reported_until=day(reported_until),
    )
    rows = list_events(_util.engine(), criteria, limit=limit + 1, offset=offset)
    more, rows = len(rows) > limit, rows[:limit]
    if as_json:
        print_json(rows)
        return
    print_events(rows)
    print_more(rows, limit, more)


def show(
    article_id: Annotated[str, typer.Argument(help="Article id, or a unique prefix of it.")],
    as_json: JsonFlag = False,
) -> None:
    """An article with its timexes highlighted and their values, and its
    entities. Example: newsgraph show 1881a3cc
    """
    from newsgraph.model import NotFoundError
    from newsgraph.query.articles import article_view
    from newsgraph.query.events import EventFilter, list_events
    from newsgraph.query.lookup import article_id as find_article
    from newsgraph.query.resolution import story_of_article

    engine = _util.engine()
    found = find_article(engine, article_id)
    view = article_view(engine, found)
    if view is None:
        raise NotFoundError(f"no article with id starting {article_id!r}")
    if as_json:
        print_json([view])
        return
    print_article(view, story_of_article(engine, view.id))
    article_events = list_events(engine, EventFilter(article_id=view.id), limit=1000)
    if article_events:
        console.print(Text("events", style="bold"))
        print_events(article_events)


def rejected(limit: LimitOption = 100, offset: OffsetOption = 0, as_json: JsonFlag = False) -> None:
    """List rejected inputs with file, position and reason. Example: newsgraph rejected"""
    from newsgraph.query.entities import list_rejected

    rows = list_rejected(_util.engine(), limit=limit + 1, offset=offset)
    more, rows = len(rows) > limit, rows[:limit]
    if as_json:
        print_json(rows)
        return
    print_rejected(rows)
    print_more(rows, limit, more)


def stats(as_json: JsonFlag = False) -> None:
    """Counts of what the store holds. Example: newsgraph stats"""
    from newsgraph.query.entities import store_stats

    result = store_stats(_util.engine())
    if as_json:
        print_json([result])
        return
    print_stats(result)
