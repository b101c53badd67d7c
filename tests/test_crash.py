"""Killing an ingest mid-batch loses nothing and duplicates nothing: after a
restart, every article is whole, re-running completes the rest, and the
store then holds what one clean run makes of the same articles. Readers keep
working while an ingest writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from newsgraph.cli import demo_corpus
from newsgraph.ingest import read_sources
from newsgraph.model import Article
from newsgraph.pipeline import ingest
from newsgraph.pipeline.resolution import unresolved_article_ids
from newsgraph.query.entities import list_entities, store_stats
from newsgraph.query.events import list_events
from newsgraph.store import schema
from newsgraph.store.database import open_store
from tests.test_resolve_store import _judgements, clusters_and_stories

ARTICLES = 48
DEADLINE_SECONDS = 180


def corpus(path: Path) -> list[Article]:
    originals = [a for a in read_sources([str(demo_corpus())]) if isinstance(a, Article)]
    records = []
    for i in range(ARTICLES):
        original = originals[i % len(originals)]
        text = original.text if i < len(originals) else f"{original.text}\n\nCorrected edition {i}."
        records.append({"outlet": original.outlet, "published": original.published.isoformat(), "text": text})
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return [a for a in read_sources([str(path)]) if isinstance(a, Article)]


def stored_counts(engine) -> dict[str, tuple[int, int, int]]:
    """Per stored article: sentences, mentions, events."""
    with engine.connect() as connection:

        def per_article(table) -> dict[str, int]:
            query = select(table.c.article_id, func.count()).group_by(table.c.article_id)
            return dict(connection.execute(query).all())

        sentences, mentions, events = (
            per_article(schema.sentence),
            per_article(schema.mention),
            per_article(schema.event),
        )
        ids = list(connection.scalars(select(schema.article.c.id)))
    return {i: (sentences.get(i, 0), mentions.get(i, 0), events.get(i, 0)) for i in ids}


def test_sigkill_mid_ingest_then_restart(tmp_path: Path, db_url: str, engine, extractor):
    path = tmp_path / "corpus.jsonl"
    articles = corpus(path)
    assert len({a.id for a in articles}) == ARTICLES
    expected = {
        x.article.id: (len(x.sentences), len(x.mentions), len(x.events)) for x in extractor.extract_many(articles)
    }

    command = [
        sys.executable,
        "-m",
        "newsgraph",
        "--db",
        db_url,
        "--workers",
        "1",
        "--batch-size",
        "4",
        "ingest",
        str(path),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ})
    reads = 0
    try:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while time.monotonic() < deadline and process.poll() is None:
            # Readers go on while the ingest writes.
            stats = store_stats(engine)
            list_entities(engine, limit=5)
            list_events(engine, limit=5)
            reads += 1
            if stats.articles >= 12:
                break
            time.sleep(0.1)
        assert process.poll() is None, (
            f"ingest ended before it could be killed: {process.stderr.read().decode()[-500:]}"
        )
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.stderr.close()
    assert reads > 0

    before = stored_counts(engine)
    assert 12 <= len(before) < ARTICLES, "the kill should land mid-run"
    for article_id, counts in before.items():
        assert counts == expected[article_id], f"article {article_id} is partial after the kill"

    report = ingest([str(path)], engine, extractor, batch_size=4)
    assert len(report.present) == len(before)
    assert len(report.stored) == ARTICLES - len(before)
    assert stored_counts(engine) == expected
    # articles stored but not yet resolved when the run was killed are resolved by the next run
    assert unresolved_article_ids(engine) == []

    # and resolved as one clean run resolves them: same entities, judgements and stories
    clean = open_store(f"sqlite:///{tmp_path / 'clean.db'}")
    ingest([str(path)], clean, extractor, batch_size=4)
    assert clusters_and_stories(engine) == clusters_and_stories(clean)
    assert _judgements(engine) == _judgements(clean)
    clean.dispose()
