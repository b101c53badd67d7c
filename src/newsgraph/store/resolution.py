"""The store side of resolution: every read and write it needs, each an
indexed lookup by article, entity, key or pair (no table scans), so that
resolving a batch costs the same in a small store and a large one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, bindparam, delete, func, or_, select, union_all, update

from newsgraph.model import Mention, PersonRole
from newsgraph.store import schema
from newsgraph.store.bulk import insert_all, insert_ignoring_conflicts
from newsgraph.store.writer import now

CHUNK = 400
UNION_CHUNK = 50  # bounded reads sent together in one UNION ALL statement
ROLES_PER_ENTITY = 50  # a person's roles read to compare them with another
A, M, E = schema.article, schema.mention, schema.entity
ML, RR, EK, J, EC = (
    schema.mention_link,
    schema.resolved_role,
    schema.entity_key,
    schema.judgement,
    schema.entity_canonical,
)


def chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:  # type: ignore[type-arg]
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class StoredArticle:
    """An article as resolution reads it back: text, mentions, roles, and the
    types of its events and the values of its timexes."""

    id: str
    published: date
    ingested_at: datetime
    title: str | None
    outlet: str | None
    text: str
    mention_ids: list[int] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    role_ids: list[int] = field(default_factory=list)
    roles: list[PersonRole] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    dates: list[tuple[str, str]] = field(default_factory=list)  # (text, value) of its DATE timexes


def load_articles(connection: Connection, article_ids: Sequence[str]) -> list[StoredArticle]:
    """The stored articles ``article_ids`` with what resolution needs of them."""
    articles: dict[str, StoredArticle] = {}
    for chunk in chunks(sorted(set(article_ids))):
        rows = connection.execute(
            select(A.c.id, A.c.published, A.c.ingested_at, A.c.title, schema.source.c.name, A.c.text)
            .select_from(A.outerjoin(schema.source, A.c.source_id == schema.source.c.id))
            .where(A.c.id.in_(chunk))
        )
        for row in rows:
            articles[row[0]] = StoredArticle(*row)
        mention_entity: dict[int, int | None] = {}
        for row in connection.execute(
            select(M.c.id, M.c.article_id, M.c.start, M.c.end, M.c.text, M.c.type, M.c.sentence, M.c.entity_id)
            .where(M.c.article_id.in_(chunk))
            .order_by(M.c.article_id, M.c.start, M.c.id)
        ):
            article = articles[row.article_id]
            article.mention_ids.append(row.id)
            article.mentions.append(Mention(row.start, row.end, row.text, row.type, row.sentence))
            mention_entity[row.id] = row.entity_id
        R = schema.role
        for row in connection.execute(
            select(R.c.id, R.c.article_id, R.c.person_mention_id, R.c.title, R.c.organisation_entity_id)
            .add_columns(R.c.sentence, R.c.start, R.c.end)
            .where(R.c.article_id.in_(chunk))
            .order_by(R.c.article_id, R.c.id)
        ):
            article = articles[row.article_id]
            if row.person_mention_id not in article.mention_ids:
                continue
            person = article.mention_ids.index(row.person_mention_id)
            organisation = None
            if row.organisation_entity_id is not None:
                same = [
                    i
                    for i, mention_id in enumerate(article.mention_ids)
                    if mention_entity[mention_id] == row.organisation_entity_id
                    and article.mentions[i].sentence == row.sentence
                ]
                if same:
                    organisation = min(same, key=lambda i: abs(article.mentions[i].start - row.start))
            article.role_ids.append(row.id)
            article.roles.append(PersonRole(person, row.title, row.start, row.end, organisation, row.sentence))
        for article_id, event_type in connection.execute(
            select(schema.event.c.article_id, schema.event.c.type).where(schema.event.c.article_id.in_(chunk))
        ):
            articles[article_id].events.append(event_type)
        T = schema.timex
        for article_id, text, value in connection.execute(
            select(T.c.article_id, T.c.text, T.c.value)
            .where(T.c.article_id.in_(chunk), T.c.type == "DATE")
            .order_by(T.c.article_id, T.c.start, T.c.id)
        ):
            articles[article_id].dates.append((text, value))
    return [articles[i] for i in sorted(articles)]


def ensure_entities(
    connection: Connection, wanted: dict[tuple[str, str], str], rank: Callable[[str], Any]
) -> tuple[dict[tuple[str, str], int], set[int]]:
    """Entity id per (type, normalised name), creating the missing ones with
    the given display name. A stored entity takes the given name when it
    ranks lower (``rank``) than its own: the name kept is the lowest of all
    spellings ever given, whatever the order they came in. Returns the ids,
    and the stored entities renamed."""
    if not wanted:
        return {}, set()
    insert_ignoring_conflicts(
        connection,
        E,
        [{"type": t, "normalised_name": n, "canonical_name": name} for (t, n), name in sorted(wanted.items())],
    )
    found: dict[tuple[str, str], int] = {}
    renamed = []
    names = sorted({n for _, n in wanted})
    for chunk in chunks(names):
        for entity_type, name, entity_id, shown in connection.execute(
            select(E.c.type, E.c.normalised_name, E.c.id, E.c.canonical_name).where(E.c.normalised_name.in_(chunk))
        ):
            if (entity_type, name) in wanted:
                found[(entity_type, name)] = entity_id
                given = wanted[(entity_type, name)]
                if given != shown and rank(given) < rank(shown):
                    renamed.append({"entity": entity_id, "name": given})
    if renamed:
        connection.execute(
            update(E).where(E.c.id == bindparam("entity")).values(canonical_name=bindparam("name")), renamed
        )
    return found, {row["entity"] for row in renamed}


def write_links(connection: Connection, links: list[dict], roles: list[dict]) -> None:  # type: ignore[type-arg]
    insert_ignoring_conflicts(connection, ML, links)
    insert_ignoring_conflicts(connection, RR, roles)


def add_entity_keys(connection: Connection, keys: dict[int, set[str]]) -> None:
    insert_ignoring_conflicts(
        connection, EK, [{"key": k, "entity_id": e} for e, ks in sorted(keys.items()) for k in sorted(ks)]
    )


def refile_keys(connection: Connection, keys: dict[int, set[str]]) -> None:
    """File each entity of ``keys`` that is filed under blocking keys under
    the given keys instead (after a rename: its old name's keys go)."""
    filed = set()
    for chunk in chunks(sorted(keys)):
        filed.update(connection.scalars(select(EK.c.entity_id).where(EK.c.entity_id.in_(chunk)).distinct()))
        connection.execute(delete(EK).where(EK.c.entity_id.in_(chunk)))
    add_entity_keys(connection, {e: ks for e, ks in keys.items() if e in filed})


def candidates_by_key(connection: Connection, keys: Iterable[str], cap: int) -> dict[str, list[int]]:
    """Entities filed under each key; keys holding more than ``cap`` entities
    are too common to tell anything and are left out. Each key costs one
    index range read of at most ``cap + 1`` rows, whatever the store's size;
    the reads of up to ``UNION_CHUNK`` keys go in one statement."""
    return {key: ids for key, ids in holders_by_key(connection, keys, cap + 1).items() if len(ids) <= cap}


def holders_by_key(connection: Connection, keys: Iterable[str], limit: int) -> dict[str, list[int]]:
    """At most ``limit`` entities filed under each key (those with the lowest ids)."""
    found: dict[str, list[int]] = defaultdict(list)
    for chunk in chunks(sorted(set(keys)), UNION_CHUNK):
        params = {f"k{i}": key for i, key in enumerate(chunk)} | {"limit": limit}
        for key, entity_id in connection.execute(_key_reads(len(chunk)), params):
            found[key].append(entity_id)
    return found


def filed_keys(connection: Connection, ids: Iterable[int]) -> dict[int, set[str]]:
    """The blocking keys each of ``ids`` is filed under (none: not filed)."""
    found: dict[int, set[str]] = defaultdict(set)
    for chunk in chunks(sorted(set(ids))):
        for key, entity_id in connection.execute(select(EK.c.key, EK.c.entity_id).where(EK.c.entity_id.in_(chunk))):
            found[entity_id].add(key)
    return dict(found)


@cache
def _key_reads(count: int) -> Select:  # type: ignore[type-arg]
    """``count`` bounded reads of the entity-key index, one statement; built
    once per count, as building a statement costs more than running it."""
    return _union_of_limited(
        [
            select(EK.c.key, EK.c.entity_id).where(EK.c.key == bindparam(f"k{i}")).limit(bindparam("limit"))
            for i in range(count)
        ]
    )


def _union_of_limited(reads: list[Select]) -> Select:  # type: ignore[type-arg]
    """One statement for several reads that each have their own LIMIT (SQLite
    takes a LIMIT inside a UNION only in a subquery)."""
    if len(reads) == 1:
        return reads[0]
    return union_all(*(select(read.subquery().c) for read in reads))  # type: ignore[return-value]


def entity_rows(connection: Connection, ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
    """Entity id -> (type, canonical name, normalised name)."""
    result = {}
    for chunk in chunks(sorted(set(ids))):
        for row in connection.execute(
            select(E.c.id, E.c.type, E.c.canonical_name, E.c.normalised_name).where(E.c.id.in_(chunk))
        ):
            result[row[0]] = (row[1], row[2], row[3])
    return result


@dataclass
class ProfileData:
    titles: set[str] = field(default_factory=set)
    organisations: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    co_mentions: set[str] = field(default_factory=set)


def profile_data(connection: Connection, ids: Iterable[int], articles_per_entity: int) -> dict[int, ProfileData]:
    """Roles and co-mentioned names of each entity, from at most
    ``articles_per_entity`` of its articles (the first by id, so the same
    ones whatever the order of ingest). Every read is bounded per entity;
    the reads of up to ``UNION_CHUNK`` entities go in one statement."""
    wanted = sorted(set(ids))
    result: dict[int, ProfileData] = {entity_id: ProfileData() for entity_id in wanted}
    articles_of: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(wanted, UNION_CHUNK):
        params = {f"e{i}": entity_id for i, entity_id in enumerate(chunk)}
        for entity_id, title, organisation, country, rule in connection.execute(
            _role_reads(len(chunk)), params | {"limit": ROLES_PER_ENTITY}
        ):
            data = result[entity_id]
            data.titles.add(title)
            if organisation:
                data.organisations.add(organisation)
            if country and rule == "stated":  # a guessed country is no evidence against a match
                data.countries.add(country)
        for entity_id, article_id in connection.execute(
            _article_reads(len(chunk)), params | {"limit": articles_per_entity}
        ):
            articles_of[entity_id].append(article_id)
    names_in: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for chunk in chunks(sorted({a for found in articles_of.values() for a in found})):
        for article_id, entity_id, name in connection.execute(
            select(ML.c.article_id, ML.c.entity_id, E.c.normalised_name)
            .select_from(ML.join(E, E.c.id == ML.c.entity_id))
            .where(ML.c.article_id.in_(chunk))
            .distinct()
        ):
            names_in[article_id].add((entity_id, name))
    for entity_id, article_ids in articles_of.items():
        result[entity_id].co_mentions.update(
            name for article_id in article_ids for other, name in names_in[article_id] if other != entity_id
        )
    return result


@cache
def _role_reads(count: int) -> Select:  # type: ignore[type-arg]
    """The resolved roles of ``count`` people, at most ``limit`` each."""
    organisation = E.alias("organisation")
    R = schema.role
    return _union_of_limited(
        [
            select(RR.c.person_entity_id, R.c.title, organisation.c.normalised_name, RR.c.country, RR.c.rule)
            .select_from(
                RR.join(R, R.c.id == RR.c.role_id).outerjoin(
                    organisation, organisation.c.id == RR.c.organisation_entity_id
                )
            )
            .where(RR.c.person_entity_id == bindparam(f"e{i}"))
            # by content, not by id: the same roles whatever order they were stored in
            .order_by(RR.c.article_id, R.c.title, R.c.start)
            .limit(bindparam("limit"))
            for i in range(count)
        ]
    )


@cache
def _article_reads(count: int) -> Select:  # type: ignore[type-arg]
    """The first ``limit`` articles (by id) of ``count`` entities."""
    return _union_of_limited(
        [
            select(ML.c.entity_id, ML.c.article_id)
            .where(ML.c.entity_id == bindparam(f"e{i}"))
            .group_by(ML.c.entity_id, ML.c.article_id)
            .order_by(ML.c.article_id)
            .limit(bindparam("limit"))
            for i in range(count)
        ]
    )


def active_judgements(connection: Connection, ids: Iterable[int]) -> list:  # type: ignore[type-arg]
    """Every judgement not deleted that involves one of ``ids``: its id, the
    pair, verdict, score and who decided (not its features, which cost more
    to read than the rest)."""
    rows = []
    columns = (J.c.id, J.c.left_entity_id, J.c.right_entity_id, J.c.verdict, J.c.score, J.c.decided_by)
    for chunk in chunks(sorted(set(ids))):
        rows += connection.execute(
            select(*columns).where(
                J.c.deleted_at.is_(None), or_(J.c.left_entity_id.in_(chunk), J.c.right_entity_id.in_(chunk))
            )
        ).all()
    return list({row.id: row for row in rows}.values())


def record_judgement(
    connection: Connection,
    left: int,
    right: int,
    verdict: str,
    decided_by: str,
    rule: str | None = None,
    score: float | None = None,
    features: dict | None = None,  # type: ignore[type-arg]
    note: str | None = None,
) -> int:
    """Add a judgement on a pair; an earlier active one by the same kind of
    judge on the same pair is soft-deleted (never rewritten)."""
    left, right = min(left, right), max(left, right)
    when = now()
    connection.execute(
        update(J)
        .where(
            J.c.left_entity_id == left,
            J.c.right_entity_id == right,
            J.c.decided_by == decided_by,
            J.c.deleted_at.is_(None),
        )
        .values(deleted_at=when)
    )
    return connection.execute(
        J.insert().values(
            left_entity_id=left,
            right_entity_id=right,
            verdict=verdict,
            decided_by=decided_by,
            rule=rule,
            score=score,
            features=features,
            note=note,
            created_at=when,
        )
    ).inserted_primary_key[0]


def retract_judgements(connection: Connection, pairs: Sequence[tuple[int, int]], decided_by: str) -> None:
    """Soft-delete the active judgement of each (left, right) pair by
    ``decided_by``, left < right (the row stays, with its ``deleted_at``)."""
    if pairs:
        connection.execute(
            update(J)
            .where(
                J.c.left_entity_id == bindparam("left"),
                J.c.right_entity_id == bindparam("right"),
                J.c.decided_by == decided_by,
                J.c.deleted_at.is_(None),
            )
            .values(deleted_at=now()),
            [{"left": left, "right": right} for left, right in pairs],
        )


def record_judgements(
    connection: Connection,
    judged: Sequence[tuple[int, int, str, float, dict]],
    decided_by: str,
    rule: str,  # type: ignore[type-arg]
) -> None:
    """``record_judgement`` for many pairs at once, each (left, right,
    verdict, score, features) with left < right and each pair once: one
    statement soft-deletes the earlier ones, one inserts the new."""
    if not judged:
        return
    when = now()
    connection.execute(
        update(J)
        .where(
            J.c.left_entity_id == bindparam("left"),
            J.c.right_entity_id == bindparam("right"),
            J.c.decided_by == decided_by,
            J.c.deleted_at.is_(None),
        )
        .values(deleted_at=when),
        [{"left": left, "right": right} for left, right, *_ in judged],
    )
    insert_all(
        connection,
        J,
        [
            {
                "left_entity_id": left,
                "right_entity_id": right,
                "verdict": verdict,
                "decided_by": decided_by,
                "rule": rule,
                "score": score,
                "features": features,
                "note": None,
                "created_at": when,
            }
            for left, right, verdict, score, features in judged
        ],
    )


def cluster_mates(connection: Connection, ids: Iterable[int]) -> set[int]:
    """Entities that currently share a canonical entity with one of ``ids``."""
    result: set[int] = set()
    for chunk in chunks(sorted(set(ids))):
        canonical = select(EC.c.canonical_id).where(EC.c.entity_id.in_(chunk))
        result.update(connection.scalars(select(EC.c.entity_id).where(EC.c.canonical_id.in_(canonical))))
    return result


def mention_counts(connection: Connection, ids: Iterable[int]) -> dict[int, int]:
    result: dict[int, int] = {}
    for chunk in chunks(sorted(set(ids))):
        for entity_id, count in connection.execute(
            select(ML.c.entity_id, func.count()).where(ML.c.entity_id.in_(chunk)).group_by(ML.c.entity_id)
        ):
            result[entity_id] = count
    return result


def write_canonical(connection: Connection, canonical: dict[int, int]) -> None:
    for chunk in chunks(sorted(canonical)):
        connection.execute(delete(EC).where(EC.c.entity_id.in_(chunk)))
    if canonical:
        connection.execute(EC.insert(), [{"entity_id": e, "canonical_id": c} for e, c in sorted(canonical.items())])


def canonical_of(connection: Connection, ids: Iterable[int]) -> dict[int, int]:
    """Canonical entity of each of ``ids`` (itself when never resolved)."""
    wanted = sorted(set(ids))
    result = {entity_id: entity_id for entity_id in wanted}
    for chunk in chunks(wanted):
        rows = connection.execute(select(EC.c.entity_id, EC.c.canonical_id).where(EC.c.entity_id.in_(chunk)))
        result.update({entity_id: canonical_id for entity_id, canonical_id in rows})
    return result


def clear_resolution(connection: Connection) -> None:
    """Forget everything resolution derived (links, keys, automatic
    judgements, canonical entities, fingerprints and stories), so that it can
    be recomputed from the stored evidence. A person's judgements are kept."""
    for table in (
        schema.article_story, schema.story, schema.story_link, schema.story_key, schema.article_fingerprint,
        EC, EK, RR, ML,
    ):  # fmt: skip
        connection.execute(delete(table))
    connection.execute(delete(J).where(J.c.decided_by != "person"))
