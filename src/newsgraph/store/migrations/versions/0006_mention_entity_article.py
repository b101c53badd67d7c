"""An entity's mentions indexed with their articles: counts of mentions and
articles are read from the index alone, even for the most mentioned entities.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_mention_entity_article", "mention", ["entity_id", "article_id"])
    op.drop_index("ix_mention_entity", table_name="mention")


def downgrade() -> None:
    op.create_index("ix_mention_entity", "mention", ["entity_id"])
    op.drop_index("ix_mention_entity_article", table_name="mention")
