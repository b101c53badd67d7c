"""Queries about articles, entities and their evidence."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Engine, Integer, Subquery, and_, cast, func, select

from newsgraph.model import normalise_name
from newsgraph.query.sentences import evidence as span_evidence
from newsgraph.query.sentences import evidence_columns, sentence_of
from newsgraph.query.views import (
    ArticleSummary,
    CoMention,
    EntityProfile,
    EntitySummary,
    RejectedView,
    RoleView,
    StoreStats,
)
from newsgraph.store import schema

A, M, E, S = schema.article, schema.mention, schema.entity, schema.source
CO_MENTION_SENTENCES = 1000


def latest_mentions(entity_id: int, limit: int) -> Subquery:
    """The entity's ``limit`` latest stored mentions (id, article_id,
    sentence, start, end): a range read of ix_mention_entity_latest that stops
    at the limit, however many mentions the entity has."""
    return (
        select(M.c.id, M.c.article_id, M.c.sentence, M.c.start, M.c.end)
        .where(M.c.entity_id == entity_id)
        .order_by(M.c.id.desc())
        .limit(limit)
        .subquery()
    )


def list_articles(engine: Engine, limit: int = 50, offset: int = 0) -> list[ArticleSummary]:
    """Stored articles, newest first."""
    mention_count = select(func.count()).where(M.c.article_id == A.c.id).scalar_subquery()
    query = (
        select(A.c.id, A.c.published, S.c.name, A.c.title, A.c.url, A.c.input_name, A.c.text, mention_count)
        .select_from(A.outerjoin(S, A.c.source_id == S.c.id))
        .order_by(A.c.published.desc(), A.c.id)
        .limit(limit)
        .offset(offset)
    )
    with engine.connect() as connection:
        return [
            ArticleSummary(row[0], row[1], row[2], row[3], row[4], row[5], len(row[6].split()), row[7])
            for row in connection.execute(query)
        ]


def list_entities(
    engine: Engine, entity_type: str | None = None, limit: int = 50, offset: int = 0
) -> list[EntitySummary]:
    """Entities by number of mentions, most mentioned first."""
    mentions = func.count(M.c.id)
    query = (
        select(E.c.id, E.c.type, E.c.canonical_name, mentions, func.count(func.distinct(M.c.article_id)))
        .select_from(E.join(M, M.c.entity_id == E.c.id))
        .group_by(E.c.id, E.c.type, E.c.canonical_name)
        .order_by(mentions.desc(), E.c.canonical_name)
        .limit(limit)
        .offset(offset)
    )
    if entity_type:
        query = query.where(E.c.type == entity_type.upper())
    with engine.connect() as connection:
        return [EntitySummary(*row) for row in connection.execute(query)]


def find_entity_ids(engine: Engine, name: str, entity_type: str | None = None) -> list[int]:
    """Entities whose name or an alias normalises like ``name``, most mentioned first."""
    key = normalise_name(name)
    by_alias = select(schema.alias.c.entity_id).where(schema.alias.c.normalised_name == key)
    query = (
        select(E.c.id)
        .select_from(E.outerjoin(M, M.c.entity_id == E.c.id))
        .where((E.c.normalised_name == key) | E.c.id.in_(by_alias))
        .group_by(E.c.id)
        .order_by(func.count(M.c.id).desc(), E.c.id)
    )
    if entity_type:
        query = query.where(E.c.type == entity_type.upper())
    with engine.connect() as connection:
        return list(connection.scalars(query))


def entity_profile(
    engine: Engine, entity_id: int, evidence_limit: int = 20, co_limit: int = 15
) -> EntityProfile | None:
    """Type, aliases, mention counts, roles, evidence sentences and
    co-mentioned entities of one entity."""
    sentence = schema.sentence
    with engine.connect() as connection:
        row = connection.execute(select(E.c.id, E.c.type, E.c.canonical_name).where(E.c.id == entity_id)).first()
        if row is None:
            return None
        aliases = sorted(connection.scalars(select(schema.alias.c.name).where(schema.alias.c.entity_id == entity_id)))
        # Counted per article in the order of ix_mention_entity_article, so
        # that no sort or hash of all the entity's mentions is needed.
        per_article = (
            select(func.count().label("mentions")).where(M.c.entity_id == entity_id).group_by(M.c.article_id).subquery()
        )
        mentions, articles = connection.execute(
            select(func.coalesce(cast(func.sum(per_article.c.mentions), Integer), 0), func.count())
        ).one()
        # The latest stored mentions, shown in order of publication.
        recent = latest_mentions(entity_id, evidence_limit)
        evidence_rows = connection.execute(
            select(recent.c.start, recent.c.end, *evidence_columns())
            .select_from(
                recent.join(A, A.c.id == recent.c.article_id)
                .join(sentence, sentence_of(recent))
                .outerjoin(S, S.c.id == A.c.source_id)
            )
            .order_by(A.c.published, A.c.id, recent.c.start)
        )
        evidence = [span_evidence(*row) for row in evidence_rows]
        organisation = E.alias()
        role_rows = connection.execute(
            select(
                schema.role.c.title,
                organisation.c.canonical_name,
                schema.role.c.as_of,
                schema.role.c.start,
                schema.role.c.end,
                *evidence_columns(),
            )
            .select_from(
                schema.role.join(A, A.c.id == schema.role.c.article_id)
                .join(sentence, sentence_of(schema.role))
                .outerjoin(organisation, organisation.c.id == schema.role.c.organisation_entity_id)
                .outerjoin(S, S.c.id == A.c.source_id)
            )
            .where(schema.role.c.person_entity_id == entity_id)
            .order_by(schema.role.c.as_of, A.c.id)
        )
        roles = [RoleView(title, org, as_of, span_evidence(*span)) for title, org, as_of, *span in role_rows]
        # Co-mentions over the entity's latest CO_MENTION_SENTENCES sentences:
        # all of them for most entities, a bounded read for the heavy hitters.
        latest = latest_mentions(entity_id, CO_MENTION_SENTENCES)
        own = select(latest.c.article_id, latest.c.sentence).distinct().subquery()
        other = M.alias()
        co_rows = connection.execute(
            select(other.c.entity_id, other.c.article_id, other.c.sentence)
            .join(own, and_(own.c.article_id == other.c.article_id, own.c.sentence == other.c.sentence))
            .where(other.c.entity_id.is_not(None), other.c.entity_id != entity_id)
            .distinct()
        )
        counts = Counter(entity for entity, _, _ in co_rows)
        co_mentions = []
        if counts:
            top = counts.most_common(co_limit)
            names = dict(
                (i, (t, n))
                for i, t, n in connection.execute(
                    select(E.c.id, E.c.type, E.c.canonical_name).where(E.c.id.in_([i for i, _ in top]))
                )
            )
            co_mentions = [CoMention(i, names[i][0], names[i][1], count) for i, count in top]
    return EntityProfile(
        id=row.id,
        type=row.type,
        name=row.canonical_name,
        aliases=aliases,
        mentions=mentions,
        articles=articles,
        roles=roles,
        evidence=evidence,
        co_mentions=co_mentions,
    )


def list_rejected(engine: Engine, limit: int = 100, offset: int = 0) -> list[RejectedView]:
    R = schema.rejected
    query = (
        select(R.c.input_name, R.c.position, R.c.reason, R.c.rejected_at).order_by(R.c.id).limit(limit).offset(offset)
    )
    with engine.connect() as connection:
        return [RejectedView(*row) for row in connection.execute(query)]


def store_stats(engine: Engine) -> StoreStats:
    def count(table) -> int:  # type: ignore[no-untyped-def]
        return connection.scalar(select(func.count()).select_from(table)) or 0

    with engine.connect() as connection:
        first, last = connection.execute(select(func.min(A.c.published), func.max(A.c.published))).one()
        by_type = dict(connection.execute(select(E.c.type, func.count()).group_by(E.c.type).order_by(E.c.type)).all())
        return StoreStats(
            articles=count(A),
            sources=count(S),
            entities=count(E),
            mentions=count(M),
            roles=count(schema.role),
            timexes=count(schema.timex),
            rejected=count(schema.rejected),
            statements=count(schema.statement),
            first_published=first,
            last_published=last,
            entities_by_type=by_type,
        )
