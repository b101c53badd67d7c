"""Queries about articles, entities and their evidence."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Connection, Engine, Select, and_, exists, func, select

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
from newsgraph.store.resolved import (
    CANONICAL,
    canonical_of,
    cluster,
    cluster_counts,
    cluster_person_roles,
    latest_cluster_mentions,
    organisation_entity,
    resolved_mentions,
)

A, M, E, S, ML = schema.article, schema.mention, schema.entity, schema.source, schema.mention_link
CO_MENTION_SENTENCES = 1000


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
    """Canonical entities by number of mentions (of every name merged into
    them), most mentioned first."""
    mention = resolved_mentions()
    counted = (
        select(
            mention.c.entity_id,
            func.count().label("mentions"),
            func.count(func.distinct(mention.c.article_id)).label("articles"),
        )
        .group_by(mention.c.entity_id)
        .subquery()
    )
    query = (
        select(E.c.id, E.c.type, E.c.canonical_name, counted.c.mentions, counted.c.articles)
        .join(counted, counted.c.entity_id == E.c.id)
        .order_by(counted.c.mentions.desc(), E.c.canonical_name, E.c.id)
        .limit(limit)
        .offset(offset)
    )
    if entity_type:
        query = query.where(E.c.type == entity_type.upper())
    with engine.connect() as connection:
        return [EntitySummary(*row) for row in connection.execute(query)]


def find_entity_ids(engine: Engine, name: str, entity_type: str | None = None) -> list[int]:
    """Entities as written whose name or an alias normalises like ``name``,
    most mentioned first: what a resolution decision is about. Reads use
    ``find_canonical_ids``."""
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


def find_canonical_ids(engine: Engine, name: str, entity_type: str | None = None) -> list[int]:
    """Canonical entities with a name or alias (of any entity merged into
    them) that normalises like ``name``, in the order of ``find_entity_ids``;
    each once. A name whose every mention was linked to a fuller name in its
    article ("Kumar" -> "Sanjeev Kumar") stands for the entities it was
    linked to, most often first."""
    found = find_entity_ids(engine, name, entity_type)
    heads: list[int] = []
    with engine.connect() as connection:
        for entity_id in found:
            head = canonical_of(connection, entity_id)
            targets = [] if head != entity_id else _linked_elsewhere(connection, entity_id)
            heads += [canonical_of(connection, target) for target in targets] or [head]
    return list(dict.fromkeys(heads))


def _linked_elsewhere(connection: Connection, entity_id: int) -> list[int]:
    """The entities the mentions written as ``entity_id`` were all linked to
    instead (most linked first); none when one of them is still its own."""
    own = select(ML.c.mention_id).where(ML.c.entity_id == entity_id).limit(1)
    not_linked = select(M.c.id).where(M.c.entity_id == entity_id, ~exists().where(ML.c.mention_id == M.c.id)).limit(1)
    if connection.scalar(own) is not None or connection.scalar(not_linked) is not None:
        return []
    linked = func.count()
    return list(
        connection.scalars(
            select(ML.c.entity_id)
            .join(M, M.c.id == ML.c.mention_id)
            .where(M.c.entity_id == entity_id)
            .group_by(ML.c.entity_id)
            .order_by(linked.desc(), ML.c.entity_id)
        )
    )


def canonical_entity_id(engine: Engine, entity_id: int) -> int:
    """The canonical entity ``entity_id`` was merged into (itself if none)."""
    with engine.connect() as connection:
        return canonical_of(connection, entity_id)


@dataclass(frozen=True)
class _ProfileReads:
    evidence: Select  # type: ignore[type-arg]
    roles: Select  # type: ignore[type-arg]
    co_mentions: Select  # type: ignore[type-arg]


@cache
def _profile_reads(size: int) -> _ProfileReads:
    """The reads of a profile of a cluster of ``size`` entities, built once
    per size (parameters: ``Cluster.params``, ``evidence_limit``,
    ``co_sentences``)."""
    sentence = schema.sentence
    recent = latest_cluster_mentions(size, "evidence_limit")
    evidence = (
        select(recent.c.start, recent.c.end, *evidence_columns())
        .select_from(
            recent.join(A, A.c.id == recent.c.article_id)
            .join(sentence, sentence_of(recent))
            .outerjoin(S, S.c.id == A.c.source_id)
        )
        .order_by(A.c.published, A.c.id, recent.c.start)
    )
    organisation = E.alias()
    roles = (
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
            .outerjoin(organisation, organisation.c.id == organisation_entity())
            .outerjoin(S, S.c.id == A.c.source_id)
        )
        .where(cluster_person_roles(size))
        .order_by(schema.role.c.as_of, A.c.id, schema.role.c.start)
    )
    # Co-mentions over the entity's latest sentences (parameter co_sentences):
    # all of them for most entities, a bounded read for the heavy hitters.
    latest = latest_cluster_mentions(size, "co_sentences")
    own = select(latest.c.article_id, latest.c.sentence).distinct().subquery()
    other = resolved_mentions("other")
    co_mentions = (
        select(other.c.entity_id, other.c.article_id, other.c.sentence)
        .join(own, and_(own.c.article_id == other.c.article_id, own.c.sentence == other.c.sentence))
        .where(other.c.entity_id.is_not(None), other.c.entity_id != CANONICAL)
        .distinct()
    )
    return _ProfileReads(evidence, roles, co_mentions)


LINKED_NAMES_READ = 2_000  # latest within-article links looked at for names


def _linked_names(members: list[int]) -> Select:  # type: ignore[type-arg]
    """Names written for other entities whose mentions resolution linked to
    one of ``members`` within their article ("Adani Defence" for "Adani
    Defence and Aerospace"): the latest links only, so that the read stays
    bounded for an entity named in many articles."""
    latest = (
        select(ML.c.mention_id)
        .where(ML.c.entity_id.in_(members))
        .order_by(ML.c.entity_id, ML.c.mention_id.desc())
        .limit(LINKED_NAMES_READ)
        .subquery()
    )
    return (
        select(E.c.canonical_name)
        .select_from(latest.join(M, M.c.id == latest.c.mention_id).join(E, E.c.id == M.c.entity_id))
        .where(E.c.id.not_in(members))
        .distinct()
    )


def entity_profile(
    engine: Engine, entity_id: int, evidence_limit: int = 20, co_limit: int = 15
) -> EntityProfile | None:
    """Type, aliases, mention counts, roles, evidence sentences and
    co-mentioned entities of the canonical entity ``entity_id`` belongs to:
    of every entity merged into it (the profile of a merged-away id is its
    canonical entity's)."""
    with engine.connect() as connection:
        if connection.scalar(select(E.c.id).where(E.c.id == entity_id)) is None:
            return None
        found = cluster(connection, entity_id)
        members = list(found.members)
        params = found.params() | {"evidence_limit": evidence_limit, "co_sentences": CO_MENTION_SENTENCES}
        reads = _profile_reads(found.size)
        row = connection.execute(select(E.c.id, E.c.type, E.c.canonical_name).where(E.c.id == found.canonical)).one()
        names = set(connection.scalars(select(schema.alias.c.name).where(schema.alias.c.entity_id.in_(members))))
        names.update(connection.scalars(select(E.c.canonical_name).where(E.c.id.in_(members))))
        names.update(connection.scalars(_linked_names(members)))
        aliases = sorted(names)
        mentions, articles = cluster_counts(connection, found)
        # The latest stored mentions, shown in order of publication.
        evidence = [span_evidence(*row) for row in connection.execute(reads.evidence, params)]
        roles = [
            RoleView(title, org, as_of, span_evidence(*span))
            for title, org, as_of, *span in connection.execute(reads.roles, params)
        ]
        counts = Counter(entity for entity, _, _ in connection.execute(reads.co_mentions, params))
        co_mentions = []
        if counts:
            top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:co_limit]
            names_of = dict(
                (i, (t, n))
                for i, t, n in connection.execute(
                    select(E.c.id, E.c.type, E.c.canonical_name).where(E.c.id.in_([i for i, _ in top]))
                )
            )
            co_mentions = [CoMention(i, names_of[i][0], names_of[i][1], count) for i, count in top]
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

    EC = schema.entity_canonical
    merged_away = exists().where(EC.c.entity_id == E.c.id, EC.c.canonical_id != E.c.id)
    with engine.connect() as connection:
        first, last = connection.execute(select(func.min(A.c.published), func.max(A.c.published))).one()
        by_type = dict(
            connection.execute(
                select(E.c.type, func.count()).where(~merged_away).group_by(E.c.type).order_by(E.c.type)
            ).all()
        )
        return StoreStats(
            articles=count(A),
            sources=count(S),
            entities=sum(by_type.values()),
            mentions=count(M),
            roles=count(schema.role),
            timexes=count(schema.timex),
            rejected=count(schema.rejected),
            statements=count(schema.statement),
            first_published=first,
            last_published=last,
            entities_by_type=by_type,
        )
