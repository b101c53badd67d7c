"""Resolution: mention links, resolved roles, blocking keys, judgements,
canonical entities, stories and their fingerprints, keys and links.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _article_id(primary_key: bool = False) -> sa.Column:
    return sa.Column(
        "article_id",
        sa.String(40),
        sa.ForeignKey("article.id", ondelete="CASCADE"),
        nullable=False,
        primary_key=primary_key,
    )


def upgrade() -> None:
    op.create_table(
        "mention_link",
        sa.Column("mention_id", sa.Integer, sa.ForeignKey("mention.id", ondelete="CASCADE"), primary_key=True),
        _article_id(),
        sa.Column("entity_id", sa.Integer, sa.ForeignKey("entity.id"), nullable=False),
        sa.Column("rule", sa.String(32), nullable=False),
        sa.Column("country", sa.String(8)),
    )
    op.create_index("ix_mention_link_article", "mention_link", ["article_id"])
    op.create_index("ix_mention_link_entity", "mention_link", ["entity_id"])
    op.create_table(
        "resolved_role",
        sa.Column("role_id", sa.Integer, sa.ForeignKey("role.id", ondelete="CASCADE"), primary_key=True),
        _article_id(),
        sa.Column("person_entity_id", sa.Integer, sa.ForeignKey("entity.id"), nullable=False),
        sa.Column("organisation_entity_id", sa.Integer, sa.ForeignKey("entity.id")),
        sa.Column("country", sa.String(8)),
        sa.Column("rule", sa.String(32), nullable=False),
    )
    op.create_index("ix_resolved_role_person", "resolved_role", ["person_entity_id"])
    op.create_index("ix_resolved_role_article", "resolved_role", ["article_id"])
    op.create_table(
        "entity_key",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("entity_id", sa.Integer, sa.ForeignKey("entity.id"), primary_key=True),
    )
    op.create_index("ix_entity_key_entity", "entity_key", ["entity_id"])
    op.create_table(
        "judgement",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("left_entity_id", sa.Integer, sa.ForeignKey("entity.id"), nullable=False),
        sa.Column("right_entity_id", sa.Integer, sa.ForeignKey("entity.id"), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.String(16), nullable=False),
        sa.Column("rule", sa.String(64)),
        sa.Column("score", sa.Float),
        sa.Column("features", sa.JSON),
        sa.Column("note", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_judgement_left", "judgement", ["left_entity_id", "deleted_at"])
    op.create_index("ix_judgement_right", "judgement", ["right_entity_id", "deleted_at"])
    op.create_table(
        "entity_canonical",
        sa.Column("entity_id", sa.Integer, sa.ForeignKey("entity.id"), primary_key=True),
        sa.Column("canonical_id", sa.Integer, sa.ForeignKey("entity.id"), nullable=False),
    )
    op.create_index("ix_entity_canonical_canonical", "entity_canonical", ["canonical_id"])
    op.create_table(
        "story",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("first_article_id", sa.String(40), sa.ForeignKey("article.id"), nullable=False),
        sa.Column("first_seen", sa.Date, nullable=False),
        sa.Column("last_seen", sa.Date, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("outlets", sa.Integer, nullable=False),
    )
    op.create_index("ix_story_first_seen", "story", ["first_seen"])
    op.create_table(
        "article_story",
        _article_id(primary_key=True),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("story.id"), nullable=False),
    )
    op.create_index("ix_article_story_story", "article_story", ["story_id"])
    op.create_table(
        "article_fingerprint",
        _article_id(primary_key=True),
        sa.Column("published", sa.Date, nullable=False),
        sa.Column("fingerprint", sa.JSON, nullable=False),
    )
    op.create_table(
        "story_key",
        sa.Column("key", sa.String(300), primary_key=True),
        _article_id(primary_key=True),
        sa.Column("published", sa.Date, nullable=False),
    )
    op.create_index("ix_story_key_key_published", "story_key", ["key", "published"])
    op.create_table(
        "story_link",
        sa.Column("left_article_id", sa.String(40), sa.ForeignKey("article.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("right_article_id", sa.String(40), sa.ForeignKey("article.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("features", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_story_link_right", "story_link", ["right_article_id"])


def downgrade() -> None:
    for table in (
        "story_link",
        "story_key",
        "article_fingerprint",
        "article_story",
        "story",
        "entity_canonical",
        "judgement",
        "entity_key",
        "resolved_role",
        "mention_link",
    ):
        op.drop_table(table)
