"""Initial schema: sources, articles, sentences, entities, aliases, mentions,
roles, timexes, rejected inputs, statements.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(300), nullable=False, unique=True),
        sa.Column("domain", sa.String(300)),
    )
    op.create_table(
        "article",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("source.id")),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.Date, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("input_name", sa.Text),
        sa.Column("position", sa.Integer),
        sa.Column("extractor_version", sa.String(200)),
    )
    op.create_index("ix_article_published", "article", ["published"])
    op.create_index("ix_article_source", "article", ["source_id"])
    op.create_table(
        "sentence",
        sa.Column("article_id", sa.String(40), sa.ForeignKey("article.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("idx", sa.Integer, primary_key=True),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    op.create_table(
        "entity",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("canonical_name", sa.Text, nullable=False),
        sa.Column("normalised_name", sa.Text, nullable=False),
        sa.Column("country", sa.String(3)),
        sa.Column("attributes", sa.JSON),
        sa.UniqueConstraint("type", "normalised_name", name="uq_entity_type_name"),
    )
    op.create_index("ix_entity_normalised_name", "entity", ["normalised_name"])
    op.create_table(
        "alias",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("entity_id", sa.Integer, sa.ForeignKey("entity.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("normalised_name", sa.Text, nullable=False),
        sa.UniqueConstraint("entity_id", "name", name="uq_alias_entity_name"),
    )
    op.create_index("ix_alias_normalised_name", "alias", ["normalised_name"])
    op.create_table(
        "mention",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.String(40), sa.ForeignKey("article.id", ondelete="CASCADE"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("entity_id", sa.Integer, sa.ForeignKey("entity.id")),
    )
    op.create_index("ix_mention_article", "mention", ["article_id"])
    op.create_index("ix_mention_entity", "mention", ["entity_id"])
    op.create_table(
        "role",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.String(40), sa.ForeignKey("article.id", ondelete="CASCADE"), nullable=False),
        sa.Column("person_entity_id", sa.Integer, sa.ForeignKey("entity.id"), nullable=False),
        sa.Column("person_mention_id", sa.Integer, sa.ForeignKey("mention.id")),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("organisation_entity_id", sa.Integer, sa.ForeignKey("entity.id")),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    op.create_index("ix_role_person", "role", ["person_entity_id"])
    op.create_table(
        "timex",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.String(40), sa.ForeignKey("article.id", ondelete="CASCADE"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("value", sa.String(64), nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
    )
    op.create_index("ix_timex_article", "timex", ["article_id"])
    op.create_table(
        "rejected",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("input_name", sa.Text, nullable=False),
        sa.Column("position", sa.Integer),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "statement",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("subject_kind", sa.String(16), nullable=False),
        sa.Column("subject_id", sa.Integer, nullable=False),
        sa.Column("property", sa.String(64), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("original_text", sa.Text),
        sa.Column("article_id", sa.String(40), sa.ForeignKey("article.id", ondelete="CASCADE"), nullable=False),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("extractor", sa.String(64), nullable=False),
        sa.Column("extractor_version", sa.String(200), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_statement_subject", "statement", ["subject_kind", "subject_id"])
    op.create_index("ix_statement_article", "statement", ["article_id"])


def downgrade() -> None:
    for table in (
        "statement",
        "rejected",
        "timex",
        "role",
        "mention",
        "alias",
        "entity",
        "sentence",
        "article",
        "source",
    ):
        op.drop_table(table)
