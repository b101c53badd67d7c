"""Shared fixtures: paths, one spaCy pipeline per test session, temporary stores."""

from __future__ import annotations

import os
import uuid
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


# Set to a PostgreSQL server URL (postgresql+psycopg://user@127.0.0.1:PORT/postgres)
# to run every store test against PostgreSQL instead of SQLite files.
TEST_DATABASE_URL = os.environ.get("NEWSGRAPH_TEST_DATABASE_URL", "")
TEMPLATE = "newsgraph_test_template"


@pytest.fixture(scope="session")
def postgres_template() -> str | None:
    """A database migrated to the latest schema, copied for each test."""
    if not TEST_DATABASE_URL:
        return None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from newsgraph.store.database import open_store

    server = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {TEMPLATE}"))
    template = open_store(make_url(TEST_DATABASE_URL).set(database=TEMPLATE).render_as_string(hide_password=False))
    template.dispose()
    server.dispose()
    return TEMPLATE


@pytest.fixture
def db_url(tmp_path: Path, postgres_template: str | None):
    """URL of an empty, migrated store: a SQLite file, or a fresh PostgreSQL database."""
    if postgres_template is None:
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"newsgraph_test_{uuid.uuid4().hex[:12]}"
    server = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {postgres_template}"))
    yield make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    server.dispose()


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
