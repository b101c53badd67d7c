"""Event search: PLOVER events with their participants and evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Connection, Engine, Select, and_, case, exists, func, or_, select

from newsgraph.model import normalise_name
from newsgraph.query.sentences import evidence as span_evidence
from newsgraph.query.sentences import evidence_columns, sentence_of
from newsgraph.query.views import Evidence, View
from newsgraph.store import schema
from newsgraph.store.resolved import Cluster, canonical, cluster, cluster_roles, participant_entity

EV, ER, A, S, E = schema.event, schema.event_role, schema.article, schema.source, schema.entity


@dataclass(frozen=True, slots=True)
class ParticipantView(View):
    role: str
    text: str
    entity_id: int | None
    entity: str | None
    entity_type: str | None
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class EventView(View):
    id: int
    type: str
    mode: str | None
    context: list[str]
    modality: str
    trigger: str
    event_time: str | None  # ISO-TimeML value at its own precision
    precision: str | None
    time_text: str | None
    reported: date
    attribution: str | None
    attribution_cue: str | None
    confidence: float
    evidence: Evidence  # start/end: the trigger within the sentence
    participants: list[ParticipantView] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class EventFilter:
    type: str | None = None
    actor: str | None = None
    recipient: str | None = None
    participant: str | None = None  # any role
    country: str | None = None
    since: date | None = None  # by event time
    until: date | None = None
    reported_since: date | None = None  # by report time
    reported_until: date | None = None
    article_id: str | None = None
    entity_id: int | None = None  # a participant, in any role: the canonical entity of this id


def _participant_named(role: str | None, name: str) -> object:
    """Events with a participant (in ``role``, or any) whose canonical entity
    has a name or alias (of any entity merged into it) that normalises like
    ``name``, or whose own text is ``name``."""
    key = normalise_name(name)
    by_alias = select(schema.alias.c.entity_id).where(schema.alias.c.normalised_name == key)
    named = select(canonical(E.c.id)).where(or_(E.c.normalised_name == key, E.c.id.in_(by_alias)))
    condition = and_(ER.c.event_id == EV.c.id, or_(participant_entity().in_(named), ER.c.text == name))
    if role is not None:
        condition = and_(condition, ER.c.role == role)
    return exists().where(condition)


def _filtered(query: Select, criteria: EventFilter, participant: Cluster | None = None) -> Select:
    if criteria.type:
        query = query.where(EV.c.type == criteria.type.upper())
    if criteria.actor:
        query = query.where(_participant_named("actor", criteria.actor))
    if criteria.recipient:
        query = query.where(_participant_named("recipient", criteria.recipient))
    if criteria.participant:
        query = query.where(_participant_named(None, criteria.participant))
    if criteria.country:
        query = query.where(exists().where(ER.c.event_id == EV.c.id, ER.c.country == criteria.country.upper()))
    # An event matches a time range when the interval it denotes overlaps it
    # (the lower bound on event_start that keeps this an index range read is
    # added by _ordered_ids).
    if criteria.since is not None:
        query = query.where(EV.c.event_end >= criteria.since)
    if criteria.until is not None:
        query = query.where(EV.c.event_start <= criteria.until)
    if criteria.reported_since is not None:
        query = query.where(EV.c.report_date >= criteria.reported_since)
    if criteria.reported_until is not None:
        query = query.where(EV.c.report_date <= criteria.reported_until)
    if criteria.article_id is not None:
        query = query.where(EV.c.article_id == criteria.article_id)
    if participant is not None:
        query = query.where(exists().where(ER.c.event_id == EV.c.id, cluster_roles(participant.size)))
    return query


# Precisions whose interval can be longer than a year (see timevalue).
LONG_PRECISIONS = ("decade", "century")
LONGEST_SHORT_SPAN = timedelta(days=366)
SORT_KEYS = (EV.c.event_start, EV.c.event_end, EV.c.report_date, EV.c.id)


def _ordered_ids(connection: Connection, criteria: EventFilter, limit: int, offset: int) -> list[int]:
    """Ids of one page of matching events in event-time order. With a
    ``since``, events of at most a year are read as an index range on their
    start (they cannot start more than a year before ``since`` and still
    overlap it) and the rare longer ones apart, then the two are merged."""
    keys = select(*SORT_KEYS)
    participant = None if criteria.entity_id is None else cluster(connection, criteria.entity_id)
    params = {} if participant is None else participant.params()
    if criteria.since is None:
        query = (
            _filtered(keys, criteria, participant)
            .order_by(EV.c.event_start.is_(None), *SORT_KEYS)
            .limit(limit)
            .offset(offset)
        )
        return [row.id for row in connection.execute(query, params)]
    base = _filtered(keys, criteria, participant)
    short = base.where(EV.c.event_start >= criteria.since - LONGEST_SHORT_SPAN)
    long = base.where(EV.c.event_precision.in_(LONG_PRECISIONS))
    rows: set[tuple] = set()
    for part in (short, long):
        rows.update(tuple(row) for row in connection.execute(part.order_by(*SORT_KEYS).limit(offset + limit), params))
    return [row[3] for row in sorted(rows)[offset : offset + limit]]


def list_events(
    engine: Engine, criteria: EventFilter | None = None, limit: int = 50, offset: int = 0
) -> list[EventView]:
    """Events matching ``criteria``, ordered by event time (undated last),
    then report date."""
    criteria = criteria or EventFilter()
    sentence = schema.sentence
    attribution = schema.attribution
    query = select(
        EV.c.id,
        EV.c.type,
        EV.c.mode,
        EV.c.context,
        EV.c.modality,
        EV.c.trigger,
        EV.c.event_value,
        EV.c.event_precision,
        EV.c.timex_text,
        EV.c.report_date,
        attribution.c.source,
        attribution.c.cue,
        EV.c.confidence,
        EV.c.trigger_start,
        EV.c.trigger_end,
        *evidence_columns(),
    ).select_from(
        EV.join(A, A.c.id == EV.c.article_id)
        .join(sentence, sentence_of(EV))
        .outerjoin(attribution, attribution.c.id == EV.c.attribution_id)
        .outerjoin(S, S.c.id == A.c.source_id)
    )
    with engine.connect() as connection:
        ids = _ordered_ids(connection, criteria, limit, offset)
        order = {event_id: position for position, event_id in enumerate(ids)}
        rows = sorted(connection.execute(query.where(EV.c.id.in_(ids))).all(), key=lambda row: order[row[0]])
        event_ids = [row[0] for row in rows]
        participants: dict[int, list[ParticipantView]] = {i: [] for i in event_ids}
        entity = E.alias()
        if event_ids:
            for event_id, *values in connection.execute(
                select(
                    ER.c.event_id,
                    ER.c.role,
                    ER.c.text,
                    entity.c.id,
                    entity.c.canonical_name,
                    # a typed participant has the type of the entity it resolves to
                    # ("Veltrix" tagged GPE is the company); one the extraction left
                    # untyped ("Kenyan officials": a country's government) stays so
                    case((ER.c.entity_type.is_(None), None), else_=func.coalesce(entity.c.type, ER.c.entity_type)),
                    ER.c.country,
                    ER.c.sector,
                )
                .select_from(ER.outerjoin(entity, entity.c.id == participant_entity()))
                .where(ER.c.event_id.in_(event_ids))
                .order_by(ER.c.event_id, ER.c.id)
            ):
                participants[event_id].append(ParticipantView(*values))
    views = []
    for (
        event_id,
        event_type,
        mode,
        context,
        modality,
        trigger,
        value,
        precision,
        time_text,
        reported,
        source,
        cue,
        confidence,
        *trigger_span,
    ) in rows:
        evidence = span_evidence(*trigger_span)
        views.append(
            EventView(
                event_id, event_type, mode, list(context or ()), modality, trigger, value, precision, time_text,
                reported, source, cue, confidence, evidence, participants[event_id],
            )
        )  # fmt: skip
    return views
