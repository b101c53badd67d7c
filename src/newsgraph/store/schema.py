"""The store's tables (SQLAlchemy Core). Migrations in ``migrations/versions``
create and upgrade them; a test checks that the two agree."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)


class UTCDateTime(TypeDecorator[datetime]):
    """A point in time, stored in UTC and read back with its time zone:
    SQLite keeps no zone, so a time read from it is marked UTC again."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.astimezone(UTC) if value is not None and value.tzinfo is not None else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


metadata = MetaData()

source = Table(
    "source",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False, unique=True),
    Column("domain", String(300)),
)

article = Table(
    "article",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("source_id", Integer, ForeignKey("source.id")),
    Column("url", Text),
    Column("title", Text),
    Column("published", Date, nullable=False),
    Column("ingested_at", UTCDateTime(), nullable=False),
    Column("language", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("input_name", Text),
    Column("position", Integer),
    Column("extractor_version", String(200)),
    Index("ix_article_published", "published"),
    Index("ix_article_source", "source_id"),
)

sentence = Table(
    "sentence",
    metadata,
    Column("article_id", String(40), ForeignKey("article.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

entity = Table(
    "entity",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("type", String(32), nullable=False),
    Column("canonical_name", Text, nullable=False),
    Column("normalised_name", Text, nullable=False),
    Column("country", String(3)),
    Column("attributes", JSON),
    UniqueConstraint("type", "normalised_name", name="uq_entity_type_name"),
    Index("ix_entity_normalised_name", "normalised_name"),
)

alias = Table(
    "alias",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entity.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("normalised_name", Text, nullable=False),
    UniqueConstraint("entity_id", "name", name="uq_alias_entity_name"),
    Index("ix_alias_normalised_name", "normalised_name"),
)

mention = Table(
    "mention",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", String(40), ForeignKey("article.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", String(32), nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("entity_id", Integer, ForeignKey("entity.id")),
    Index("ix_mention_article_sentence", "article_id", "sentence"),
    # Covers an entity's mention and article counts.
    Index("ix_mention_entity_article", "entity_id", "article_id"),
    # An entity's latest mentions with their sentences, newest first, read
    # from the index alone and stopping at the limit (profiles, timelines).
    Index("ix_mention_entity_latest", "entity_id", "id", "article_id", "sentence"),
)

role = Table(
    "role",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", String(40), ForeignKey("article.id", ondelete="CASCADE"), nullable=False),
    Column("person_entity_id", Integer, ForeignKey("entity.id"), nullable=False),
    Column("person_mention_id", Integer, ForeignKey("mention.id")),
    Column("title", Text, nullable=False),
    Column("organisation_entity_id", Integer, ForeignKey("entity.id")),
    Column("as_of", Date, nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_role_person", "person_entity_id"),
)

timex = Table(
    "timex",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", String(40), ForeignKey("article.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("value", String(64), nullable=False),
    Column("sentence", Integer, nullable=False),
    Index("ix_timex_article_sentence", "article_id", "sentence"),
)

rejected = Table(
    "rejected",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("input_name", Text, nullable=False),
    Column("position", Integer),
    Column("reason", Text, nullable=False),
    Column("rejected_at", UTCDateTime(), nullable=False),
    # rejection_key(): a record rejected again for the same reason (a re-run
    # of the same batch) is not recorded twice
    Column("record_key", String(64), nullable=False),
    UniqueConstraint("record_key", name="uq_rejected_record_key"),
)


def rejection_key(input_name: str, position: int | None, reason: str) -> str:
    """The key that makes a rejection unique: its input, its position in that
    input (None for the input as a whole) and its reason, hashed (SHA-256)
    so that a long path or reason still fits an index."""
    parts = (input_name, "" if position is None else str(position), reason)
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


statement = Table(
    "statement",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("subject_kind", String(16), nullable=False),  # entity | mention | timex | quantity | attribution | event
    Column("subject_id", Integer, nullable=False),
    Column("property", String(64), nullable=False),
    Column("value", Text, nullable=False),
    Column("original_text", Text),
    Column("article_id", String(40), ForeignKey("article.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer),
    Column("end", Integer),
    Column("extractor", String(64), nullable=False),
    Column("extractor_version", String(200), nullable=False),
    Column("first_seen", UTCDateTime(), nullable=False),
    Column("last_seen", UTCDateTime(), nullable=False),
    Index("ix_statement_subject", "subject_kind", "subject_id"),
    Index("ix_statement_article", "article_id"),
)

attribution = Table(
    "attribution",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", String(40), ForeignKey("article.id", ondelete="CASCADE"), nullable=False),
    Column("source", Text, nullable=False),
    Column("source_entity_id", Integer, ForeignKey("entity.id")),
    Column("cue", String(64), nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_attribution_article", "article_id"),
)

event = Table(
    "event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", String(40), ForeignKey("article.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(16), nullable=False),
    Column("mode", String(32)),
    Column("context", JSON),
    Column("modality", String(16), nullable=False),
    Column("trigger", Text, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    # When it happened: the ISO-TimeML value of its timex, at its precision,
    # and the calendar interval it denotes (for range filters).
    Column("event_value", String(64)),
    Column("event_precision", String(16)),
    Column("event_start", Date),
    Column("event_end", Date),
    Column("timex_text", Text),
    # When it was reported: the article's publication date.
    Column("report_date", Date, nullable=False),
    Column("location_entity_id", Integer, ForeignKey("entity.id")),
    Column("attribution_id", Integer, ForeignKey("attribution.id")),
    Column("confidence", Float, nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_event_article", "article_id"),
    # Covering the time filters and the sort keys, so that a time window is
    # one index range read (see query.events._ordered_ids).
    Index("ix_event_type_span", "type", "event_start", "event_end", "report_date"),
    Index("ix_event_span", "event_start", "event_end", "report_date"),
    Index("ix_event_report_date", "report_date"),
)

event_role = Table(
    "event_role",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(16), nullable=False),
    Column("entity_id", Integer, ForeignKey("entity.id")),
    Column("mention_id", Integer, ForeignKey("mention.id")),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("entity_type", String(32)),
    Column("country", String(8)),
    Column("sector", String(64)),
    # The event's interval, copied here so that an entity's events are one
    # index range read in event-time order (timelines of the heavy hitters).
    Column("event_start", Date),
    Column("event_end", Date),
    Index("ix_event_role_event", "event_id"),
    Index("ix_event_role_entity", "entity_id", "role"),
    Index("ix_event_role_entity_time", "entity_id", "event_start", "event_end"),
    Index("ix_event_role_country", "country"),
    Index("ix_event_role_mention", "mention_id"),
)

quantity = Table(
    "quantity",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", String(40), ForeignKey("article.id", ondelete="CASCADE"), nullable=False),
    Column("value", Float, nullable=False),
    Column("unit", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("measure", Text),
    Column("sentence", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("measure_start", Integer),
    Column("measure_end", Integer),
    Index("ix_quantity_article", "article_id"),
)

# Resolution (migration 0003). Derived from mentions and never rewriting them:
# a mention's link, an entity's canonical id and an article's story can all
# be recomputed from the evidence and the judgements.

mention_link = Table(
    "mention_link",
    metadata,
    Column("mention_id", Integer, ForeignKey("mention.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", String(40), ForeignKey("article.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", Integer, ForeignKey("entity.id"), nullable=False),
    Column("rule", String(32), nullable=False),
    Column("country", String(8)),
    Index("ix_mention_link_article", "article_id"),
    Index("ix_mention_link_entity", "entity_id"),
    Index("ix_mention_link_entity_latest", "entity_id", "mention_id"),
    Index("ix_mention_link_entity_article", "entity_id", "article_id"),
)

resolved_role = Table(
    "resolved_role",
    metadata,
    Column("role_id", Integer, ForeignKey("role.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", String(40), ForeignKey("article.id", ondelete="CASCADE"), nullable=False),
    Column("person_entity_id", Integer, ForeignKey("entity.id"), nullable=False),
    Column("organisation_entity_id", Integer, ForeignKey("entity.id")),
    Column("country", String(8)),
    Column("rule", String(32), nullable=False),
    Index("ix_resolved_role_person", "person_entity_id"),
    Index("ix_resolved_role_article", "article_id"),
)

entity_key = Table(
    "entity_key",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("entity_id", Integer, ForeignKey("entity.id"), primary_key=True),
    Index("ix_entity_key_entity", "entity_id"),
)

judgement = Table(
    "judgement",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("left_entity_id", Integer, ForeignKey("entity.id"), nullable=False),
    Column("right_entity_id", Integer, ForeignKey("entity.id"), nullable=False),
    Column("verdict", String(16), nullable=False),  # positive | negative | unsure
    Column("decided_by", String(16), nullable=False),  # rule | person
    Column("rule", String(64)),
    Column("score", Float),
    Column("features", JSON),
    Column("note", Text),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("deleted_at", UTCDateTime()),
    Index("ix_judgement_left", "left_entity_id", "deleted_at"),
    Index("ix_judgement_right", "right_entity_id", "deleted_at"),
)

entity_canonical = Table(
    "entity_canonical",
    metadata,
    Column("entity_id", Integer, ForeignKey("entity.id"), primary_key=True),
    Column("canonical_id", Integer, ForeignKey("entity.id"), nullable=False),
    Index("ix_entity_canonical_canonical", "canonical_id"),
)

story = Table(
    "story",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("first_article_id", String(40), ForeignKey("article.id"), nullable=False),
    Column("first_seen", Date, nullable=False),
    Column("last_seen", Date, nullable=False),
    Column("title", Text),
    Column("articles", Integer, nullable=False),
    Column("outlets", Integer, nullable=False),
    Index("ix_story_first_seen", "first_seen"),
)

article_story = Table(
    "article_story",
    metadata,
    Column("article_id", String(40), ForeignKey("article.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", Integer, ForeignKey("story.id"), nullable=False),
    Index("ix_article_story_story", "story_id"),
)

article_fingerprint = Table(
    "article_fingerprint",
    metadata,
    Column("article_id", String(40), ForeignKey("article.id", ondelete="CASCADE"), primary_key=True),
    Column("published", Date, nullable=False),
    Column("fingerprint", JSON, nullable=False),
)

story_key = Table(
    "story_key",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("article_id", String(40), ForeignKey("article.id", ondelete="CASCADE"), primary_key=True),
    Column("published", Date, nullable=False),
    Index("ix_story_key_key_published", "key", "published"),
)

story_link = Table(
    "story_link",
    metadata,
    Column("left_article_id", String(40), ForeignKey("article.id", ondelete="CASCADE"), primary_key=True),
    Column("right_article_id", String(40), ForeignKey("article.id", ondelete="CASCADE"), primary_key=True),
    Column("score", Float, nullable=False),
    Column("features", JSON, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_story_link_right", "right_article_id"),
)
