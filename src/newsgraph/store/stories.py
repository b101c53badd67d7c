"""The store side of story clustering: article fingerprints, story keys,
the links between articles that report the same happening, and the stories
they make. Every read is an indexed lookup by article, key or story."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from sqlalchemy import Connection, Select, and_, bindparam, delete, func, literal, or_, select, union_all, update

from newsgraph.store import schema
from newsgraph.store.bulk import insert_ignoring_conflicts
from newsgraph.store.resolution import UNION_CHUNK, chunks

A = schema.article

FP, SK, SL, ST, AS = (
    schema.article_fingerprint,
    schema.story_key,
    schema.story_link,
    schema.story,
    schema.article_story,
)


def unresolved_article_ids(connection: Connection) -> list[str]:
    """Stored articles without a fingerprint, by id."""
    return list(connection.scalars(select(A.c.id).where(A.c.id.not_in(select(FP.c.article_id))).order_by(A.c.id)))


def published_outside(connection: Connection, article_ids: Sequence[str], low: date, high: date) -> set[str]:
    """Those of ``article_ids`` published before ``low`` or after ``high``;
    compared in SQL, so a date Python cannot read is found too."""
    found: set[str] = set()
    for chunk in chunks(sorted(set(article_ids))):
        found.update(
            connection.scalars(select(A.c.id).where(A.c.id.in_(chunk), or_(A.c.published < low, A.c.published > high)))
        )
    return found


def write_fingerprints(connection: Connection, rows: list[dict], keys: list[dict]) -> None:  # type: ignore[type-arg]
    insert_ignoring_conflicts(connection, FP, rows)
    insert_ignoring_conflicts(connection, SK, keys)


def days_from(day: date, days: int) -> date:
    """``day`` moved by ``days``, held within the calendar: a window around a
    date near 0001-01-01 or 9999-12-31 ends at the calendar's edge."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


@dataclass(frozen=True)
class StoryQuery:
    """What one article looks up: its LSH band keys (within ``band_window``
    days of ``published``) and its name, place and topic-word keys (within
    ``window`` days)."""

    article_id: str
    band_keys: Sequence[str]
    name_keys: Sequence[str]
    published: date


def story_candidates(
    connection: Connection,
    queries: Sequence[StoryQuery],
    window: int,
    key_cap: int = 50,
    band_window: int = 60,
    limit: int | None = None,
) -> dict[str, set[str]]:
    """For each query's article, the articles sharing an LSH band with it or
    a name, place or topic word within the windows. A key held by more than
    ``key_cap`` articles in the query's window is too common to tell
    anything. Two statements per ``UNION_CHUNK`` queries: how many articles
    hold each key in each window (an indexed count), then the articles of the
    keys rare enough to tell. With ``limit``, only the ``limit`` articles
    sharing the most telling keys with each (then the lowest ids)."""
    found: dict[str, set[str]] = {q.article_id: set() for q in queries}
    for chunk in chunks(list(queries), UNION_CHUNK):
        params: dict[str, object] = {}
        for i, query in enumerate(chunk):
            params |= {
                f"bands{i}": sorted(set(query.band_keys)),
                f"names{i}": sorted(set(query.name_keys)),
                f"band_low{i}": days_from(query.published, -band_window),
                f"band_high{i}": days_from(query.published, band_window),
                f"name_low{i}": days_from(query.published, -window),
                f"name_high{i}": days_from(query.published, window),
            }
        telling: dict[int, set[str]] = defaultdict(set)
        for i, key, count in connection.execute(_story_key_reads(len(chunk), counted=True), params):
            if count <= key_cap:
                telling[i].add(key)
        if not any(telling.values()):
            continue
        for i in range(len(chunk)):
            params[f"bands{i}"] = [k for k in params[f"bands{i}"] if k in telling[i]]  # type: ignore[attr-defined]
            params[f"names{i}"] = [k for k in params[f"names{i}"] if k in telling[i]]  # type: ignore[attr-defined]
        shared: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for i, article_id, count in connection.execute(_story_key_reads(len(chunk), counted=False), params):
            if article_id != chunk[i].article_id:
                shared[i].append((-count, article_id))
        for i, ranked in shared.items():
            found[chunk[i].article_id] = {article_id for _, article_id in sorted(ranked)[:limit]}
    return found


@cache
def _story_key_reads(count: int, counted: bool) -> Select:  # type: ignore[type-arg]
    """For ``count`` articles, how many articles hold each of their keys in
    its window (``counted``), or which articles do and how many of the keys
    each holds; built once per count."""
    reads = []
    for i in range(count):
        condition = or_(
            and_(
                SK.c.key.in_(bindparam(f"bands{i}", expanding=True)),
                SK.c.published.between(bindparam(f"band_low{i}"), bindparam(f"band_high{i}")),
            ),
            and_(
                SK.c.key.in_(bindparam(f"names{i}", expanding=True)),
                SK.c.published.between(bindparam(f"name_low{i}"), bindparam(f"name_high{i}")),
            ),
        )
        label = literal(i).label("query")
        if counted:
            reads.append(select(label, SK.c.key, func.count()).where(condition).group_by(SK.c.key))
        else:
            reads.append(select(label, SK.c.article_id, func.count()).where(condition).group_by(SK.c.article_id))
    return union_all(*reads) if count > 1 else reads[0]  # type: ignore[return-value]


def key_day_counts(connection: Connection, spans: Sequence[tuple[str, date, date]]) -> dict[str, dict[date, int]]:
    """For each (key, first day, last day), how many articles hold the key on
    each day of the span that has one (an indexed, grouped count); spans of
    one key are summed into one table."""
    counts: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for chunk in chunks(list(spans), UNION_CHUNK):
        params: dict[str, object] = {}
        for i, (key, low, high) in enumerate(chunk):
            params |= {f"k{i}": key, f"low{i}": low, f"high{i}": high}
        for i, day, count in connection.execute(_day_count_reads(len(chunk)), params):
            counts[chunk[i][0]][day] = count
    return counts


@cache
def _day_count_reads(count: int) -> Select:  # type: ignore[type-arg]
    reads = [
        select(literal(i).label("query"), SK.c.published, func.count())
        .where(SK.c.key == bindparam(f"k{i}"), SK.c.published.between(bindparam(f"low{i}"), bindparam(f"high{i}")))
        .group_by(SK.c.published)
        for i in range(count)
    ]
    return union_all(*reads) if count > 1 else reads[0]  # type: ignore[return-value]


def key_holders(connection: Connection, wanted: dict[str, Sequence[date]]) -> set[str]:
    """Articles holding each key on one of its days."""
    found: set[str] = set()
    items = sorted((key, sorted(set(days))) for key, days in wanted.items() if days)
    for chunk in chunks(items, UNION_CHUNK):
        params: dict[str, object] = {}
        for i, (key, days) in enumerate(chunk):
            params |= {f"k{i}": key, f"days{i}": days}
        found.update(connection.scalars(_holder_reads(len(chunk)), params))
    return found


@cache
def _holder_reads(count: int) -> Select:  # type: ignore[type-arg]
    reads = [
        select(SK.c.article_id).where(
            SK.c.key == bindparam(f"k{i}"), SK.c.published.in_(bindparam(f"days{i}", expanding=True))
        )
        for i in range(count)
    ]
    return union_all(*reads) if count > 1 else reads[0]  # type: ignore[return-value]


def fingerprint_rows(connection: Connection, article_ids: Iterable[str]) -> list:  # type: ignore[type-arg]
    rows = []
    for chunk in chunks(sorted(set(article_ids))):
        rows += connection.execute(
            select(FP.c.article_id, FP.c.published, FP.c.fingerprint).where(FP.c.article_id.in_(chunk))
        ).all()
    return rows


def write_story_links(connection: Connection, rows: list[dict]) -> None:  # type: ignore[type-arg]
    insert_ignoring_conflicts(connection, SL, rows)


def stories_of(connection: Connection, article_ids: Iterable[str]) -> dict[str, int]:
    """Story of each of ``article_ids`` that has one."""
    result: dict[str, int] = {}
    for chunk in chunks(sorted(set(article_ids))):
        rows = connection.execute(select(AS.c.article_id, AS.c.story_id).where(AS.c.article_id.in_(chunk)))
        result.update((article_id, story_id) for article_id, story_id in rows)
    return result


def story_members(connection: Connection, story_ids: Iterable[int]) -> dict[int, list[str]]:
    """Articles of each of ``story_ids``, by id."""
    result: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(sorted(set(story_ids))):
        for story_id, article_id in connection.execute(
            select(AS.c.story_id, AS.c.article_id).where(AS.c.story_id.in_(chunk)).order_by(AS.c.article_id)
        ):
            result[story_id].append(article_id)
    return result


def links_among(connection: Connection, article_ids: Iterable[str]) -> dict[tuple[str, str], float]:
    """Score of every stored story link whose two ends are both in ``article_ids``."""
    wanted = set(article_ids)
    found: dict[tuple[str, str], float] = {}
    for chunk in chunks(sorted(wanted)):
        for left, right, score in connection.execute(
            select(SL.c.left_article_id, SL.c.right_article_id, SL.c.score).where(SL.c.left_article_id.in_(chunk))
        ):
            if right in wanted:
                found[(left, right)] = score
    return found


def links_touching(connection: Connection, article_ids: Iterable[str]) -> set[tuple[str, str]]:
    """Every stored story link (left, right) with an end in ``article_ids``."""
    found: set[tuple[str, str]] = set()
    for chunk in chunks(sorted(set(article_ids))):
        for column in (SL.c.left_article_id, SL.c.right_article_id):
            found.update(
                (left, right)
                for left, right in connection.execute(
                    select(SL.c.left_article_id, SL.c.right_article_id).where(column.in_(chunk))
                )
            )
    return found


def delete_story_links(connection: Connection, pairs: Iterable[tuple[str, str]]) -> None:
    """Delete the story links (left, right), in one executemany."""
    rows = [{"l": left, "r": right} for left, right in sorted(set(pairs))]
    if rows:
        connection.execute(
            delete(SL).where(SL.c.left_article_id == bindparam("l"), SL.c.right_article_id == bindparam("r")), rows
        )


def linked_to(connection: Connection, article_ids: Iterable[str]) -> set[str]:
    """Articles sharing a stored story link with one of ``article_ids``
    (both ends indexed)."""
    wanted = sorted(set(article_ids))
    found: set[str] = set()
    for chunk in chunks(wanted):
        found.update(connection.scalars(select(SL.c.right_article_id).where(SL.c.left_article_id.in_(chunk))))
        found.update(connection.scalars(select(SL.c.left_article_id).where(SL.c.right_article_id.in_(chunk))))
    return found - set(wanted)


def write_stories(connection: Connection, groups: Sequence[Sequence[str]]) -> set[int]:
    """Make each group of articles one story, and return their ids. A group
    keeps the lowest story id its articles had that no earlier group kept
    (so a split story keeps its id in one part); stories left without
    articles are deleted."""
    story_of = stories_of(connection, [a for group in groups for a in group])
    claimed: set[int] = set()
    for group in groups:
        free = sorted({story_of[a] for a in group if a in story_of} - claimed)
        story_id = _write_story(connection, group, story_of, free[0] if free else None)
        claimed.add(story_id)
    for stale in sorted(set(story_of.values()) - claimed):
        if connection.scalar(select(func.count()).select_from(AS).where(AS.c.story_id == stale)) == 0:
            connection.execute(delete(ST).where(ST.c.id == stale))
    return claimed


def _write_story(connection: Connection, members: Sequence[str], story_of: dict[str, int], story_id: int | None) -> int:
    """Set story ``story_id`` (a new one when None) to ``members``: its first
    report, dates, title and counts, and each member's story."""
    rows = []
    for chunk in chunks(members):
        rows += connection.execute(
            select(A.c.id, A.c.published, A.c.ingested_at, A.c.title, A.c.source_id).where(A.c.id.in_(chunk))
        ).all()
    first = min(rows, key=lambda r: (r.published, r.ingested_at, r.id))
    title = (
        first.title
        or (connection.scalar(select(A.c.text).where(A.c.id == first.id)) or "").strip().split("\n")[0][:120]
    )
    values = {
        "first_article_id": first.id,
        "first_seen": first.published,
        "last_seen": max(r.published for r in rows),
        "title": title,
        "articles": len(rows),
        "outlets": len({r.source_id for r in rows if r.source_id is not None}),
    }
    if story_id is not None:
        connection.execute(update(ST).where(ST.c.id == story_id).values(**values))
    else:
        story_id = connection.execute(ST.insert().values(**values)).inserted_primary_key[0]
    moved = sorted(a for a in members if story_of.get(a) != story_id)  # the others are in it already
    for chunk in chunks(moved):
        connection.execute(delete(AS).where(AS.c.article_id.in_(chunk)))
    if moved:
        connection.execute(AS.insert(), [{"article_id": a, "story_id": story_id} for a in moved])
    return story_id  # type: ignore[return-value]
