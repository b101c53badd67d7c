"""The transactional writer: one transaction per batch of extractions.

A batch that fails is rolled back whole and then retried article by article,
so one bad article costs only itself; its error is recorded in ``rejected``.
Re-writing an article that is already stored changes nothing.

Several writers may write to one PostgreSQL store at once, each its own
articles (the Ray backfill's actors). What their batches share (outlets,
entities, aliases) is inserted in the order of its unique key, so that two
transactions always take those keys' locks in the same order and cannot
deadlock; a batch the database still chose as a deadlock's or a
serialisation conflict's victim is run again whole (``CONFLICT_RETRIES``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from newsgraph.model import UNDETERMINED_LANGUAGE, Extraction, Rejected, RoleName, normalise_name
from newsgraph.store import schema
from newsgraph.store.bulk import insert_all as _insert_all
from newsgraph.store.bulk import insert_ignoring_conflicts as _insert_ignoring_conflicts
from newsgraph.store.bulk import insert_with_ids as _insert_with_ids
from newsgraph.store.statements import WrittenRows, statement_rows
from newsgraph.timevalue import calendar_span


@dataclass
class BatchResult:
    stored: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    failed: list[Rejected] = field(default_factory=list)
    # per stored article: the ids given to its mentions, and to its roles
    # (None for a role not written), each in the extraction's own order
    row_ids: dict[str, tuple[list[int], list[int | None]]] = field(default_factory=dict)


def _per_article(batch: Sequence[Extraction], items, ids: list[int]) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    """Split ``ids`` of rows written for the whole batch back by article."""
    result: dict[str, list[int]] = {}
    offset = 0
    for extraction in batch:
        count = len(items(extraction))
        result[extraction.article.id] = ids[offset : offset + count]
        offset += count
    return result


# SQLSTATEs of a transaction that lost to a concurrent one and may simply
# be run again: serialization_failure, deadlock_detected
RETRYABLE_STATES = frozenset({"40001", "40P01"})
CONFLICT_RETRIES = 3


def lost_to_another_writer(error: SQLAlchemyError) -> bool:
    """Whether ``error`` is a deadlock or serialisation failure between
    concurrent writers (worth running the same transaction again)."""
    if not isinstance(error, DBAPIError):
        return False
    state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return state in RETRYABLE_STATES


def _key_order(key: tuple[object, ...]) -> tuple[tuple[bool, str], ...]:
    """One order for the unique keys every writer inserts (None first; a
    value of no type the schema allows fails the insert anyway)."""
    return tuple((value is not None, str(value)) for value in key)


# per article: entities (type, normalised name, name) to create with it
EntityNames = Mapping[str, Sequence[tuple[str, str, str]]]


def now() -> datetime:
    return datetime.now(UTC)


class StoreWriter:
    """Writes extractions and rejections to the store."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def present_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are already stored."""
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        with self.engine.connect() as connection:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                found.update(connection.scalars(select(schema.article.c.id).where(schema.article.c.id.in_(chunk))))
        return found

    def write_rejected(self, rejections: Sequence[Rejected]) -> None:
        """Record ``rejections``; one already recorded (same input, position
        and reason: a re-run of the same batch) is not recorded again."""
        if not rejections:
            return
        when = now()
        rows = [
            {
                "input_name": r.input_name,
                "position": r.position,
                "reason": r.reason,
                "rejected_at": when,
                "record_key": schema.rejection_key(r.input_name, r.position, r.reason),
            }
            for r in rejections
        ]
        with self.engine.begin() as connection:
            _insert_ignoring_conflicts(connection, schema.rejected, rows)

    def write_batch(self, extractions: Sequence[Extraction], named: EntityNames | None = None) -> BatchResult:
        """Store ``extractions`` in one transaction; on failure, one by one.
        ``named``: per article, more entities (type, normalised name, name)
        to create with it, after those its mentions name (the entities its
        resolution links to), so that every entity is created here."""
        named = named or {}
        for attempt in range(CONFLICT_RETRIES + 1):
            try:
                with self.engine.begin() as connection:
                    return self._write(connection, extractions, named)
            except SQLAlchemyError as error:
                if lost_to_another_writer(error) and attempt < CONFLICT_RETRIES:
                    continue
                if len(extractions) == 1:
                    raise
                break
        result = BatchResult()
        for extraction in extractions:
            try:
                with self.engine.begin() as connection:
                    single = self._write(connection, [extraction], named)
            except SQLAlchemyError as error:
                article = extraction.article
                reason = f"could not be stored: {type(error).__name__}: {getattr(error, 'orig', error)}"
                result.failed.append(Rejected(article.input_name or article.id, reason, article.position))
                continue
            result.stored += single.stored
            result.present += single.present
            result.row_ids.update(single.row_ids)
        self.write_rejected(result.failed)
        return result

    def _write(self, connection: Connection, extractions: Sequence[Extraction], named: EntityNames) -> BatchResult:
        result = BatchResult()
        ids = [x.article.id for x in extractions]
        already = set(connection.scalars(select(schema.article.c.id).where(schema.article.c.id.in_(ids))))
        fresh: dict[str, Extraction] = {}
        for extraction in extractions:
            article_id = extraction.article.id
            if article_id in already or article_id in fresh:
                result.present.append(article_id)
            else:
                fresh[article_id] = extraction
        if not fresh:
            return result
        batch = list(fresh.values())
        sources = self._source_ids(connection, batch)
        entities = self._entity_ids(connection, batch, named)
        result.row_ids = self._write_articles(connection, batch, sources, entities, now())
        result.stored += fresh
        return result

    def _source_ids(self, connection: Connection, extractions: Iterable[Extraction]) -> dict[str, int]:
        wanted: dict[str, str | None] = {}
        for extraction in extractions:
            outlet = extraction.article.outlet
            if outlet:
                url = extraction.article.url
                wanted.setdefault(outlet, urlsplit(url).hostname if url else None)
        if not wanted:
            return {}
        _insert_ignoring_conflicts(
            connection, schema.source, [{"name": n, "domain": wanted[n]} for n in sorted(wanted)]
        )
        rows = connection.execute(
            select(schema.source.c.name, schema.source.c.id).where(schema.source.c.name.in_(wanted))
        )
        return {name: source_id for name, source_id in rows}

    def _entity_ids(
        self, connection: Connection, extractions: Sequence[Extraction], named: EntityNames
    ) -> dict[tuple[str, str], int]:
        """Entity id per (type, normalised name), creating missing entities:
        those the mentions name, then those in ``named``."""
        names: dict[tuple[str, str], str] = {}
        for extraction in extractions:
            for mention in extraction.mentions:
                key = (mention.type, normalise_name(mention.text))
                if key[1]:
                    names.setdefault(key, mention.text)
        for article_id in sorted(x.article.id for x in extractions):
            for entity_type, normalised, name in named.get(article_id, ()):
                # A dateline's capitals ("LISBON") give way to the name as resolution wrote it.
                if names.setdefault((entity_type, normalised), name).isupper() and not name.isupper():
                    names[entity_type, normalised] = name
        if not names:
            return {}
        entity = schema.entity
        _insert_ignoring_conflicts(
            connection,
            entity,
            [
                {"type": t, "normalised_name": n, "canonical_name": names[t, n]}
                for t, n in sorted(names, key=_key_order)
            ],
        )
        found: dict[tuple[str, str], int] = {}
        normalised = sorted({n for _, n in names})
        for start in range(0, len(normalised), 500):
            rows = connection.execute(
                select(entity.c.type, entity.c.normalised_name, entity.c.id).where(
                    entity.c.normalised_name.in_(normalised[start : start + 500])
                )
            )
            for entity_type, name, entity_id in rows:
                if (entity_type, name) in names:
                    found[(entity_type, name)] = entity_id
        return found

    def _write_articles(
        self,
        connection: Connection,
        batch: list[Extraction],
        sources: dict[str, int],
        entities: dict[tuple[str, str], int],
        when: datetime,
    ) -> dict[str, tuple[list[int], list[int | None]]]:
        """Write the batch's articles and everything extracted from them with
        one multi-row statement per table (not one per article or row); the
        ids of each article's mentions and roles."""
        _insert_all(
            connection,
            schema.article,
            [
                {
                    "id": x.article.id,
                    "source_id": sources.get(x.article.outlet or ""),
                    "url": x.article.url,
                    "title": x.article.title,
                    "published": x.article.published,
                    "ingested_at": when,
                    "language": x.article.language or UNDETERMINED_LANGUAGE,
                    "text": x.article.text,
                    "input_name": x.article.input_name,
                    "position": x.article.position,
                    "extractor_version": x.extractor_version,
                }
                for x in batch
            ],
        )
        _insert_all(
            connection,
            schema.sentence,
            [
                {"article_id": x.article.id, "idx": i, "start": s.start, "end": s.end}
                for x in batch
                for i, s in enumerate(x.sentences)
            ],
        )
        mention_entities = {
            x.article.id: [entities.get((m.type, normalise_name(m.text))) for m in x.mentions] for x in batch
        }
        mention_ids = _per_article(
            batch,
            lambda x: x.mentions,
            _insert_with_ids(
                connection,
                schema.mention,
                [
                    {
                        "article_id": x.article.id,
                        "start": m.start,
                        "end": m.end,
                        "text": m.text,
                        "type": m.type,
                        "sentence": m.sentence,
                        "entity_id": entity_id,
                    }
                    for x in batch
                    for m, entity_id in zip(x.mentions, mention_entities[x.article.id], strict=True)
                ],
            ),
        )
        aliases = {
            (entity_id, m.text): normalise_name(m.text)
            for x in batch
            for m, entity_id in zip(x.mentions, mention_entities[x.article.id], strict=True)
            if entity_id is not None
        }
        _insert_ignoring_conflicts(
            connection,
            schema.alias,
            [
                {"entity_id": e, "name": name, "normalised_name": aliases[e, name]}
                for e, name in sorted(aliases, key=_key_order)
            ],
        )
        roles = {
            x.article.id: [
                {
                    "article_id": x.article.id,
                    "person_entity_id": mention_entities[x.article.id][r.person],
                    "person_mention_id": mention_ids[x.article.id][r.person],
                    "title": r.title,
                    "organisation_entity_id": None
                    if r.organisation is None
                    else mention_entities[x.article.id][r.organisation],
                    "as_of": x.article.published,
                    "sentence": r.sentence,
                    "start": r.title_start,
                    "end": r.title_end,
                }
                for r in x.roles
                if mention_entities[x.article.id][r.person] is not None
            ]
            for x in batch
        }
        role_ids = iter(_insert_with_ids(connection, schema.role, [row for x in batch for row in roles[x.article.id]]))
        timex_ids = _insert_with_ids(
            connection,
            schema.timex,
            [
                {
                    "article_id": x.article.id,
                    "start": t.start,
                    "end": t.end,
                    "text": t.text,
                    "type": t.type,
                    "value": t.value,
                    "sentence": t.sentence,
                }
                for x in batch
                for t in x.timexes
            ],
        )
        timexes = _per_article(batch, lambda x: x.timexes, timex_ids)
        quantities, attributions, events = self._write_events(connection, batch, mention_ids, mention_entities)
        statements = []
        for x in batch:
            key = x.article.id
            written = WrittenRows(
                mention_ids[key], mention_entities[key], roles[key], timexes[key], quantities[key],
                attributions[key], events[key],
            )  # fmt: skip
            statements += statement_rows(x, written, when)
        _insert_ignoring_conflicts(connection, schema.statement, statements)
        return {
            x.article.id: (
                mention_ids[x.article.id],
                [None if mention_entities[x.article.id][r.person] is None else next(role_ids) for r in x.roles],
            )
            for x in batch
        }

    def _write_events(
        self,
        connection: Connection,
        batch: list[Extraction],
        mention_ids: dict[str, list[int]],
        mention_entities: dict[str, list[int | None]],
    ) -> tuple[dict[str, list[int]], dict[str, list[int]], dict[str, list[int]]]:
        """Write attributions, events with their roles, and quantities; their
        new ids per article: (quantities, attributions, events)."""
        attribution_ids = _per_article(
            batch,
            lambda x: x.attributions,
            _insert_with_ids(
                connection,
                schema.attribution,
                [
                    {
                        "article_id": x.article.id,
                        "source": a.source,
                        "source_entity_id": None
                        if a.source_mention is None
                        else mention_entities[x.article.id][a.source_mention],
                        "cue": a.cue,
                        "sentence": a.sentence,
                        "start": a.start,
                        "end": a.end,
                    }
                    for x in batch
                    for a in x.attributions
                ],
            ),
        )
        rows = []
        for x in batch:
            article = x.article
            entities_of = mention_entities[article.id]
            for event in x.events:
                timex = None if event.timex is None else x.timexes[event.timex]
                span = calendar_span(timex.value) if timex is not None and timex.type in ("DATE", "TIME") else None
                location = next(
                    (
                        entities_of[p.mention]
                        for p in event.participants
                        if p.role == RoleName.LOCATION and p.mention is not None
                    ),
                    None,
                )
                rows.append(
                    {
                        "article_id": article.id,
                        "type": event.type,
                        "mode": event.mode,
                        "context": list(event.context),
                        "modality": event.modality,
                        "trigger": event.trigger,
                        "trigger_start": event.trigger_start,
                        "trigger_end": event.trigger_end,
                        "event_value": None if timex is None else timex.value,
                        "event_precision": None if span is None else span.precision,
                        "event_start": None if span is None else span.start,
                        "event_end": None if span is None else span.end,
                        "timex_text": None if timex is None else timex.text,
                        "report_date": article.published,
                        "location_entity_id": location,
                        "attribution_id": None
                        if event.attribution is None
                        else attribution_ids[article.id][event.attribution],
                        "confidence": event.confidence,
                        "sentence": event.sentence,
                        "start": event.start,
                        "end": event.end,
                    }
                )
        event_ids = _insert_with_ids(connection, schema.event, rows)
        events = [(x, event) for x in batch for event in x.events]
        _insert_all(
            connection,
            schema.event_role,
            [
                {
                    "event_id": event_id,
                    "role": p.role,
                    "entity_id": None if p.mention is None else mention_entities[x.article.id][p.mention],
                    "mention_id": None if p.mention is None else mention_ids[x.article.id][p.mention],
                    "text": p.text,
                    "start": p.start,
                    "end": p.end,
                    "entity_type": p.entity_type,
                    "country": p.country,
                    "sector": p.sector,
                    "event_start": row["event_start"],
                    "event_end": row["event_end"],
                }
                for (x, event), event_id, row in zip(events, event_ids, rows, strict=True)
                for p in event.participants
            ],
        )
        quantity_ids = _insert_with_ids(
            connection,
            schema.quantity,
            [
                {
                    "article_id": x.article.id,
                    "value": q.value,
                    "unit": q.unit,
                    "text": q.text,
                    "measure": q.measure,
                    "sentence": q.sentence,
                    "start": q.start,
                    "end": q.end,
                    "measure_start": q.measure_start,
                    "measure_end": q.measure_end,
                }
                for x in batch
                for q in x.quantities
            ],
        )
        return (
            _per_article(batch, lambda x: x.quantities, quantity_ids),
            attribution_ids,
            _per_article(batch, lambda x: x.events, event_ids),
        )
