"""Rejections are recorded once per input record: re-running a batch adds no
rows to ``rejected``, and migration 0009 reduces rows already duplicated."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from newsgraph.model import Rejected
from newsgraph.pipeline import ingest
from newsgraph.pipeline.report import IngestReport
from newsgraph.store import schema
from newsgraph.store.database import create_store_engine, migrate
from newsgraph.store.writer import StoreWriter


def rejected_rows(engine) -> list[tuple[str, int | None, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(schema.rejected.c.input_name, schema.rejected.c.position, schema.rejected.c.reason)
        )
        return sorted((tuple(row) for row in rows), key=lambda row: (row[0], row[1] or -1, row[2]))


def test_writing_the_same_rejections_twice_records_them_once(engine):
    writer = StoreWriter(engine)
    rejections = [Rejected("feed.xml", "not a readable feed"), Rejected("a.jsonl", "empty text", 3)]
    writer.write_rejected(rejections)
    writer.write_rejected([*rejections, rejections[1]])
    writer.write_rejected([Rejected("a.jsonl", "empty text", 4), Rejected("a.jsonl", "no outlet", 3)])
    assert rejected_rows(engine) == [
        ("a.jsonl", 3, "empty text"),
        ("a.jsonl", 3, "no outlet"),
        ("a.jsonl", 4, "empty text"),
        ("feed.xml", None, "not a readable feed"),
    ]


def test_rerunning_a_batch_of_bad_records_adds_no_rejected_rows(tmp_path: Path, engine, extractor):
    bad = tmp_path / "bad.jsonl"
    lines = [
        json.dumps({"published": "2026-01-05", "text": ""}),
        "{not json",
        json.dumps({"published": "0001-01-02", "text": "Ana Costa met Kaveri Aerospace."}),
        json.dumps({"published": "2026-01-05", "text": "Ana Costa met Kaveri Aerospace.", "outlet": 7}),
    ]
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    first = ingest([str(bad), str(empty)], engine, extractor)
    once = rejected_rows(engine)
    assert len(once) == len(first.rejected) >= 4
    assert (str(empty), None, "no records (empty file)") in once
    second = ingest([str(bad), str(empty)], engine, extractor)
    assert len(second.rejected) == len(first.rejected)  # the run still reports them
    assert rejected_rows(engine) == once


def test_migration_0009_keeps_one_row_of_each_duplicated_rejection(tmp_path: Path):
    engine = create_store_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine, "0008")
    old = [("a.csv", 2, "bad date"), ("a.csv", 2, "bad date"), ("a.csv", None, "empty"), ("a.csv", None, "empty")]
    old += [("b.csv", 2, "bad date")]
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO rejected (input_name, position, reason, rejected_at) VALUES (?, ?, ?, '2026-01-01 00:00:00')",
            old,
        )
    migrate(engine)
    assert rejected_rows(engine) == [("a.csv", None, "empty"), ("a.csv", 2, "bad date"), ("b.csv", 2, "bad date")]
    with engine.connect() as connection:
        keys = connection.execute(select(schema.rejected.c.record_key, schema.rejected.c.id).order_by("id")).all()
    assert [key for key, _ in keys] == [schema.rejection_key(*row) for row in [old[0], old[2], old[4]]]
    StoreWriter(engine).write_rejected([Rejected("a.csv", "bad date", 2), Rejected("a.csv", "empty")])
    assert len(rejected_rows(engine)) == 3
    engine.dispose()


def test_report_lists_a_bounded_number_of_rejections():
    report = IngestReport()
    many = [Rejected("big.jsonl", "empty text", n) for n in range(5000)]
    report.rejected += many
    report.rejected += many[:10]
    assert report.rejected.total == 5010
    assert len(report.rejected) == report.rejected.limit < 5000
    assert report.to_json()["rejected_total"] == 5010
