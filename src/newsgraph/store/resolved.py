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

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    Select,
    Subquery,
    and_,
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


def resolved_mentions(name: str = "resolved_mention") -> Subquery:
    """Every mention with its canonical entity (``entity_id``) and the entity
    it was given when written (``written_entity_id``). Filter it by article or
    read it whole; reads about one entity use ``cluster_mentions``."""
    return select(
        M.c.id,
        M.c.article_id,
        M.c.sentence,
        M.c.start,
        M.c.end,
        M.c.text,
        M.c.type,
        M.c.entity_id.label("written_entity_id"),
        mention_entity().label("entity_id"),
    ).subquery(name)


@dataclass(frozen=True, slots=True)
class Cluster:
    """A canonical entity and every entity id merged into it (itself included)."""

    canonical: int
    members: tuple[int, ...]


def canonical_of(connection: Connection, entity_id: int) -> int:
    """The canonical entity of ``entity_id`` (itself when never resolved)."""
    head = connection.scalar(select(EC.c.canonical_id).where(EC.c.entity_id == entity_id))
    return entity_id if head is None else head


def cluster(connection: Connection, entity_id: int) -> Cluster:
    """The cluster ``entity_id`` belongs to now."""
    head = canonical_of(connection, entity_id)
    members = set(connection.scalars(select(EC.c.entity_id).where(EC.c.canonical_id == head)))
    return Cluster(head, tuple(sorted(members | {head})))


def unlinked(members: Sequence[int]) -> ColumnElement[bool]:
    """Mentions written as one of ``members`` that resolution has not linked
    (articles not resolved yet)."""
    return and_(M.c.entity_id.in_(members), ~exists().where(ML.c.mention_id == M.c.id))


def cluster_mention_ids(found: Cluster) -> Select:  # type: ignore[type-arg]
    """Ids of every mention whose canonical entity is ``found``'s: linked into
    one of its members, or written as one and not linked. Two index reads."""
    members = list(found.members)
    linked = select(ML.c.mention_id.label("id")).where(ML.c.entity_id.in_(members))
    return union_all(linked, select(M.c.id).where(unlinked(members)))  # type: ignore[return-value]


def latest_cluster_mentions(found: Cluster, limit: int) -> Subquery:
    """The ``limit`` latest stored mentions (id, article_id, sentence, start,
    end) whose canonical entity is ``found``'s: for each member, a range read
    of its links and one of its unlinked mentions, each stopping at
    ``limit``, then the latest ``limit`` of those."""
    columns = (M.c.id, M.c.article_id, M.c.sentence, M.c.start, M.c.end)
    reads = []
    for member in found.members:
        linked = (
            select(ML.c.mention_id)
            .where(ML.c.entity_id == member)
            .order_by(ML.c.mention_id.desc())
            .limit(limit)
            .subquery()
        )
        reads.append(select(*columns).join(linked, linked.c.mention_id == M.c.id))
        own = select(*columns).where(unlinked([member])).order_by(M.c.id.desc()).limit(limit).subquery()
        reads.append(select(own))
    everything = union_all(*reads).subquery()
    return select(everything).order_by(everything.c.id.desc()).limit(limit).subquery()


def cluster_roles(found: Cluster) -> ColumnElement[bool]:
    """Event roles whose canonical participant is ``found``'s entity:
    candidates by written entity or by linked mention, then checked."""
    members = list(found.members)
    linked_mentions = select(ML.c.mention_id).where(ML.c.entity_id.in_(members), ML.c.rule != "self")
    return and_(
        or_(ER.c.entity_id.in_(members), ER.c.mention_id.in_(linked_mentions)),
        participant_entity() == found.canonical,
    )


def cluster_person_roles(found: Cluster) -> ColumnElement[bool]:
    """Roles (titles) whose canonical person is ``found``'s entity."""
    members = list(found.members)
    resolved = select(RR.c.role_id).where(RR.c.person_entity_id.in_(members))
    return and_(or_(R.c.person_entity_id.in_(members), R.c.id.in_(resolved)), person_entity() == found.canonical)
