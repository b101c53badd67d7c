"""Event roles carry their event's interval, indexed per entity, so that an
entity's timeline is read in event-time order from an index.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event_role") as batch:
        batch.add_column(sa.Column("event_start", sa.Date))
        batch.add_column(sa.Column("event_end", sa.Date))
    op.execute(
        "UPDATE event_role SET "
        "event_start = (SELECT event.event_start FROM event WHERE event.id = event_role.event_id), "
        "event_end = (SELECT event.event_end FROM event WHERE event.id = event_role.event_id)"
    )
    op.create_index("ix_event_role_entity_time", "event_role", ["entity_id", "event_start", "event_end"])


def downgrade() -> None:
    op.drop_index("ix_event_role_entity_time", table_name="event_role")
    with op.batch_alter_table("event_role") as batch:
        batch.drop_column("event_end")
        batch.drop_column("event_start")
