"""Benchmark corpora: real articles repeated until a chosen count, each copy
made distinct (its text, hence its id) so that none is skipped as stored.

- demo: the demo corpus shipped in the package (short reports we wrote);
- ecbplus: the ECB+ development reports, read from the shared data folder
  beside the repository (news wires of 2008-2013; never copied into it).
"""

from __future__ import annotations

import json
from pathlib import Path

from newsgraph.cli import demo_corpus
from newsgraph.ingest import read_sources
from newsgraph.model import Article

# ../shared/data next to the repository, as tests/conftest.py finds it.
ECBPLUS_DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "eval" / "ecbplus" / "dev.jsonl"


def read_articles(source: Path) -> list[Article]:
    """The articles the project's own readers take from ``source`` (rejections dropped)."""
    return [item for item in read_sources([str(source)]) if isinstance(item, Article)]


def repeat_distinct(originals: list[Article], count: int) -> list[Article]:
    """``count`` articles cycling through ``originals``; from the second pass on,
    each copy ends in a line naming its pass, which gives it its own id."""
    if not originals:
        raise ValueError("cannot build a benchmark corpus from no articles")
    articles = []
    for i in range(count):
        original = originals[i % len(originals)]
        copy = i // len(originals)
        text = original.text if copy == 0 else f"{original.text}\n\nUpdated edition {copy}."
        articles.append(Article.create(published=original.published, text=text, outlet=original.outlet))
    return articles


def corpus_texts(count: int) -> list[Article]:
    """The demo corpus repeated to ``count`` distinct articles."""
    return repeat_distinct(read_articles(demo_corpus()), count)


def write_jsonl(articles: list[Article], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for article in articles:
            record = {"outlet": article.outlet, "published": article.published.isoformat(), "text": article.text}
            out.write(json.dumps(record) + "\n")
