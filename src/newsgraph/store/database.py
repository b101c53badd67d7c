"""Opening the store: an engine for the configured URL, migrated to the
latest schema through Alembic."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from newsgraph.model import NewsgraphError

MIGRATIONS = Path(__file__).with_name("migrations")


class StoreError(NewsgraphError):
    """The store cannot be opened or written."""


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_store_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"database URL {url!r} is not a valid SQLAlchemy URL (e.g. sqlite:///newsgraph.db)") from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = Path(parsed.database).parent
        if not folder.exists():
            raise StoreError(f"database folder {folder} does not exist (database URL {url})")
    try:
        engine = create_engine(parsed)
    except (NoSuchModuleError, ImportError) as error:
        raise StoreError(f"database URL {url!r} names a backend that is not available ({error})") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the store's schema to ``revision`` (all migrations by default)."""
    config = alembic_config(engine)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except OperationalError as error:
        raise StoreError(f"cannot open or migrate the store at {engine.url!r}: {error.orig}") from None


def open_store(url: str) -> Engine:
    """An engine for ``url`` whose schema is at the latest migration."""
    engine = create_store_engine(url)
    if current_revision_or_none(engine) != head_revision(engine):
        migrate(engine)
    return engine


def current_revision_or_none(engine: Engine) -> str | None:
    try:
        return current_revision(engine)
    except OperationalError as error:
        raise StoreError(f"cannot open the store at {engine.url!r}: {error.orig}") from None
