"""Rejections recorded once: each row of ``rejected`` gets ``record_key``
(its input, position and reason, hashed; ``schema.rejection_key``), unique,
so that re-running a batch does not record its rejections again. Rows that
are already duplicated are reduced to the first one.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from newsgraph.store.schema import rejection_key

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_rejected = sa.table(
    "rejected",
    sa.column("id", sa.Integer),
    sa.column("input_name", sa.Text),
    sa.column("position", sa.Integer),
    sa.column("reason", sa.Text),
    sa.column("record_key", sa.String),
)


def _drop_duplicates(connection: sa.Connection) -> None:
    first = (
        sa.select(sa.func.min(_rejected.c.id))
        .group_by(_rejected.c.input_name, _rejected.c.position, _rejected.c.reason)
        .scalar_subquery()
    )
    connection.execute(sa.delete(_rejected).where(_rejected.c.id.not_in(first)))


def _fill_keys(connection: sa.Connection) -> None:
    rows = connection.execute(
        sa.select(_rejected.c.id, _rejected.c.input_name, _rejected.c.position, _rejected.c.reason)
    ).all()
    keys = [{"row_id": row.id, "key": rejection_key(row.input_name, row.position, row.reason)} for row in rows]
    update = sa.update(_rejected).where(_rejected.c.id == sa.bindparam("row_id")).values(record_key=sa.bindparam("key"))
    for start in range(0, len(keys), 1000):
        connection.execute(update, keys[start : start + 1000])


def upgrade() -> None:
    op.add_column("rejected", sa.Column("record_key", sa.String(64), nullable=True))
    connection = op.get_bind()
    _drop_duplicates(connection)
    _fill_keys(connection)
    with op.batch_alter_table("rejected") as batch:
        batch.alter_column("record_key", existing_type=sa.String(64), nullable=False)
        batch.create_unique_constraint("uq_rejected_record_key", ["record_key"])


def downgrade() -> None:
    with op.batch_alter_table("rejected") as batch:
        batch.drop_constraint("uq_rejected_record_key", type_="unique")
        batch.drop_column("record_key")
