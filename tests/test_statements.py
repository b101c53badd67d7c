"""Every stored fact is backed by a statement row pointing at the text that states it."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from newsgraph.store import schema
from newsgraph.store.statements import statement_id
from newsgraph.store.writer import StoreWriter
from tests.test_store_events import TEXT, extraction

SUBJECT_TABLES = {
    "timex": schema.timex,
    "quantity": schema.quantity,
    "attribution": schema.attribution,
    "event": schema.event,
    "entity": schema.entity,
}


def stored_statements(engine) -> list:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return connection.execute(select(schema.statement)).all()


def test_every_fact_of_an_article_has_a_statement(engine):
    written = extraction()
    StoreWriter(engine).write_batch([written])
    rows = stored_statements(engine)
    by_property = Counter((row.subject_kind, row.property) for row in rows)
    participants = Counter(p.role for e in written.events for p in e.participants)
    assert by_property == {
        ("entity", "name"): len(written.mentions),
        ("timex", "time"): len(written.timexes),
        ("quantity", "figure"): len(written.quantities),
        ("quantity", "measures"): sum(1 for q in written.quantities if q.measure),
        ("attribution", "source"): len(written.attributions),
        ("event", "type"): len(written.events),
        ("event", "modality"): len(written.events),
        ("event", "time"): sum(1 for e in written.events if e.timex is not None),
        ("event", "attribution"): sum(1 for e in written.events if e.attribution is not None),
        **{("event", role): n for role, n in participants.items()},
    }
    values = {(row.subject_kind, row.property, row.value, row.original_text) for row in rows}
    assert ("event", "type", "COOPERATE:military", "buy") in values
    assert ("event", "location", "Nairobi", "Nairobi") in values
    assert ("event", "time", "2025-10", "October") in values
    assert ("event", "attribution", "the ministry", "the ministry") in values
    assert ("timex", "time", "2025-10", "October") in values
    assert ("quantity", "figure", "40000000 USD", "$40 million") in values
    assert ("quantity", "measures", "patrol boats", "patrol boats") in values


def test_statements_carry_evidence_extractor_and_an_id_that_is_a_hash_of_what_defines_them(engine):
    StoreWriter(engine).write_batch([extraction()])
    rows = stored_statements(engine)
    assert {row.extractor for row in rows} == {
        "newsgraph_entities",
        "newsgraph_timex",
        "newsgraph_quantities",
        "newsgraph_attribution",
        "newsgraph_events",
    }
    with engine.connect() as connection:
        for row in rows:
            assert 0 <= row.start <= row.end <= len(TEXT) and row.original_text == TEXT[row.start : row.end]
            assert row.extractor_version == "t"
            key = (row.article_id, row.subject_kind, row.subject_id, row.property, row.value, row.start, row.end)
            assert row.id == statement_id(*key)
            table = SUBJECT_TABLES[row.subject_kind]
            assert connection.scalar(select(table.c.id).where(table.c.id == row.subject_id)) == row.subject_id


def test_writing_an_article_again_adds_no_statement(engine):
    writer = StoreWriter(engine)
    writer.write_batch([extraction()])
    first = sorted(row.id for row in stored_statements(engine))
    writer.write_batch([extraction()])
    assert sorted(row.id for row in stored_statements(engine)) == first
