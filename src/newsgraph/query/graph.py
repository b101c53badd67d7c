"""The knowledge graph: entities as nodes, events as typed edges between their
participants, and co-mentions (two entities named in one sentence) as
weaker edges. One entity's neighbourhood, or the whole store (for exports)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, Engine, and_, func, select

from newsgraph.model import RoleName
from newsgraph.query.views import View
from newsgraph.store import schema
from newsgraph.store.resolved import (
    CANONICAL,
    Cluster,
    cluster,
    cluster_mention_ids,
    cluster_roles,
    participant_entity,
    resolved_mentions,
)

EV, ER, E, M = schema.event, schema.event_role, schema.entity, schema.mention

CO_MENTION = "CO_MENTION"


@dataclass(frozen=True, slots=True)
class GraphNode(View):
    id: int
    name: str
    type: str
    country: str | None
    focus: bool = False


@dataclass(frozen=True, slots=True)
class GraphEdge(View):
    """An event (``kind`` "event", ``type`` its PLOVER type, from an actor to
    another participant) or a co-mention (``kind`` "co-mention", ``weight``
    the number of sentences naming both)."""

    id: str
    source: int
    target: int
    kind: str
    type: str
    event_id: int | None
    modality: str | None
    event_time: str | None
    reported: date | None
    weight: int = 1


@dataclass(frozen=True, slots=True)
class Graph(View):
    nodes: list[GraphNode] = field(default_factory=list)
    edges: list[GraphEdge] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _EventRow:
    id: int
    type: str
    modality: str
    event_time: str | None
    reported: date


def _event_edges(events: dict[int, _EventRow], participants: dict[int, list[tuple[str, int]]]) -> list[GraphEdge]:
    """Edges of each event: from every actor to every other participant; an
    event without an actor links its participants to the first of them."""
    edges = []
    for event_id, roles in participants.items():
        event = events[event_id]
        entities = list(dict.fromkeys(entity for _, entity in roles))
        sources = list(dict.fromkeys(entity for role, entity in roles if role == RoleName.ACTOR)) or entities[:1]
        for source in sources:
            for target in entities:
                if target in sources:
                    continue
                edges.append(
                    GraphEdge(f"ev{event_id}-{source}-{target}", source, target, "event", event.type, event_id,
                              event.modality, event.event_time, event.reported)
                )  # fmt: skip
    return edges


def _events_with_participants(
    connection: Connection, event_ids: Iterable[int] | None
) -> tuple[dict[int, _EventRow], dict[int, list[tuple[str, int]]]]:
    query = select(EV.c.id, EV.c.type, EV.c.modality, EV.c.event_value, EV.c.report_date)
    participant = participant_entity()
    roles = select(ER.c.event_id, ER.c.role, participant).where(participant.is_not(None))
    if event_ids is not None:
        wanted = list(event_ids)
        query = query.where(EV.c.id.in_(wanted))
        roles = roles.where(ER.c.event_id.in_(wanted))
    events = {row[0]: _EventRow(*row) for row in connection.execute(query)}
    participants: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for event_id, role, entity_id in connection.execute(roles.order_by(ER.c.event_id, ER.c.id)):
        if event_id in events:
            participants[event_id].append((role, entity_id))
    return events, participants


def _co_mentions(connection: Connection, found: Cluster | None, limit: int) -> list[GraphEdge]:
    """Pairs of canonical entities named in the same sentence, with how many
    sentences: every pair, or those of ``found``'s entity."""
    first, second = resolved_mentions("first"), resolved_mentions("second")
    pairs = (
        select(first.c.entity_id.label("a"), second.c.entity_id.label("b"), first.c.article_id, first.c.sentence)
        .join(second, and_(second.c.article_id == first.c.article_id, second.c.sentence == first.c.sentence))
        .where(first.c.entity_id.is_not(None), second.c.entity_id.is_not(None), first.c.entity_id < second.c.entity_id)
        .distinct()
    )
    if found is not None:
        # Only the sentences naming the entity: read from its mentions' index.
        own = (
            select(M.c.article_id, M.c.sentence)
            .where(M.c.id.in_(cluster_mention_ids(found.size)))
            .distinct()
            .subquery()
        )
        pairs = pairs.join(own, and_(own.c.article_id == first.c.article_id, own.c.sentence == first.c.sentence))
        pairs = pairs.where((first.c.entity_id == CANONICAL) | (second.c.entity_id == CANONICAL))
    shared = pairs.subquery()
    sentences = func.count()
    query = (
        select(shared.c.a, shared.c.b, sentences)
        .group_by(shared.c.a, shared.c.b)
        .order_by(sentences.desc(), shared.c.a, shared.c.b)
        .limit(limit)
    )
    params = {} if found is None else found.params()
    return [
        GraphEdge(f"co{a}-{b}", a, b, "co-mention", CO_MENTION, None, None, None, None, count)
        for a, b, count in connection.execute(query, params)
    ]


def _nodes(connection: Connection, ids: Iterable[int], focus: int | None) -> list[GraphNode]:
    wanted = sorted(set(ids))
    nodes = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for entity_id, name, entity_type, country in connection.execute(
            select(E.c.id, E.c.canonical_name, E.c.type, E.c.country).where(E.c.id.in_(chunk))
        ):
            nodes.append(GraphNode(entity_id, name, entity_type, country, entity_id == focus))
    return sorted(nodes, key=lambda node: (not node.focus, node.name, node.id))


def entity_neighbourhood(
    engine: Engine,
    entity_id: int,
    event_types: Iterable[str] = (),
    since: date | None = None,
    until: date | None = None,
    co_mentions: bool = True,
    limit: int = 300,
) -> Graph | None:
    """The canonical entity ``entity_id`` belongs to, the events it takes part
    in (as edges between their participants) and the entities it shares
    sentences with. ``since`` and
    ``until`` bound the report date; ``event_types`` keeps only those PLOVER
    types. None when the entity does not exist."""
    types = [t.upper() for t in event_types if t]
    with engine.connect() as connection:
        if connection.scalar(select(E.c.id).where(E.c.id == entity_id)) is None:
            return None
        found = cluster(connection, entity_id)
        own_events = (
            select(EV.c.id)
            .join(ER, ER.c.event_id == EV.c.id)
            .where(cluster_roles(found.size))
            .distinct()
            .order_by(EV.c.id)
            .limit(limit)
        )
        if types:
            own_events = own_events.where(EV.c.type.in_(types))
        if since is not None:
            own_events = own_events.where(EV.c.report_date >= since)
        if until is not None:
            own_events = own_events.where(EV.c.report_date <= until)
        events, participants = _events_with_participants(
            connection, list(connection.scalars(own_events, found.params()))
        )
        edges = _event_edges(events, participants)
        if co_mentions and (not types or CO_MENTION in types):
            edges += _co_mentions(connection, found, limit)
        node_ids = {found.canonical} | {e.source for e in edges} | {e.target for e in edges}
        nodes = _nodes(connection, node_ids, found.canonical)
    return Graph(nodes, edges)


def store_graph(engine: Engine, co_mention_limit: int = 100_000) -> Graph:
    """Every entity that takes part in an event or shares a sentence with
    another, every event edge and every co-mention pair."""
    with engine.connect() as connection:
        events, participants = _events_with_participants(connection, None)
        edges = _event_edges(events, participants) + _co_mentions(connection, None, co_mention_limit)
        nodes = _nodes(connection, {e.source for e in edges} | {e.target for e in edges}, None)
    return Graph(nodes, edges)
