"""Indexes for queries at scale: event time windows covered by one index
range read; mentions and timexes found by (article, sentence).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_event_type_start", table_name="event")
    op.drop_index("ix_event_start", table_name="event")
    op.create_index("ix_event_type_span", "event", ["type", "event_start", "event_end", "report_date"])
    op.create_index("ix_event_span", "event", ["event_start", "event_end", "report_date"])
    op.drop_index("ix_mention_article", table_name="mention")
    op.create_index("ix_mention_article_sentence", "mention", ["article_id", "sentence"])
    op.drop_index("ix_timex_article", table_name="timex")
    op.create_index("ix_timex_article_sentence", "timex", ["article_id", "sentence"])


def downgrade() -> None:
    op.drop_index("ix_timex_article_sentence", table_name="timex")
    op.create_index("ix_timex_article", "timex", ["article_id"])
    op.drop_index("ix_mention_article_sentence", table_name="mention")
    op.create_index("ix_mention_article", "mention", ["article_id"])
    op.drop_index("ix_event_span", table_name="event")
    op.drop_index("ix_event_type_span", table_name="event")
    op.create_index("ix_event_start", "event", ["event_start"])
    op.create_index("ix_event_type_start", "event", ["type", "event_start"])
