"""Generate a synthetic but realistic newsgraph store for query benchmarks.

Articles are made of template sentences naming entities drawn from a Zipf
distribution (a few entities are everywhere, most are rare, as in news), so
that evidence offsets, sentences, mentions, timexes, events and their roles
are consistent with each other, exactly as the extractor would store them.

    python bench/synthetic.py --db sqlite:///big.db --articles 300000 --entities 200000 --events 1000000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pycountry
from sqlalchemy import Engine, insert, text

from newsgraph.model import EventType, normalise_name
from newsgraph.store import schema
from newsgraph.store.database import open_store

FIRST = [
    "Ana",
    "Omar",
    "Li",
    "Priya",
    "Jonas",
    "Fatima",
    "Kenji",
    "Lucia",
    "Ivan",
    "Amara",
    "Diego",
    "Mei",
    "Tomas",
    "Leila",
    "Raj",
    "Sofia",
    "Yusuf",
    "Elena",
    "Kwame",
    "Nadia",
]
LAST = [
    "Costa",
    "Haddad",
    "Wei",
    "Sharma",
    "Berg",
    "Diallo",
    "Sato",
    "Ramos",
    "Petrov",
    "Okafor",
    "Silva",
    "Chen",
    "Novak",
    "Rahimi",
    "Kumar",
    "Rossi",
    "Demir",
    "Varga",
    "Mensah",
    "Aziz",
]
ORG_STEMS = [
    "Kaveri",
    "Norland",
    "Harbour",
    "Meridian",
    "Atlas",
    "Crescent",
    "Summit",
    "Orion",
    "Delta",
    "Boreal",
    "Sterling",
    "Vantage",
    "Cobalt",
    "Granite",
]
ORG_SUFFIXES = [
    "Aerospace",
    "Industries",
    "Electronics",
    "Holdings",
    "Shipping",
    "Energy",
    "Bank",
    "Ltd",
    "Forge",
    "Motors",
]
TEMPLATES = {
    "CONSULT": "{a} held talks with {b} in {c} {when}.",
    "AGREE": "{a} signed an agreement with {b} in {c} {when}.",
    "ACCUSE": "{a} accused {b} of violating the accord {when}, officials in {c} said.",
    "SANCTION": "{a} imposed sanctions on {b} {when}, according to a statement from {c}.",
    "AID": "{a} pledged aid to {b} after floods in {c} {when}.",
    "COOPERATE": "{a} and {b} agreed to cooperate on defence production in {c} {when}.",
    "THREATEN": "{a} threatened {b} with new tariffs {when}, a report from {c} said.",
    "REJECT": "{a} rejected a proposal from {b} {when} at a meeting in {c}.",
}
MODALITIES = ["asserted", "asserted", "asserted", "reported", "reported", "potential", "negated", "denied"]


def entity_names(count: int, rng: random.Random) -> list[tuple[str, str]]:
    countries = [c.name for c in pycountry.countries]
    names: dict[str, str] = {}
    for country in countries:
        names[country] = "GPE"
    while len(names) < count:
        roll = rng.random()
        if roll < 0.5:
            name, kind = f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.randrange(10**6):06d}", "PERSON"
        elif roll < 0.9:
            name, kind = f"{rng.choice(ORG_STEMS)} {rng.choice(ORG_SUFFIXES)} {rng.randrange(10**6):06d}", "ORG"
        else:
            name, kind = f"Port {rng.choice(ORG_STEMS)} {rng.randrange(10**6):06d}", "GPE"
        names[name] = kind
    return list(names.items())[:count]


def zipf_sampler(count: int, seed: int, exponent: float = 1.05):
    ranks = np.arange(1, count + 1, dtype=np.float64)
    weights = 1.0 / ranks**exponent
    cumulative = np.cumsum(weights / weights.sum())
    generator = np.random.default_rng(seed)

    def sample(size: int) -> np.ndarray:
        return np.minimum(np.searchsorted(cumulative, generator.random(size)), count - 1)

    return sample


def fast_sqlite(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.execute(text("PRAGMA synchronous=OFF"))


def generate(engine: Engine, articles: int, entities: int, events: int, seed: int = 7, chunk: int = 2000) -> None:
    rng = random.Random(seed)
    fast_sqlite(engine)
    names = entity_names(entities, rng)
    rng.shuffle(names)
    pick = zipf_sampler(len(names), seed)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(insert(schema.source), [{"id": i + 1, "name": f"Outlet {i + 1}"} for i in range(200)])
        for start in range(0, len(names), 20_000):
            rows = [
                {"id": start + i + 1, "type": kind, "canonical_name": name, "normalised_name": normalise_name(name)}
                for i, (name, kind) in enumerate(names[start : start + 20_000])
            ]
            connection.execute(insert(schema.entity), rows)
            connection.execute(
                insert(schema.alias),
                [
                    {"entity_id": r["id"], "name": r["canonical_name"], "normalised_name": r["normalised_name"]}
                    for r in rows
                ],
            )
    country_codes = [c.alpha_3 for c in pycountry.countries]
    event_types = [t.value for t in EventType]
    events_left = events
    mention_id = event_id = 0
    first_day = date(2015, 1, 1)
    started = time.perf_counter()
    for chunk_start in range(0, articles, chunk):
        article_rows, sentence_rows, mention_rows, timex_rows, event_rows, role_rows = [], [], [], [], [], []
        for index in range(chunk_start, min(chunk_start + chunk, articles)):
            article_id = f"{index:020x}"
            published = first_day + timedelta(days=rng.randrange(4000))
            remaining_articles = articles - index
            count = max(1, round(events_left / remaining_articles + rng.uniform(-1, 1)))
            count = min(count, events_left) if events_left > 0 else 1
            body, offset = [], 0
            participants = pick(3 * count)
            for number in range(count):
                kind = rng.choice(event_types)
                template = TEMPLATES.get(kind, TEMPLATES["CONSULT"])
                happened = published - timedelta(days=rng.randrange(1, 60))
                when = f"on {happened.isoformat()}"
                a, b, c = (names[i] for i in participants[3 * number : 3 * number + 3])
                sentence = template.format(a=a[0], b=b[0], c=c[0], when=when)
                s_start = offset
                body.append(sentence)
                offset += len(sentence) + 1
                sentence_rows.append(
                    {"article_id": article_id, "idx": number, "start": s_start, "end": s_start + len(sentence)}
                )
                roles = []
                for role, (name, kind_of_entity), position in zip(
                    ("actor", "recipient", "location"),
                    (a, b, c),
                    participants[3 * number : 3 * number + 3],
                    strict=True,
                ):
                    at = s_start + sentence.index(name)
                    mention_id += 1
                    mention_rows.append(
                        {
                            "id": mention_id, "article_id": article_id, "start": at, "end": at + len(name),
                            "text": name, "type": kind_of_entity, "sentence": number,
                            "entity_id": int(position) + 1,
                        }
                    )  # fmt: skip
                    roles.append((role, int(position) + 1, mention_id, name, at, kind_of_entity))
                at = s_start + sentence.index(when)
                timex_rows.append(
                    {
                        "article_id": article_id, "start": at + 3, "end": at + len(when), "text": when[3:],
                        "type": "DATE", "value": happened.isoformat(), "sentence": number,
                    }
                )  # fmt: skip
                event_id += 1
                event_rows.append(
                    {
                        "id": event_id, "article_id": article_id, "type": kind, "mode": None, "context": [],
                        "modality": rng.choice(MODALITIES), "trigger": sentence.split()[2], "trigger_start": s_start,
                        "trigger_end": s_start + 4, "event_value": happened.isoformat(), "event_precision": "day",
                        "event_start": happened, "event_end": happened, "timex_text": when[3:],
                        "report_date": published, "location_entity_id": roles[2][1], "attribution_id": None,
                        "confidence": 0.9, "sentence": number, "start": s_start, "end": s_start + len(sentence),
                    }
                )  # fmt: skip
                for role, entity_id, m_id, name, at, kind_of_entity in roles:
                    role_rows.append(
                        {
                            "event_id": event_id, "role": role, "entity_id": entity_id, "mention_id": m_id,
                            "text": name, "start": at, "end": at + len(name), "entity_type": kind_of_entity,
                            "country": rng.choice(country_codes), "sector": None,
                            "event_start": happened, "event_end": happened,
                        }
                    )  # fmt: skip
            events_left -= count
            article_rows.append(
                {
                    "id": article_id, "source_id": rng.randrange(1, 201), "url": None, "title": body[0][:80],
                    "published": published, "ingested_at": now, "language": "en", "text": " ".join(body),
                    "input_name": "synthetic", "position": index, "extractor_version": "synthetic",
                }
            )  # fmt: skip
        with engine.begin() as connection:
            for table, rows in (
                (schema.article, article_rows),
                (schema.sentence, sentence_rows),
                (schema.mention, mention_rows),
                (schema.timex, timex_rows),
                (schema.event, event_rows),
                (schema.event_role, role_rows),
            ):
                connection.execute(insert(table), rows)
        done = min(chunk_start + chunk, articles)
        rate = done / (time.perf_counter() - started)
        print(
            f"\r{done:,}/{articles:,} articles, {event_id:,} events ({rate:,.0f} articles/s)", end="", file=sys.stderr
        )
    print(file=sys.stderr)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="database URL of an empty (or new) store")
    parser.add_argument("--articles", type=int, default=300_000)
    parser.add_argument("--entities", type=int, default=200_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    engine = open_store(args.db)
    generate(engine, args.articles, args.entities, args.events, args.seed)


if __name__ == "__main__":
    main()
