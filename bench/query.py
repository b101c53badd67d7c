"""Query latency on a large store: p50/p95 of the queries the surfaces make.

Make the store first with bench/synthetic.py (1M events, 200k entities, 300k
articles by default), on SQLite or PostgreSQL, then:

    python bench/query.py --db sqlite:///big.db --samples 200

Entities are sampled two ways: uniformly (most entities are rare, as most
look-ups are) and among the 1,000 most mentioned (the heavy hitters). The
baseline is a primary-key look-up of one article in the same run; each line
also gives its p95 as a multiple of that floor. Target: p95 < 50 ms for entity
profile, timeline and filtered events.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import Engine, func, select

from newsgraph.model import EventType
from newsgraph.query.entities import entity_profile
from newsgraph.query.events import EventFilter, list_events
from newsgraph.query.timeline import entity_timeline
from newsgraph.store import schema
from newsgraph.store.database import open_store


def timed(calls: list[Callable[[], object]]) -> list[float]:
    durations = []
    for call in calls:
        started = time.perf_counter()
        call()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def percentiles(durations: list[float]) -> tuple[float, float]:
    ordered = sorted(durations)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def sample_entities(engine: Engine, count: int, rng: random.Random) -> tuple[list[int], list[int]]:
    with engine.connect() as connection:
        highest = connection.scalar(select(func.max(schema.entity.c.id))) or 0
        popular = list(
            connection.scalars(
                select(schema.mention.c.entity_id)
                .where(schema.mention.c.entity_id.is_not(None))
                .group_by(schema.mention.c.entity_id)
                .order_by(func.count().desc())
                .limit(1000)
            )
        )
    uniform = [rng.randint(1, highest) for _ in range(count)]
    return uniform, [rng.choice(popular) for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    engine = open_store(args.db)
    with engine.connect() as connection:
        article_ids = list(connection.scalars(select(schema.article.c.id).limit(5000)))
        countries = list(connection.scalars(select(schema.event_role.c.country).distinct().limit(300)))
        first, last = connection.execute(
            select(func.min(schema.event.c.event_start), func.max(schema.event.c.event_start))
        ).one()
    uniform, popular = sample_entities(engine, args.samples, rng)
    types = [t.value for t in EventType]
    first = first or date(2015, 1, 1)
    span = max(((last or first) - first).days, 1)

    def window() -> tuple[date, date]:
        start = first + timedelta(days=rng.randrange(span))
        return start, start + timedelta(days=30)

    def pk_lookup(article_id: str) -> object:
        with engine.connect() as connection:
            return connection.execute(select(schema.article.c.published).where(schema.article.c.id == article_id)).one()

    def filtered_events() -> Callable[[], object]:
        since, until = window()
        criteria = EventFilter(type=rng.choice(types), country=rng.choice(countries) if countries else None,
                               since=since, until=until)  # fmt: skip
        return lambda: list_events(engine, criteria, limit=50)

    def dated_events() -> Callable[[], object]:
        since, until = window()
        return lambda: list_events(engine, EventFilter(type=rng.choice(types), since=since, until=until), limit=50)

    cases: list[tuple[str, list[Callable[[], object]]]] = [
        ("baseline: article by id", [lambda a=a: pk_lookup(a) for a in rng.choices(article_ids, k=args.samples)]),
        ("entity profile (uniform)", [lambda e=e: entity_profile(engine, e) for e in uniform]),
        ("entity profile (popular)", [lambda e=e: entity_profile(engine, e) for e in popular]),
        ("timeline (uniform)", [lambda e=e: entity_timeline(engine, e) for e in uniform]),
        ("timeline (popular)", [lambda e=e: entity_timeline(engine, e) for e in popular]),
        ("events: type + 30 days", [dated_events() for _ in range(args.samples)]),
        ("events: type + country + 30 days", [filtered_events() for _ in range(args.samples)]),
    ]
    try:
        from newsgraph.query.search import search_articles

        words = ["talks", "sanctions", "floods", "agreement", "tariffs", "Kaveri", "Costa"]
        cases.append(
            ("full-text search", [lambda w=w: search_articles(engine, w) for w in rng.choices(words, k=args.samples)])
        )
    except ImportError:
        pass
    with engine.connect() as connection:
        counts = {
            t.name: connection.scalar(select(func.count()).select_from(t))
            for t in (schema.article, schema.entity, schema.event)
        }
    print(f"store {engine.url.render_as_string()}: " + ", ".join(f"{t}: {n:,}" for t, n in counts.items()))
    floor = None
    for label, calls in cases:
        timed(calls[:5])  # warm caches
        p50, p95 = percentiles(timed(calls))
        floor = floor or p95
        verdict = (
            "" if label.startswith("baseline") or label.startswith("full-text") else ("ok" if p95 < 50 else "SLOW")
        )
        print(f"{label:>34}: p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ({p95 / floor:6.1f}x baseline) {verdict}")


if __name__ == "__main__":
    main()
