"""The dated things an entity is involved in, ordered by when they happened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, Engine, and_, select

from newsgraph.query.sentences import evidence as span_evidence
from newsgraph.query.sentences import evidence_columns, sentence_of
from newsgraph.query.views import Evidence, View
from newsgraph.store import schema
from newsgraph.store.resolved import Cluster, cluster, cluster_roles, latest_cluster_mentions
from newsgraph.timevalue import calendar_span, overlaps

# Dated mentions are looked for among this many of an entity's latest mentions.
TIMELINE_MENTIONS = 500


@dataclass(frozen=True, slots=True)
class TimelineEntry(View):
    """One dated statement about an entity: when it happened (``event_time``,
    an ISO-TimeML value at its own precision) and when it was reported."""

    event_time: str
    precision: str
    time_text: str
    reported: date
    what: str
    evidence: Evidence


def entity_timeline(
    engine: Engine,
    entity_id: int,
    since: date | None = None,
    until: date | None = None,
    reported_since: date | None = None,
    reported_until: date | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[TimelineEntry]:
    """The dated events of the canonical entity ``entity_id`` belongs to (of
    every name merged into it), and sentences that mention it together with
    a calendar date, ordered by event time, then report date; filters on
    either time. Events are read in event-time order from an index; dated
    mentions are looked for among the entity's latest TIMELINE_MENTIONS."""
    T, A, S, sentence = schema.timex, schema.article, schema.source, schema.sentence
    with engine.connect() as connection:
        found = cluster(connection, entity_id)
    latest = latest_cluster_mentions(found, TIMELINE_MENTIONS)
    query = (
        select(T.c.value, T.c.text, latest.c.sentence, T.c.id, latest.c.start, latest.c.end, *evidence_columns())
        .select_from(
            latest.join(T, and_(T.c.article_id == latest.c.article_id, T.c.sentence == latest.c.sentence))
            .join(A, A.c.id == latest.c.article_id)
            .join(sentence, sentence_of(latest))
            .outerjoin(S, S.c.id == A.c.source_id)
        )
        .where(T.c.type.in_(("DATE", "TIME")))
        .order_by(A.c.published, A.c.id, latest.c.start)
    )
    if reported_since is not None:
        query = query.where(A.c.published >= reported_since)
    if reported_until is not None:
        query = query.where(A.c.published <= reported_until)
    entries: dict[tuple[str, int, int], tuple[tuple, TimelineEntry]] = {}
    with engine.connect() as connection:
        # Events the entity takes part in come first; a dated sentence that
        # only mentions it is kept when no event of it covers that sentence.
        event_sentences: set[tuple[str, int]] = set()
        events = _entity_events(connection, found, since, until, reported_since, reported_until, offset + limit)
        for event in events:
            span = calendar_span(event.event_time)
            if span is None:
                continue
            key = (event.evidence.article_id, event.evidence.sentence_start, -len(entries) - 1)
            event_sentences.add((event.evidence.article_id, event.evidence.sentence_start))
            entries[key] = (
                (span.sort_key, event.reported, event.evidence.article_id, event.evidence.start),
                TimelineEntry(event.event_time, span.precision, event.time_text or "", event.reported,
                              event.what, event.evidence),
            )  # fmt: skip
        for value, time_text, sentence_index, timex_id, *mention in connection.execute(query):
            span = calendar_span(value)
            if span is None or not overlaps(span, since, until):
                continue
            evidence = span_evidence(*mention)
            key = (evidence.article_id, sentence_index, timex_id)
            if key in entries or (evidence.article_id, evidence.sentence_start) in event_sentences:
                continue
            entry = TimelineEntry(value, span.precision, time_text, evidence.published, "mentioned", evidence)
            entries[key] = ((span.sort_key, evidence.published, evidence.article_id, mention[0]), entry)
    ordered = [entry for _, entry in sorted(entries.values(), key=lambda pair: pair[0])]
    return ordered[offset : offset + limit]


@dataclass(frozen=True, slots=True)
class _EntityEvent:
    event_time: str
    time_text: str | None
    reported: date
    what: str
    evidence: Evidence


def _entity_events(
    connection: Connection,
    found: Cluster,
    since: date | None,
    until: date | None,
    reported_since: date | None,
    reported_until: date | None,
    limit: int,
) -> list[_EntityEvent]:
    EV, ER, A, S, sentence = schema.event, schema.event_role, schema.article, schema.source, schema.sentence
    query = (
        select(
            EV.c.type, EV.c.mode, EV.c.modality, EV.c.event_value, EV.c.timex_text, EV.c.report_date, ER.c.role,
            ER.c.start, ER.c.end, *evidence_columns(),
        )
        .select_from(
            ER.join(EV, EV.c.id == ER.c.event_id)
            .join(A, A.c.id == EV.c.article_id)
            .join(sentence, sentence_of(EV))
            .outerjoin(S, S.c.id == A.c.source_id)
        )
        .where(cluster_roles(found), ER.c.event_start.is_not(None))
        .order_by(ER.c.event_start, ER.c.event_end, ER.c.id)
        .limit(limit)
    )  # fmt: skip
    if since is not None:
        query = query.where(ER.c.event_end >= since)
    if until is not None:
        query = query.where(ER.c.event_start <= until)
    if reported_since is not None:
        query = query.where(EV.c.report_date >= reported_since)
    if reported_until is not None:
        query = query.where(EV.c.report_date <= reported_until)
    events = []
    for event_type, mode, modality, value, time_text, reported, role, *span in connection.execute(query):
        what = f"{event_type}{f' ({mode})' if mode else ''} as {role}, {modality}"
        events.append(_EntityEvent(value, time_text, reported, what, span_evidence(*span)))
    return events
