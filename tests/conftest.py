"""Shared fixtures: paths, one spaCy pipeline per test session, temporary stores."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_ARTICLE = SHARED / "data" / "seed-article.txt"


@pytest.fixture(scope="session")
def extractor():
    """The full newsgraph pipeline, loaded once for the whole test session."""
    from newsgraph.extract.extractor import Extractor

    return Extractor("en_core_web_sm", batch_size=8)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def engine(db_url: str):
    from newsgraph.store.database import open_store

    engine = open_store(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def seed_article_path() -> Path:
    if not SEED_ARTICLE.exists():
        pytest.skip(f"seed article not available at {SEED_ARTICLE} (../shared is absent)")
    return SEED_ARTICLE
