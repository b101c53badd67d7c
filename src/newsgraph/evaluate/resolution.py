"""Score entity resolution and story clustering against our gold files
(``gold/resolution/*.jsonl``, ``gold/stories/*.jsonl``; format in
``gold/README.md``).

The gold articles are ingested into a fresh in-memory store through the real
batch loop (extract, write, resolve), then compared: mentions by exact
character offsets (a gold mention the extractor missed counts as a singleton
cluster), articles by id. Metrics: B-cubed and pairwise precision, recall
and F1 for entities; pairwise F1 and the adjusted Rand index for stories."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from itertools import combinations
from math import comb
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, select

from newsgraph.evaluate import metrics
from newsgraph.evaluate.gold import gold_records
from newsgraph.model import Article


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, precision: float, recall: float) -> PRF:
        return cls(round(precision, 4), round(recall, 4), round(metrics.f1(precision, recall), 4))


def bcubed(gold: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]) -> PRF:
    """B-cubed precision and recall over the items of ``gold``; an item
    missing from ``predicted`` is its own cluster."""
    items = list(gold)
    if not items:
        return PRF(0.0, 0.0, 0.0)
    system = {item: predicted.get(item, ("singleton", item)) for item in items}
    gold_members: dict[Hashable, set] = defaultdict(set)  # type: ignore[type-arg]
    system_members: dict[Hashable, set] = defaultdict(set)  # type: ignore[type-arg]
    for item in items:
        gold_members[gold[item]].add(item)
        system_members[system[item]].add(item)
    precision = recall = 0.0
    for item in items:
        same = gold_members[gold[item]] & system_members[system[item]]
        precision += len(same) / len(system_members[system[item]])
        recall += len(same) / len(gold_members[gold[item]])
    return PRF.of(precision / len(items), recall / len(items))


def pairwise(gold: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]) -> PRF:
    """Precision and recall of the pairs of items put in one cluster."""
    items = list(gold)
    system = {item: predicted.get(item, ("singleton", item)) for item in items}
    true_positive = false_positive = false_negative = 0
    for a, b in combinations(items, 2):
        in_gold, in_system = gold[a] == gold[b], system[a] == system[b]
        true_positive += in_gold and in_system
        false_positive += in_system and not in_gold
        false_negative += in_gold and not in_system
    precision = true_positive / (true_positive + false_positive) if true_positive + false_positive else 1.0
    recall = true_positive / (true_positive + false_negative) if true_positive + false_negative else 1.0
    return PRF.of(precision, recall)


def adjusted_rand(gold: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]) -> float:
    """Adjusted Rand index (Hubert and Arabie) of two partitions of ``gold``'s items."""
    items = list(gold)
    n = len(items)
    if n < 2:
        return 1.0
    system = {item: predicted.get(item, ("singleton", item)) for item in items}
    table = Counter((gold[item], system[item]) for item in items)
    index = sum(comb(c, 2) for c in table.values())
    gold_sum = sum(comb(c, 2) for c in Counter(gold[i] for i in items).values())
    system_sum = sum(comb(c, 2) for c in Counter(system[i] for i in items).values())
    expected = gold_sum * system_sum / comb(n, 2)
    maximum = (gold_sum + system_sum) / 2
    return round(1.0 if maximum == expected else (index - expected) / (maximum - expected), 4)


@dataclass
class GoldArticle:
    key: str
    article: Article
    story: str | None
    mentions: list[dict]  # type: ignore[type-arg]


def read_gold(path: Path) -> list[GoldArticle]:
    """The articles of a gold file, as newsgraph Articles with their labels."""
    return [
        GoldArticle(record["key"], article, record.get("story"), record.get("mentions", []))
        for record, article in gold_records(path)
    ]


def ingest_gold(gold: list[GoldArticle], engine: Engine, extractor) -> None:  # type: ignore[no-untyped-def]
    from newsgraph.pipeline import ingest_items

    ingest_items([g.article for g in gold], engine, extractor, batch_size=16)


def _scratch_store() -> Engine:
    """A new SQLite store in a temporary folder, for one evaluation."""
    import tempfile

    from newsgraph.store.database import open_store

    folder = Path(tempfile.mkdtemp(prefix="newsgraph-eval-"))
    return open_store(f"sqlite:///{folder / 'gold.db'}")


@dataclass
class ResolutionScores:
    split: str
    articles: int
    mentions: int
    bcubed: PRF
    pairwise: PRF

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.split,
            "articles": self.articles,
            "mentions": self.mentions,
            "bcubed": _prf(self.bcubed),
            "pairwise": _prf(self.pairwise),
        }

    def render(self, console: Console) -> None:
        table = Table("metric", "precision", "recall", "F1", title=f"entity resolution: {self.split}")
        for name, prf in (("B-cubed", self.bcubed), ("pairwise", self.pairwise)):
            table.add_row(name, f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}")
        console.print(table)
        console.print(f"{self.articles} articles, {self.mentions} gold mentions")


@dataclass
class StoryScores:
    split: str
    articles: int
    stories: int
    pairwise: PRF
    adjusted_rand: float

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.split,
            "articles": self.articles,
            "gold_stories": self.stories,
            "pairwise": _prf(self.pairwise),
            "adjusted_rand": self.adjusted_rand,
        }

    def render(self, console: Console) -> None:
        table = Table("metric", "precision", "recall", "F1 / index", title=f"stories: {self.split}")
        table.add_row(
            "pairwise", f"{self.pairwise.precision:.3f}", f"{self.pairwise.recall:.3f}", f"{self.pairwise.f1:.3f}"
        )
        table.add_row("adjusted Rand", "", "", f"{self.adjusted_rand:.3f}")
        console.print(table)
        console.print(f"{self.articles} articles in {self.stories} gold stories (standalone articles included)")


def _prf(prf: PRF) -> dict[str, float]:
    return {"precision": prf.precision, "recall": prf.recall, "f1": prf.f1}


def predicted_mention_clusters(engine: Engine) -> dict[tuple[str, int, int], int]:
    """(article id, start, end) -> canonical entity of every linked mention."""
    from newsgraph.store import schema

    M, ML, EC = schema.mention, schema.mention_link, schema.entity_canonical
    query = select(M.c.article_id, M.c.start, M.c.end, ML.c.entity_id, EC.c.canonical_id).select_from(
        M.join(ML, ML.c.mention_id == M.c.id).outerjoin(EC, EC.c.entity_id == ML.c.entity_id)
    )
    with engine.connect() as connection:
        return {(a, s, e): canonical or entity for a, s, e, entity, canonical in connection.execute(query)}


def evaluate_resolution(path: Path, extractor, engine: Engine | None = None) -> ResolutionScores:  # type: ignore[no-untyped-def]
    """Ingest a resolution gold file and score mention clusters."""
    gold = read_gold(path)
    engine = engine or _scratch_store()
    ingest_gold(gold, engine, extractor)
    predicted = predicted_mention_clusters(engine)
    gold_clusters: dict[Hashable, Hashable] = {}
    system: dict[Hashable, Hashable] = {}
    for g in gold:
        for mention in g.mentions:
            item = (g.article.id, mention["start"], mention["end"])
            gold_clusters[item] = mention["cluster"]
            if item in predicted:
                system[item] = predicted[item]
    return ResolutionScores(
        path.name, len(gold), len(gold_clusters), bcubed(gold_clusters, system), pairwise(gold_clusters, system)
    )


def predicted_stories(engine: Engine) -> dict[str, int]:
    from newsgraph.store import schema

    with engine.connect() as connection:
        rows = connection.execute(select(schema.article_story.c.article_id, schema.article_story.c.story_id))
        return {article_id: story_id for article_id, story_id in rows}


def evaluate_stories(path: Path, extractor, engine: Engine | None = None) -> StoryScores:  # type: ignore[no-untyped-def]
    """Ingest a story gold file and score the story clusters."""
    gold = read_gold(path)
    engine = engine or _scratch_store()
    ingest_gold(gold, engine, extractor)
    predicted = predicted_stories(engine)
    gold_stories: dict[Hashable, Hashable] = {g.article.id: g.story or f"standalone:{g.key}" for g in gold}
    return StoryScores(
        path.name,
        len(gold),
        len(set(gold_stories.values())),
        pairwise(gold_stories, predicted),
        adjusted_rand(gold_stories, predicted),
    )
