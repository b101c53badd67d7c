"""Bulk inserts: one ``executemany`` per table and batch, with row ids
given without a round trip per row. The one place where rows reach the
database driver in bulk (the writer, resolution and stories use it)."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.dialects import postgresql, sqlite


@cache
def _sqlite_insert(table: Table, columns: tuple[str, ...], ignoring_conflicts: bool) -> tuple[str, tuple]:  # type: ignore[type-arg]
    """One SQLite INSERT of ``columns`` as SQL text, and the bind processor
    of each column (None where the driver takes the value as it is), as
    SQLAlchemy would apply them: values are stored exactly as through it."""
    dialect = sqlite.dialect()
    names = ", ".join(dialect.identifier_preparer.quote(name) for name in columns)
    marks = ", ".join("?" for _ in columns)
    conflict = " ON CONFLICT DO NOTHING" if ignoring_conflicts else ""
    sql = f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({names}) VALUES ({marks}){conflict}"
    processors = tuple(table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns)
    return sql, processors


def _bulk_insert(connection: Connection, table, rows: list[dict], ignoring_conflicts: bool) -> None:  # type: ignore[no-untyped-def]
    """Insert ``rows`` (dicts with the same keys) in one executemany. On
    SQLite the rows go to the driver as tuples, without SQLAlchemy's
    per-row parameter handling, which would cost more than the insert."""
    if not rows:
        return
    if connection.dialect.name != "sqlite":
        dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(table).on_conflict_do_nothing() if ignoring_conflicts else table.insert()
        connection.execute(statement, rows)
        return
    columns = tuple(rows[0])
    sql, processors = _sqlite_insert(table, columns, ignoring_conflicts)
    processed = [(i, process) for i, process in enumerate(processors) if process is not None]
    values: list[Any] = [list(row.values()) for row in rows] if processed else [tuple(row.values()) for row in rows]
    done: dict[tuple[int, object], object] = {}  # a batch's dates and times repeat: each is processed once
    for value in values:
        for i, process in processed:
            raw = value[i]
            if isinstance(raw, date):
                key = (i, raw)
                value[i] = done[key] if key in done else done.setdefault(key, process(raw))
            else:
                value[i] = process(raw)
    connection.exec_driver_sql(sql, [tuple(value) for value in values] if processed else values)


def insert_ignoring_conflicts(connection: Connection, table, rows: list[dict]) -> None:  # type: ignore[no-untyped-def]
    _bulk_insert(connection, table, rows, ignoring_conflicts=True)


def insert_all(connection: Connection, table, rows: list[dict]) -> None:  # type: ignore[no-untyped-def]
    _bulk_insert(connection, table, rows, ignoring_conflicts=False)


def insert_with_ids(connection: Connection, table, rows: list[dict]) -> list[int]:  # type: ignore[no-untyped-def]
    """Insert ``rows`` and return their new ids in the order of ``rows``.

    PostgreSQL sends them in batches with RETURNING. SQLite's RETURNING does
    not promise the order of rows, so SQLAlchemy would send one statement per
    row; instead the ids are given here, following the largest one. That is
    safe because the batch has already written its articles: the transaction
    holds SQLite's only write lock until it commits."""
    if not rows:
        return []
    if connection.dialect.name != "sqlite":
        statement = table.insert().returning(table.c.id, sort_by_parameter_order=True)
        return list(connection.scalars(statement, rows))
    first = (connection.scalar(select(func.max(table.c.id))) or 0) + 1
    ids = list(range(first, first + len(rows)))
    insert_all(connection, table, [{**row, "id": row_id} for row, row_id in zip(rows, ids, strict=True)])
    return ids
