"""Start-up: read commands import no heavy library, an up-to-date store is
opened without Alembic, and ingesting articles that are already stored never
loads spaCy (the Extractor builds its pipeline on first use)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from newsgraph.store.database import declared_head, head_revision

FIXTURES = Path(__file__).parent / "fixtures"
# Libraries a read command has no use for: each costs a noticeable share of a second to import.
HEAVY = ("spacy", "thinc", "fastapi", "trafilatura", "feedparser", "ray", "followthemoney", "numpy", "alembic",
         "sqlalchemy.orm", "rapidfuzz", "lxml")  # fmt: skip

# Runs ``python -m newsgraph ARGS…`` in a fresh interpreter, then prints the heavy modules it imported.
RUN_AND_REPORT = """
import json, runpy, sys
heavy, sys.argv = json.loads(sys.argv[1]), ["newsgraph", *sys.argv[2:]]
try:
    runpy.run_module("newsgraph", run_name="__main__")
except SystemExit as exit:
    assert not exit.code, f"exit status {exit.code}"
print("IMPORTED " + json.dumps([name for name in heavy if name in sys.modules]))
"""


def imported_by(*args: str, stdin: bytes | None = None) -> tuple[list[str], str]:
    """The heavy modules ``newsgraph ARGS…`` imported, and what it printed."""
    run = subprocess.run(
        [sys.executable, "-c", RUN_AND_REPORT, json.dumps(HEAVY), *args],
        input=stdin, capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    output = run.stdout.decode()
    marker = output.rindex("IMPORTED ")
    return json.loads(output[marker + len("IMPORTED ") :]), output[:marker]


def test_declared_head_is_alembics_head(engine):
    assert declared_head() is not None
    assert declared_head() == head_revision(engine)


@pytest.mark.parametrize("command", [["stats"], ["entities"], ["articles"], ["rejected"], ["events"]])
def test_read_commands_import_no_heavy_library(engine, db_url: str, command: list[str]):
    engine.dispose()  # the store exists and is migrated
    imported, _ = imported_by("--db", db_url, *command)
    assert imported == []


def test_a_new_store_is_still_migrated(tmp_path: Path):
    imported, output = imported_by("--db", f"sqlite:///{tmp_path / 'new.db'}", "stats")
    assert "alembic" in imported  # the new store needed the migrations
    assert "articles" in output


@pytest.mark.slow
def test_ingesting_stored_articles_does_not_load_spacy(engine, db_url: str, extractor):
    from newsgraph.runner import ingest

    article = FIXTURES / "articles" / "port-deal.txt"
    assert ingest([str(article)], engine, extractor).stored  # stored once, with the session's pipeline
    engine.dispose()
    for source, stdin in ((str(article), None), ("-", article.read_bytes())):
        imported, output = imported_by("--db", db_url, "ingest", source, "--json", stdin=stdin)
        summary = json.loads(output.strip().splitlines()[-1])
        assert summary["already_present"] == 1 and summary["stored"] == 0
        assert "spacy" not in imported and "thinc" not in imported


def test_extractor_builds_its_pipeline_on_first_use():
    code = (
        "import sys\n"
        "from newsgraph.extract.extractor import Extractor\n"
        "extractor = Extractor('en_core_web_sm', batch_size=4)\n"
        "print(extractor.loaded, 'spacy' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120, check=True)
    assert run.stdout.decode().split() == ["False", "False"]


def test_a_pipeline_that_cannot_load_stops_the_run_instead_of_rejecting_articles(monkeypatch):
    from newsgraph.extract import pipeline
    from newsgraph.extract.extractor import Extractor
    from newsgraph.extract.parallel import extract_batch
    from newsgraph.model import Article

    def missing(model_name: str):  # type: ignore[no-untyped-def]
        raise pipeline.ModelNotFound(f"spaCy model not installed (tried {model_name})")

    monkeypatch.setattr(pipeline, "build_pipeline", missing)
    article = Article.create(published=date(2026, 3, 4), text="The port deal was signed in Valletta.")
    with pytest.raises(pipeline.ModelNotFound):
        extract_batch(Extractor("no_such_model"), [article])
