"""Indexes for reading the resolved graph: an entity's linked mentions in the
order they were stored, with their articles (latest evidence and counts of a
canonical entity), and event roles by mention (a participant linked into an
entity under another name).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_mention_link_entity_latest", "mention_link", ["entity_id", "mention_id"])
    op.create_index("ix_mention_link_entity_article", "mention_link", ["entity_id", "article_id"])
    op.create_index("ix_event_role_mention", "event_role", ["mention_id"])


def downgrade() -> None:
    op.drop_index("ix_event_role_mention", table_name="event_role")
    op.drop_index("ix_mention_link_entity_article", table_name="mention_link")
    op.drop_index("ix_mention_link_entity_latest", table_name="mention_link")
