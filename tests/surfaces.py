"""Helpers shared by the surface tests (API, web, export): a store holding
the demo corpus, built once per module with the session's extractor."""

from __future__ import annotations

from pathlib import Path

from newsgraph.cli import demo_corpus
from newsgraph.pipeline import ingest
from newsgraph.store.database import open_store

WEB_FIXTURES = Path(__file__).parent / "fixtures" / "web"


def build_demo_store(folder: Path, extractor) -> str:  # type: ignore[no-untyped-def]
    """A SQLite store in ``folder`` with the demo corpus ingested; its URL."""
    url = f"sqlite:///{folder / 'demo.db'}"
    engine = open_store(url)
    try:
        ingest([str(demo_corpus())], engine, extractor, batch_size=extractor.batch_size)
    finally:
        engine.dispose()
    return url
