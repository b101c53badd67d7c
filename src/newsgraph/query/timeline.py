"""The dated things an entity is involved in, ordered by when they happened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

from sqlalchemy import Connection, Engine, Select, and_, bindparam, select

from newsgraph.query.sentences import evidence as span_evidence
from newsgraph.query.sentences import evidence_columns, sentence_of
from newsgraph.query.views import Evidence, View
from newsgraph.store import schema
from newsgraph.store.resolved import cluster, cluster_role_times, latest_cluster_mentions
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
    with engine.connect() as connection:
        found = cluster(connection, entity_id)
    filters = Filters(since is not None, until is not None, reported_since is not None, reported_until is not None)
    params = found.params() | {
        "since": since,
        "until": until,
        "reported_since": reported_since,
        "reported_until": reported_until,
        "mentions_limit": TIMELINE_MENTIONS,
        "events_limit": offset + limit,
    }
    reads = _timeline_reads(found.size, filters)
    entries: dict[tuple[str, int, int], tuple[tuple, TimelineEntry]] = {}
    with engine.connect() as connection:
        # Events the entity takes part in come first; a dated sentence that
        # only mentions it is kept when no event of it covers that sentence.
        event_sentences: set[tuple[str, int]] = set()
        events = _entity_events(connection, reads.events, params)
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
        for value, time_text, sentence_index, timex_id, *mention in connection.execute(reads.dated_mentions, params):
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


def _entity_events(connection: Connection, read: Select, params: dict[str, object]) -> list[_EntityEvent]:  # type: ignore[type-arg]
    events = []
    for event_type, mode, modality, value, time_text, reported, role, named, *span in connection.execute(read, params):
        what = f"{event_type}{f' ({mode})' if mode else ''} as {role}, {modality}"
        # A participant carried over from an earlier sentence is highlighted
        # where this sentence names it, if it does (see ``span_evidence``).
        events.append(_EntityEvent(value, time_text, reported, what, span_evidence(*span, named=named)))
    return events


class Filters(NamedTuple):
    """Which of the time filters a timeline has (each read is built once per
    cluster size and set of filters, with the values as parameters)."""

    since: bool
    until: bool
    reported_since: bool
    reported_until: bool


@dataclass(frozen=True)
class _TimelineReads:
    events: Select  # type: ignore[type-arg]
    dated_mentions: Select  # type: ignore[type-arg]


@cache
def _timeline_reads(size: int, filters: Filters) -> _TimelineReads:
    EV, ER, A, S, sentence, T = (
        schema.event, schema.event_role, schema.article, schema.source, schema.sentence, schema.timex,
    )  # fmt: skip
    keys = (
        select(ER.c.id, ER.c.event_start, ER.c.event_end)
        .join(EV, EV.c.id == ER.c.event_id)
        .where(ER.c.event_start.is_not(None))
    )
    if filters.since:
        keys = keys.where(ER.c.event_end >= bindparam("since"))
    if filters.until:
        keys = keys.where(ER.c.event_start <= bindparam("until"))
    if filters.reported_since:
        keys = keys.where(EV.c.report_date >= bindparam("reported_since"))
    if filters.reported_until:
        keys = keys.where(EV.c.report_date <= bindparam("reported_until"))
    first = cluster_role_times(size, keys, "events_limit")
    events = (
        select(
            EV.c.type, EV.c.mode, EV.c.modality, EV.c.event_value, EV.c.timex_text, EV.c.report_date, ER.c.role,
            ER.c.text, ER.c.start, ER.c.end, *evidence_columns(),
        )
        .select_from(
            first.join(ER, ER.c.id == first.c.id)
            .join(EV, EV.c.id == ER.c.event_id)
            .join(A, A.c.id == EV.c.article_id)
            .join(sentence, sentence_of(EV))
            .outerjoin(S, S.c.id == A.c.source_id)
        )
        .order_by(first.c.event_start, first.c.event_end, first.c.id)
    )  # fmt: skip
    latest = latest_cluster_mentions(size, "mentions_limit")
    dated = (
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
    if filters.reported_since:
        dated = dated.where(A.c.published >= bindparam("reported_since"))
    if filters.reported_until:
        dated = dated.where(A.c.published <= bindparam("reported_until"))
    return _TimelineReads(events, dated)
