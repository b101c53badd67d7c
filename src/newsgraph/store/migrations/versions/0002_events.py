"""Events with their roles, attributions and quantities.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _article_id() -> sa.Column:
    return sa.Column("article_id", sa.String(40), sa.ForeignKey("article.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "attribution",
        sa.Column("id", sa.Integer, primary_key=True),
        _article_id(),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("source_entity_id", sa.Integer, sa.ForeignKey("entity.id")),
        sa.Column("cue", sa.String(64), nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    op.create_index("ix_attribution_article", "attribution", ["article_id"])
    op.create_table(
        "event",
        sa.Column("id", sa.Integer, primary_key=True),
        _article_id(),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("mode", sa.String(32)),
        sa.Column("context", sa.JSON),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("trigger", sa.Text, nullable=False),
        sa.Column("trigger_start", sa.Integer, nullable=False),
        sa.Column("trigger_end", sa.Integer, nullable=False),
        sa.Column("event_value", sa.String(64)),
        sa.Column("event_precision", sa.String(16)),
        sa.Column("event_start", sa.Date),
        sa.Column("event_end", sa.Date),
        sa.Column("timex_text", sa.Text),
        sa.Column("report_date", sa.Date, nullable=False),
        sa.Column("location_entity_id", sa.Integer, sa.ForeignKey("entity.id")),
        sa.Column("attribution_id", sa.Integer, sa.ForeignKey("attribution.id")),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    op.create_index("ix_event_article", "event", ["article_id"])
    op.create_index("ix_event_type_start", "event", ["type", "event_start"])
    op.create_index("ix_event_start", "event", ["event_start"])
    op.create_index("ix_event_report_date", "event", ["report_date"])
    op.create_table(
        "event_role",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("event.id", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("entity_id", sa.Integer, sa.ForeignKey("entity.id")),
        sa.Column("mention_id", sa.Integer, sa.ForeignKey("mention.id")),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("entity_type", sa.String(32)),
        sa.Column("country", sa.String(8)),
        sa.Column("sector", sa.String(64)),
    )
    op.create_index("ix_event_role_event", "event_role", ["event_id"])
    op.create_index("ix_event_role_entity", "event_role", ["entity_id", "role"])
    op.create_index("ix_event_role_country", "event_role", ["country"])
    op.create_table(
        "quantity",
        sa.Column("id", sa.Integer, primary_key=True),
        _article_id(),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("measure", sa.Text),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("measure_start", sa.Integer),
        sa.Column("measure_end", sa.Integer),
    )
    op.create_index("ix_quantity_article", "quantity", ["article_id"])


def downgrade() -> None:
    for table in ("quantity", "event_role", "event", "attribution"):
        op.drop_table(table)
