"""The resolved graph as every read sees it: each mention's and each entity
reference's canonical entity after all judgements.

Evidence rows keep the entity they were first given (``mention.entity_id``,
``event_role.entity_id``, ``role.person_entity_id``, ...). Resolution adds,
without rewriting them, the entity a mention refers to within its article
(``mention_link``) and the canonical entity of each resolved entity
(``entity_canonical``). Reads map every reference through both, as
nomenklatura's ``Store.assemble`` does, so a merge or split shows everywhere
at once:

    canonical(mention) = canonical(mention_link.entity_id, else mention.entity_id)
    canonical(entity)  = entity_canonical.canonical_id, else the entity itself

Two shapes of the same mapping: expressions and a selectable for reads that
are scoped by article or cover the whole store, and indexed reads of a
cluster's mentions and event roles for reads about one entity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    FromClause,
    Integer,
    Select,
    Subquery,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
    union_all,
)

from newsgraph.store import schema

M, ML, EC, ER = schema.mention, schema.mention_link, schema.entity_canonical, schema.event_role
R, RR = schema.role, schema.resolved_role


def canonical(column: ColumnElement[int]) -> ColumnElement[int]:
    """The canonical entity of the entity id in ``column`` (itself when never
    resolved; NULL stays NULL): a primary-key look-up per row."""
    head = select(EC.c.canonical_id).where(EC.c.entity_id == column).correlate_except(EC).scalar_subquery()
    return func.coalesce(head, column)


def _linked(mention_id: ColumnElement[int], fallback: ColumnElement[int]) -> ColumnElement[int]:
    """The entity a mention was linked to within its article, else ``fallback``."""
    link = select(ML.c.entity_id).where(ML.c.mention_id == mention_id).correlate_except(ML).scalar_subquery()
    return func.coalesce(link, fallback)


def mention_entity(mention: FromClause = M) -> ColumnElement[int]:
    """Canonical entity of each row of ``mention`` (the table or an alias)."""
    return canonical(_linked(mention.c.id, mention.c.entity_id))


def participant_entity(role: FromClause = ER) -> ColumnElement[int]:
    """Canonical entity of an event role: of its mention when it has one."""
    return canonical(_linked(role.c.mention_id, role.c.entity_id))


def person_entity(role: FromClause = R) -> ColumnElement[int]:
    """Canonical person of a role: as linked by resolution, else as written."""
    linked = select(RR.c.person_entity_id).where(RR.c.role_id == role.c.id).correlate_except(RR).scalar_subquery()
    return canonical(func.coalesce(linked, role.c.person_entity_id))


def organisation_entity(role: FromClause = R) -> ColumnElement[int]:
    """Canonical organisation of a role: the entity its stated organisation's
    mention was linked to, else as written (a guessed organisation is not
    shown as stated)."""
    linked = (
        select(RR.c.organisation_entity_id)
        .where(RR.c.role_id == role.c.id, RR.c.rule == "stated")
        .correlate_except(RR)
        .scalar_subquery()
    )
    return canonical(func.coalesce(linked, role.c.organisation_entity_id))


def resolved_mentions(name: str = "resolved_mention") -> Subquery:
    """Every mention with its canonical entity (``entity_id``) and the entity
    it was given when written (``written_entity_id``). Filter it by article or
    read it whole; reads about one entity use ``latest_cluster_mentions``.
    Outer joins, so that each mention costs one look-up in each table."""
    link, head = ML.alias(f"{name}_link"), EC.alias(f"{name}_head")
    linked = func.coalesce(link.c.entity_id, M.c.entity_id)
    return (
        select(
            M.c.id,
            M.c.article_id,
            M.c.sentence,
            M.c.start,
            M.c.end,
            M.c.text,
            M.c.type,
            M.c.entity_id.label("written_entity_id"),
            func.coalesce(head.c.canonical_id, linked).label("entity_id"),
        )
        .select_from(M.outerjoin(link, link.c.mention_id == M.c.id).outerjoin(head, head.c.entity_id == linked))
        .subquery(name)
    )


@dataclass(frozen=True, slots=True)
class Cluster:
    """A canonical entity and every entity id merged into it (itself
    included). Statements about a cluster are built once per cluster size,
    with the ids as parameters (``params``): building a statement costs more
    than running it."""

    canonical: int
    members: tuple[int, ...]

    @property
    def size(self) -> int:
        return len(self.members)

    def params(self) -> dict[str, int]:
        return {"canonical": self.canonical} | {f"member_{i}": member for i, member in enumerate(self.members)}


def _members(size: int) -> list[BindParameter[int]]:
    return [bindparam(f"member_{i}", type_=Integer) for i in range(size)]


CANONICAL = bindparam("canonical", type_=Integer)


def canonical_of(connection: Connection, entity_id: int) -> int:
    """The canonical entity of ``entity_id`` (itself when never resolved)."""
    head = connection.scalar(select(EC.c.canonical_id).where(EC.c.entity_id == entity_id))
    return entity_id if head is None else head


def cluster(connection: Connection, entity_id: int) -> Cluster:
    """The cluster ``entity_id`` belongs to now."""
    head = canonical_of(connection, entity_id)
    members = set(connection.scalars(select(EC.c.entity_id).where(EC.c.canonical_id == head)))
    return Cluster(head, tuple(sorted(members | {head})))


def unlinked(members: Sequence[ColumnElement[int] | BindParameter[int]]) -> ColumnElement[bool]:
    """Mentions written as one of ``members`` that resolution has not linked
    (articles not resolved yet)."""
    return and_(M.c.entity_id.in_(members), ~exists().where(ML.c.mention_id == M.c.id))


@cache
def _member_reads(size: int) -> list[Select]:  # type: ignore[type-arg]
    """Article ids of each member's linked mentions and of its unlinked ones."""
    reads = []
    for member in _members(size):
        reads.append(select(ML.c.article_id.label("article_id")).where(ML.c.entity_id == member))
        reads.append(select(M.c.article_id.label("article_id")).where(unlinked([member])))
    return reads


@cache
def _count_reads(size: int) -> tuple[list[Select], Select]:  # type: ignore[type-arg]
    per_read = []
    for read in _member_reads(size):
        per_article = read.add_columns(func.count().label("mentions")).group_by(read.selected_columns[0]).subquery()
        per_read.append(select(func.coalesce(func.sum(per_article.c.mentions), 0), func.count()))
    every = union_all(*_member_reads(size)).subquery()
    return per_read, select(func.count(func.distinct(every.c.article_id)))


def cluster_counts(connection: Connection, found: Cluster) -> tuple[int, int]:
    """How many mentions have ``found``'s entity as their canonical entity,
    and in how many articles. Each member's linked and not-yet-linked
    mentions are counted per article in index order (no sort); only when
    more than one of those reads finds mentions are their articles merged."""
    per_read, distinct_articles = _count_reads(found.size)
    params = found.params()
    totals = []
    for statement in per_read:
        mentions, articles = connection.execute(statement, params).one()
        if mentions:
            totals.append((int(mentions), int(articles)))
    if len(totals) <= 1:
        return totals[0] if totals else (0, 0)
    articles = connection.scalar(distinct_articles, params)
    return sum(mentions for mentions, _ in totals), int(articles or 0)


@cache
def cluster_mention_ids(size: int) -> Select:  # type: ignore[type-arg]
    """Ids of every mention whose canonical entity is the cluster's (of
    ``size`` members; parameters ``Cluster.params``): linked into one of its
    members, or written as one and not linked. Two index reads."""
    members = _members(size)
    linked = select(ML.c.mention_id.label("id")).where(ML.c.entity_id.in_(members))
    return union_all(linked, select(M.c.id).where(unlinked(members)))  # type: ignore[return-value]


@cache
def latest_cluster_mentions(size: int, limit: str = "limit") -> Subquery:
    """The latest stored mentions (id, article_id, sentence, start, end, at
    most parameter ``limit``) whose canonical entity is the cluster's (of
    ``size`` members; parameters ``Cluster.params``): for each member, a
    range read of its links and one of its unlinked mentions, each stopping
    at the limit, then the latest of those."""
    columns = (M.c.id, M.c.article_id, M.c.sentence, M.c.start, M.c.end)
    most = bindparam(limit, type_=Integer)
    reads = []
    for member in _members(size):
        linked = (
            select(ML.c.mention_id).where(ML.c.entity_id == member).order_by(ML.c.mention_id.desc()).limit(most)
        ).subquery()
        reads.append(select(*columns).join(linked, linked.c.mention_id == M.c.id))
        own = select(*columns).where(unlinked([member])).order_by(M.c.id.desc()).limit(most).subquery()
        reads.append(select(own))
    everything = union_all(*reads).subquery()
    return select(everything).order_by(everything.c.id.desc()).limit(most).subquery()


def cluster_role_times(size: int, keys: Select, limit: str = "limit") -> Subquery:  # type: ignore[type-arg]
    """The first rows (at most parameter ``limit``) of ``keys`` (a select of
    event_role's id, event_start and event_end, with any joins and filters)
    whose canonical participant is the cluster's (of ``size`` members;
    parameters ``Cluster.params``), in event-time order: per member, a range
    read of ix_event_role_entity_time that stops at the limit; one read of
    the roles whose mention was linked into the cluster under a name written
    as another entity; then the first of those."""
    members = _members(size)
    most = bindparam(limit, type_=Integer)
    check = participant_entity() == CANONICAL
    order = (ER.c.event_start, ER.c.event_end, ER.c.id)
    reads = [keys.where(ER.c.entity_id == member, check).order_by(*order).limit(most) for member in members]
    renamed = select(ML.c.mention_id).where(ML.c.entity_id.in_(members), ML.c.rule != "self")
    other = or_(ER.c.entity_id.is_(None), ER.c.entity_id.not_in(members))
    reads.append(keys.where(ER.c.mention_id.in_(renamed), other, check).order_by(*order).limit(most))
    every = union_all(*(select(read.subquery().c) for read in reads)).subquery()
    return select(every).order_by(every.c.event_start, every.c.event_end, every.c.id).limit(most).subquery()


def cluster_roles(size: int) -> ColumnElement[bool]:
    """Event roles whose canonical participant is the cluster's (of ``size``
    members; parameters ``Cluster.params``): candidates by written entity or
    by linked mention, then checked."""
    members = _members(size)
    linked_mentions = select(ML.c.mention_id).where(ML.c.entity_id.in_(members), ML.c.rule != "self")
    return and_(
        or_(ER.c.entity_id.in_(members), ER.c.mention_id.in_(linked_mentions)),
        participant_entity() == CANONICAL,
    )


def cluster_person_roles(size: int) -> ColumnElement[bool]:
    """Roles (titles) whose canonical person is the cluster's (of ``size``
    members; parameters ``Cluster.params``)."""
    members = _members(size)
    resolved = select(RR.c.role_id).where(RR.c.person_entity_id.in_(members))
    return and_(or_(R.c.person_entity_id.in_(members), R.c.id.in_(resolved)), person_entity() == CANONICAL)
