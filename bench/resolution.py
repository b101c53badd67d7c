"""Cost of resolving a new batch against a small and a large store.

Builds synthetic stores (invented names, topic words and stories, written
through the real StoreWriter and resolved through the real batch resolver,
no spaCy), then times ``resolve_articles`` on the same fresh batch of new
articles against each store. Incremental resolution means the time per
article stays roughly flat as the store grows.

Run on demand (minutes at 50k):
    /work/venv/bin/python bench/resolution.py --sizes 1000 50000 --batch 200
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from newsgraph.model import Article, Extraction, Mention, PersonRole, Sentence
from newsgraph.pipeline.resolution import resolve_articles
from newsgraph.store.database import open_store
from newsgraph.store.writer import StoreWriter

FIRST = [
    f"{a}{b}"
    for a in ("Ra", "San", "Vi", "Ma", "Le", "Ka", "Ni", "To", "Ha", "Jo")
    for b in ("jiv", "ra", "ktor", "rta", "na", "dri")
]
LAST = [
    f"{a}{b}"
    for a in ("Mal", "Kos", "Var", "Zie", "Tha", "Oti", "Pa", "Fu", "Ri", "Be")
    for b in ("hotra", "tyuk", "entsov", "linska", "pa", "eno", "dakis", "entes")
]
ORG_WORDS = ["Coastline", "Akebono", "Truong", "Andes", "Baltica", "Condor", "Pampa", "Norland", "Kaveri", "Volga"]
ORG_SUFFIX = ["Builders", "Power", "Energy", "Aerospace", "Electronics", "Industries", "Systems", "Shipping"]
COUNTRIES = ["India", "Russia", "Kenya", "Vietnam", "Japan", "Greece", "Chile", "Estonia", "Argentina", "Poland"]
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
VOCABULARY = [
    f"{c}{v}{e}"
    for c in "bdfgklmnprstv"
    for v in ("a", "o", "e", "u")
    for e in ("rden", "lvet", "ntor", "mble", "ster")
]


def invented_word(rng: random.Random) -> str:
    """A capitalised three-syllable word: about 70,000 of them."""
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def synthetic_article(rng: random.Random, story: int, day: date, outlet: str, serial: int) -> Extraction:
    """One invented article of ``story``: its names and topic words come from
    the story's own random stream, so reports of one story share them."""
    story_rng = random.Random(story)
    person = f"{story_rng.choice(FIRST)} {invented_word(story_rng)}"
    org = f"{invented_word(story_rng)} {story_rng.choice(ORG_SUFFIX)}"
    country = story_rng.choice(COUNTRIES)
    topic = [invented_word(story_rng).lower() for _ in range(12)]
    parts: list[str] = []
    mentions: list[Mention] = []
    offset = 0

    def add(text: str, kind: str | None = None, sentence: int = 0) -> None:
        nonlocal offset
        if kind:
            mentions.append(Mention(offset, offset + len(text), text, kind, sentence))
        parts.append(text)
        offset += len(text)

    add("Minister ")
    add(person, "PERSON", 0)
    add(" said ")
    add(org, "ORG", 0)
    add(" would " + " ".join(rng.sample(topic, 6)) + " in ")
    add(country, "GPE", 0)
    add(f" (report {serial}). ")
    start_second = offset
    add(person.split()[-1], "PERSON", 1)
    add(" added that " + " ".join(rng.sample(topic, 6) + rng.sample(VOCABULARY, 4)) + ".")
    text = "".join(parts)
    article = Article.create(published=day, text=text, outlet=outlet, title=f"Story {story}")
    return Extraction(
        article=article,
        sentences=(Sentence(0, start_second - 1), Sentence(start_second, len(text))),
        mentions=tuple(mentions),
        roles=(PersonRole(0, "Minister", 0, 8, None, 0),),
        extractor_version="bench",
    )


def articles(count: int, seed: int, first_story: int) -> list[Extraction]:
    rng = random.Random(seed)
    result = []
    story = first_story
    start = date(2024, 1, 1)
    while len(result) < count:
        day = start + timedelta(days=(story * 7) // 100)  # about 14 stories a day
        for report in range(rng.randint(1, 4)):
            outlet = f"Outlet {rng.randint(1, 12)}"
            result.append(synthetic_article(rng, story, day + timedelta(days=report), outlet, len(result) + seed))
        story += 1
    return result[:count]


def build(size: int, folder: Path) -> tuple[object, float]:
    engine = open_store(f"sqlite:///{folder / f'store-{size}.db'}")
    writer = StoreWriter(engine)
    began = time.perf_counter()
    stored = articles(size, seed=1, first_story=0)
    for start in range(0, len(stored), 500):
        result = writer.write_batch(stored[start : start + 500])
        resolve_articles(engine, result.stored)
    return engine, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 50000])
    parser.add_argument("--batch", type=int, default=200, help="new articles resolved and timed")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="newsgraph-bench-"))
    fresh = articles(arguments.batch, seed=99, first_story=10_000_000)
    rows = []
    for size in arguments.sizes:
        engine, build_seconds = build(size, folder)
        result = StoreWriter(engine).write_batch(fresh)  # type: ignore[arg-type]
        began = time.perf_counter()
        report = resolve_articles(engine, result.stored)  # type: ignore[arg-type]
        seconds = time.perf_counter() - began
        per_article = 1000 * seconds / max(1, report.articles)
        rows.append((size, per_article))
        print(
            f"store {size:>6} articles (built in {build_seconds:6.1f} s): "
            f"resolving {report.articles} new articles took {seconds:.2f} s = {per_article:.2f} ms/article "
            f"({report.pairs_scored} pairs scored, {report.judgements} judgements, {len(report.stories)} stories)"
        )
    if len(rows) >= 2:
        print(f"ratio {rows[-1][0]} / {rows[0][0]} stored: {rows[-1][1] / rows[0][1]:.2f}x time per article")


if __name__ == "__main__":
    main()
