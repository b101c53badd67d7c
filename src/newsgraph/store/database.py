"""Opening the store: an engine for the configured URL, migrated to the
latest schema through Alembic.

Alembic is imported only when the store is not at the latest migration: a
store that is (every run but the first after an upgrade) is recognised by
reading its ``alembic_version`` row and the ``revision`` lines of the
migration files, which keeps read commands quick to start."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from newsgraph.model import NewsgraphError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION_LINE = re.compile(r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:["']([^"']+)["']|None)\s*$""", re.M)


class StoreError(NewsgraphError):
    """The store cannot be opened or written."""


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_store_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout.
    A plain file path (an existing file, or one ending in .db, .sqlite or
    .sqlite3) is taken as an SQLite database."""
    if "://" not in url and (url.endswith(SQLITE_SUFFIXES) or Path(url).is_file()):
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
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


def many_writers(engine: Engine) -> bool:
    """Whether the store takes several writing transactions at once without
    serialising them on one lock (PostgreSQL; SQLite has one writer)."""
    return engine.dialect.name == "postgresql"


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


@cache
def declared_head() -> str | None:
    """The latest migration, read from the ``revision``/``down_revision``
    lines of the migration files without importing Alembic; None when they
    do not form one simple chain (Alembic then decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        declared = {name: value for name, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8"))}
        if "revision" in declared:
            revisions.add(declared["revision"])
            parents.add(declared.get("down_revision", ""))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revisions(engine: Engine) -> list[str]:
    """The revisions recorded in the store's ``alembic_version`` table (none for a new store)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return []
        return [row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))]


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the store's schema to ``revision`` (all migrations by default)."""
    from alembic import command

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
    head = declared_head()
    try:
        up_to_date = head is not None and stored_revisions(engine) == [head]
    except OperationalError as error:
        raise StoreError(f"cannot open the store at {engine.url!r}: {error.orig}") from None
    if not up_to_date and current_revision_or_none(engine) != head_revision(engine):
        migrate(engine)
    return engine


def current_revision_or_none(engine: Engine) -> str | None:
    try:
        return current_revision(engine)
    except OperationalError as error:
        raise StoreError(f"cannot open the store at {engine.url!r}: {error.orig}") from None
