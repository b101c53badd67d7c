"""An entity's mentions indexed in the order they were stored, with their
sentences: its latest mentions (evidence, dated mentions, co-mention
sentences) are an index range read that stops after the first few, however
many mentions it has.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_mention_entity_latest", "mention", ["entity_id", "id", "article_id", "sentence"])


def downgrade() -> None:
    op.drop_index("ix_mention_entity_latest", table_name="mention")
