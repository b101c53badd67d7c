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
