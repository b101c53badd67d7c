"""Distributed backfill on a local Ray instance: extracts, writes, resumes."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from newsgraph import cli
from newsgraph.cli import demo_corpus
from newsgraph.store import schema

pytest.importorskip("ray", reason="Ray is not installed (pip install 'newsgraph[distributed]')")


def test_backfill_on_ray_then_resume(db_url: str, engine):
    runner = CliRunner()
    first_part = str(demo_corpus() / "articles")
    result = runner.invoke(cli.app, ["--db", db_url, "--batch-size", "8", "backfill", first_part, "--ray", "--json"])
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout.splitlines()[-1])
    assert first["stored"] > 5 and first["already_present"] == 0

    # The whole corpus: what the first run stored is skipped, the rest added.
    whole = str(demo_corpus())
    result = runner.invoke(cli.app, ["--db", db_url, "--batch-size", "8", "backfill", whole, "--ray", "--json"])
    assert result.exit_code == 0, result.output
    second = json.loads(result.stdout.splitlines()[-1])
    assert second["already_present"] == first["stored"]
    assert second["stored"] > 0 and len(second["rejected"]) >= 8
    with engine.connect() as connection:
        stored = connection.scalar(select(func.count()).select_from(schema.article))
        events = connection.scalar(select(func.count()).select_from(schema.event))
    assert stored == first["stored"] + second["stored"]
    assert events > 0


def test_address_without_ray_is_refused(db_url: str):
    result = CliRunner().invoke(cli.app, ["--db", db_url, "backfill", "x", "--address", "ray://127.0.0.1:1"])
    assert result.exit_code == 2


def test_ray_driver_only_writes_and_a_resolver_process_resolves(db_url: str, engine):
    from newsgraph.pipeline.distributed import BackfillPlan, run_backfill
    from newsgraph.pipeline.resolution import unresolved_article_ids

    report = run_backfill(BackfillPlan([str(demo_corpus() / "articles")], db_url, batch_size=8))
    assert len(report.stored) > 5
    assert report.resolver_cpu_s > 0  # resolution ran in the resolver process, not in the driver
    assert unresolved_article_ids(engine) == []
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(schema.article_story)) == len(report.stored)


def test_actors_that_write_their_own_batches_store_what_one_process_stores(db_url: str, engine, extractor, tmp_path):
    """On PostgreSQL the actors write their own batches, two at once; the
    store then holds what one process's ingest stores (entities, links,
    events, stories, judgements, statements). On SQLite, one actor is made
    to write, which checks the same path without concurrent writers."""
    from newsgraph.pipeline import ingest
    from newsgraph.pipeline.distributed import BackfillPlan, run_backfill
    from newsgraph.store.database import many_writers, open_store
    from tests.test_parallel import resolved

    sources = [str(demo_corpus() / "articles")]
    several = many_writers(engine)
    report = run_backfill(
        BackfillPlan(sources, db_url, batch_size=4, actors=2 if several else 1, actors_write=None if several else True)
    )
    single_engine = open_store(f"sqlite:///{tmp_path / 'single.db'}")
    single = ingest(sources, single_engine, extractor, batch_size=4)
    assert sorted(report.stored) == sorted(single.stored) and len(single.stored) > 5
    assert report.words == single.words
    one, many = resolved(single_engine), resolved(engine)
    assert one["stories"] and one["events"] and one["statements"]
    for table in one:
        assert many[table] == one[table], table
    single_engine.dispose()
