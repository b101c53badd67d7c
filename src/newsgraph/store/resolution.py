"""The store side of resolution: every read and write it needs, each an
indexed lookup by article, entity, key or pair (no table scans), so that
resolving a batch costs the same in a small store and a large one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, delete, func, or_, select, update

from newsgraph.model import Mention, PersonRole
from newsgraph.store import schema
from newsgraph.store.writer import _insert_ignoring_conflicts, now

CHUNK = 400
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
    dates: list[str] = field(default_factory=list)


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
        for article_id, value in connection.execute(
            select(T.c.article_id, T.c.value).where(T.c.article_id.in_(chunk), T.c.type == "DATE")
        ):
            if len(value) == 10 and value[4] == "-":
                articles[article_id].dates.append(value)
    return [articles[i] for i in sorted(articles)]


def ensure_entities(connection: Connection, wanted: dict[tuple[str, str], str]) -> dict[tuple[str, str], int]:
    """Entity id per (type, normalised name), creating the missing ones with
    the given display name."""
    if not wanted:
        return {}
    _insert_ignoring_conflicts(
        connection,
        E,
        [{"type": t, "normalised_name": n, "canonical_name": name} for (t, n), name in sorted(wanted.items())],
    )
    found: dict[tuple[str, str], int] = {}
    names = sorted({n for _, n in wanted})
    for chunk in chunks(names):
        for entity_type, name, entity_id in connection.execute(
            select(E.c.type, E.c.normalised_name, E.c.id).where(E.c.normalised_name.in_(chunk))
        ):
            if (entity_type, name) in wanted:
                found[(entity_type, name)] = entity_id
    return found


def write_links(connection: Connection, links: list[dict], roles: list[dict]) -> None:  # type: ignore[type-arg]
    _insert_ignoring_conflicts(connection, ML, links)
    _insert_ignoring_conflicts(connection, RR, roles)


def add_entity_keys(connection: Connection, keys: dict[int, set[str]]) -> None:
    _insert_ignoring_conflicts(
        connection, EK, [{"key": k, "entity_id": e} for e, ks in sorted(keys.items()) for k in sorted(ks)]
    )


def candidates_by_key(connection: Connection, keys: Iterable[str], cap: int) -> dict[str, list[int]]:
    """Entities filed under each key; keys holding more than ``cap`` entities
    are too common to tell anything and are left out. Each key costs one
    index range read of at most ``cap + 1`` rows, whatever the store's size."""
    result: dict[str, list[int]] = {}
    for key in sorted(set(keys)):
        ids = list(connection.scalars(select(EK.c.entity_id).where(EK.c.key == key).limit(cap + 1)))
        if len(ids) <= cap:
            result[key] = ids
    return result


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
    ones whatever the order of ingest)."""
    result: dict[int, ProfileData] = {}
    organisation_entity = E.alias("organisation")
    R = schema.role
    for entity_id in sorted(set(ids)):
        data = result.setdefault(entity_id, ProfileData())
        for title, organisation, country, rule in connection.execute(
            select(R.c.title, organisation_entity.c.normalised_name, RR.c.country, RR.c.rule)
            .select_from(
                RR.join(R, R.c.id == RR.c.role_id).outerjoin(
                    organisation_entity, organisation_entity.c.id == RR.c.organisation_entity_id
                )
            )
            .where(RR.c.person_entity_id == entity_id)
            .limit(50)
        ):
            data.titles.add(title)
            if organisation:
                data.organisations.add(organisation)
            if country and rule == "stated":  # a guessed country is no evidence against a match
                data.countries.add(country)
        article_ids = list(
            connection.scalars(
                select(ML.c.article_id)
                .where(ML.c.entity_id == entity_id)
                .group_by(ML.c.article_id)
                .order_by(ML.c.article_id)
                .limit(articles_per_entity)
            )
        )
        if article_ids:
            data.co_mentions.update(
                connection.scalars(
                    select(E.c.normalised_name)
                    .select_from(ML.join(E, E.c.id == ML.c.entity_id))
                    .where(ML.c.article_id.in_(article_ids), ML.c.entity_id != entity_id)
                    .distinct()
                )
            )
    return result


def active_judgements(connection: Connection, ids: Iterable[int]) -> list:  # type: ignore[type-arg]
    """Every judgement not deleted that involves one of ``ids``."""
    rows = []
    for chunk in chunks(sorted(set(ids))):
        rows += connection.execute(
            select(J).where(
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


# Stories


FP, SK, SL, ST, AS = (
    schema.article_fingerprint,
    schema.story_key,
    schema.story_link,
    schema.story,
    schema.article_story,
)


def write_fingerprints(connection: Connection, rows: list[dict], keys: list[dict]) -> None:  # type: ignore[type-arg]
    _insert_ignoring_conflicts(connection, FP, rows)
    _insert_ignoring_conflicts(connection, SK, keys)


def story_candidates(
    connection: Connection,
    band_keys: Sequence[str],
    name_keys: Sequence[str],
    published: date,
    window: int,
    key_cap: int = 50,
    band_window: int = 60,
) -> set[str]:
    """Articles sharing an LSH band with a fingerprint (within ``band_window``
    days), or a name, place or topic word (within ``window`` days) of
    ``published``. A key held by more than ``key_cap`` articles in its window
    is too common to tell anything; each key costs one bounded index read."""
    found: set[str] = set()
    for keys, days in ((band_keys, band_window), (name_keys, window)):
        wanted = sorted(set(keys))
        if not wanted:
            continue
        low, high = published - timedelta(days=days), published + timedelta(days=days)
        in_window = SK.c.published.between(low, high)
        # Two indexed reads for all keys: how many articles hold each key in
        # the window, then the articles of the keys rare enough to tell.
        counts = connection.execute(
            select(SK.c.key, func.count()).where(SK.c.key.in_(wanted), in_window).group_by(SK.c.key)
        )
        telling = [key for key, count in counts if count <= key_cap]
        if telling:
            found.update(connection.scalars(select(SK.c.article_id).where(SK.c.key.in_(telling), in_window)))
    return found


def fingerprint_rows(connection: Connection, article_ids: Iterable[str]) -> list:  # type: ignore[type-arg]
    rows = []
    for chunk in chunks(sorted(set(article_ids))):
        rows += connection.execute(
            select(FP.c.article_id, FP.c.published, FP.c.fingerprint).where(FP.c.article_id.in_(chunk))
        ).all()
    return rows


def write_story_links(connection: Connection, rows: list[dict]) -> None:  # type: ignore[type-arg]
    _insert_ignoring_conflicts(connection, SL, rows)


def linked_articles(connection: Connection, article_ids: Iterable[str]) -> dict[str, set[str]]:
    """Neighbours of each article in the story-link graph."""
    result: dict[str, set[str]] = defaultdict(set)
    for chunk in chunks(sorted(set(article_ids))):
        for left, right in connection.execute(
            select(SL.c.left_article_id, SL.c.right_article_id).where(
                or_(SL.c.left_article_id.in_(chunk), SL.c.right_article_id.in_(chunk))
            )
        ):
            result[left].add(right)
            result[right].add(left)
    return result


def assign_story(connection: Connection, members: Sequence[str]) -> int:
    """Make ``members`` one story: keep the lowest id among their stories,
    drop the others, and set its first report, dates, title and counts."""
    rows = connection.execute(
        select(A.c.id, A.c.published, A.c.ingested_at, A.c.title, A.c.source_id, A.c.text).where(A.c.id.in_(members))
    ).all()
    first = min(rows, key=lambda r: (r.published, r.ingested_at, r.id))
    existing = sorted(set(connection.scalars(select(AS.c.story_id).where(AS.c.article_id.in_(members)))))
    title = first.title or first.text.strip().split("\n")[0][:120]
    values = {
        "first_article_id": first.id,
        "first_seen": first.published,
        "last_seen": max(r.published for r in rows),
        "title": title,
        "articles": len(rows),
        "outlets": len({r.source_id for r in rows if r.source_id is not None}),
    }
    if existing:
        story_id = existing[0]
        connection.execute(update(ST).where(ST.c.id == story_id).values(**values))
    else:
        story_id = connection.execute(ST.insert().values(**values)).inserted_primary_key[0]
    connection.execute(delete(AS).where(AS.c.article_id.in_(members)))
    connection.execute(AS.insert(), [{"article_id": a, "story_id": story_id} for a in sorted(members)])
    for stale in existing[1:]:
        if connection.scalar(select(func.count()).select_from(AS).where(AS.c.story_id == stale)) == 0:
            connection.execute(delete(ST).where(ST.c.id == stale))
    return story_id
