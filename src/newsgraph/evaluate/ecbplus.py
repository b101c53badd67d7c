"""Score stories and cross-document entities on ECB+ (Cybulska and Vossen,
LREC 2014), news written by others.

The folder holds ``dev.jsonl`` (one report per line: ``id``, ``source``,
``url``, ``title``, ``published``, ``text``; every report of a topic carries
the same date, so only content can tell a topic's two happenings apart) and
``dev-gold.json`` (per ECB+ document: ``key`` = the report's ``id``,
``topic``, ``story`` such as ``"3"`` or ``"3plus"``, and ``mentions`` with
character offsets, ``chain``, ``named`` and ``validated``).

The reports are ingested through the real batch loop into a store (a cached
one may be reused, and its resolution recomputed), then scored:

- stories: B-cubed, pairwise and the adjusted Rand index over reports;
- entities: the named mentions of validated sentences, each aligned to the
  stored mention that overlaps it and holds its head; MUC, B-cubed and
  CEAF-e over the canonical entities, with coverage (the share of gold
  mentions aligned; an unaligned one is a singleton).

Topics whose number is a multiple of ``HELD_BACK_EVERY`` are held back: they
are scored on their own and never looked at while tuning."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, select

from newsgraph.evaluate import coref
from newsgraph.evaluate.gold import gold_records
from newsgraph.evaluate.resolution import PRF, adjusted_rand, pairwise, predicted_stories
from newsgraph.model import Article, InputError

HELD_BACK_EVERY = 5  # topics 5, 10, 20, 25, 30, 35 of the development set
SPLITS = ("development", "held-back")


@dataclass(frozen=True)
class EcbDocument:
    key: str
    article: Article
    topic: int
    story: str
    mentions: tuple[dict, ...]  # type: ignore[type-arg]

    @property
    def split(self) -> str:
        return "held-back" if self.topic % HELD_BACK_EVERY == 0 else "development"


def is_ecbplus(path: Path) -> bool:
    """Whether ``path`` is an ECB+ folder (``dev.jsonl`` and ``dev-gold.json``)."""
    return path.is_dir() and (path / "dev.jsonl").is_file() and (path / "dev-gold.json").is_file()


def read_ecbplus(folder: Path) -> list[EcbDocument]:
    """The reports of an ECB+ folder with their topic, story and named mentions."""
    reports = folder / "dev.jsonl"
    try:
        gold = {doc["key"]: doc for doc in json.loads((folder / "dev-gold.json").read_text(encoding="utf-8")).values()}
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(str(folder / "dev-gold.json"), f"not ECB+ gold: {error}") from None
    documents = []
    for record, article in gold_records(reports, "ECB+ report", outlet_field="source"):
        try:
            labels = gold[record["id"]]
            topic = int(labels["topic"])
        except (ValueError, KeyError, TypeError) as error:
            raise InputError(str(reports), f"not an ECB+ report: {error}", article.position) from None
        named = tuple(m for m in labels.get("mentions", []) if m.get("named") and m.get("validated"))
        documents.append(EcbDocument(record["id"], article, topic, f"{topic}:{labels['story']}", named))
    return documents


def ecbplus_store(documents: list[EcbDocument], extractor, store: Path | None, reresolve: bool) -> Engine:  # type: ignore[no-untyped-def]
    """A store holding the reports: ``store`` when given (reports already in
    it are not extracted again), else a scratch one; with ``reresolve``, all
    resolution is recomputed from the stored evidence first."""
    from newsgraph.evaluate.resolution import _scratch_store
    from newsgraph.pipeline import ingest_items
    from newsgraph.pipeline.resolution import resolve_unresolved
    from newsgraph.store.database import open_store

    engine = open_store(f"sqlite:///{store}") if store else _scratch_store()
    if reresolve:
        from newsgraph.store.resolution import clear_resolution

        with engine.begin() as connection:
            clear_resolution(connection)
        resolve_unresolved(engine)
    ingest_items([d.article for d in documents], engine, extractor, batch_size=16)
    return engine


@dataclass
class EcbStoryScores:
    split: str
    reports: int
    stories: int
    bcubed: PRF
    pairwise: PRF
    adjusted_rand: float

    def to_json(self) -> dict[str, object]:
        return {
            "split": self.split,
            "reports": self.reports,
            "gold_stories": self.stories,
            "bcubed": _prf(self.bcubed),
            "pairwise": _prf(self.pairwise),
            "adjusted_rand": self.adjusted_rand,
        }


@dataclass
class EcbEntityScores:
    split: str
    mentions: int
    coverage: float
    muc: PRF
    bcubed: PRF
    ceaf_e: PRF

    def to_json(self) -> dict[str, object]:
        return {
            "split": self.split,
            "gold_mentions": self.mentions,
            "coverage": self.coverage,
            "muc": _prf(self.muc),
            "bcubed": _prf(self.bcubed),
            "ceaf_e": _prf(self.ceaf_e),
        }


def _prf(prf: PRF) -> dict[str, float]:
    return {"precision": prf.precision, "recall": prf.recall, "f1": prf.f1}


def score_stories(documents: list[EcbDocument], predicted: dict[str, int]) -> list[EcbStoryScores]:
    """Story scores per split; a report in no story is its own."""
    scores = []
    for split in SPLITS:
        gold: dict[Hashable, Hashable] = {d.article.id: d.story for d in documents if d.split == split}
        system: dict[Hashable, Hashable] = {a: predicted[a] for a in gold if a in predicted}
        precision, recall = coref.bcubed(gold, system)
        scores.append(
            EcbStoryScores(
                split,
                len(gold),
                len(set(gold.values())),
                PRF.of(precision, recall),
                pairwise(gold, system),
                adjusted_rand(gold, system),
            )
        )
    return scores


Span = tuple[int, int]


def align(gold_span: Span, head: Span, system: list[tuple[int, int, int]]) -> int | None:
    """The entity of the system mention (start, end, entity) that overlaps
    ``gold_span`` and holds its ``head``, the one overlapping most (then the
    shortest); None when there is none."""
    best: tuple[int, int] | None = None
    found = None
    for start, end, entity in system:
        overlap = min(end, gold_span[1]) - max(start, gold_span[0])
        if overlap <= 0 or start > head[0] or end < head[1]:
            continue
        rank = (overlap, -(end - start))
        if best is None or rank > best:
            best, found = rank, entity
    return found


def score_entities(
    documents: list[EcbDocument], predicted: dict[str, list[tuple[int, int, int]]]
) -> list[EcbEntityScores]:
    """Entity scores per split over the named gold mentions."""
    scores = []
    for split in SPLITS:
        gold: dict[Hashable, Hashable] = {}
        system: dict[Hashable, Hashable] = {}
        for document in documents:
            if document.split != split:
                continue
            mentions = predicted.get(document.article.id, [])
            for mention in document.mentions:
                item = (document.key, mention["start"], mention["end"])
                gold[item] = (document.topic, mention["chain"])
                head = tuple(mention.get("head") or (mention["start"], mention["end"]))
                entity = align((mention["start"], mention["end"]), head, mentions)  # type: ignore[arg-type]
                if entity is not None:
                    system[item] = entity
        coverage = round(len(system) / len(gold), 4) if gold else 0.0
        scores.append(
            EcbEntityScores(
                split,
                len(gold),
                coverage,
                PRF.of(*coref.muc(gold, system)),
                PRF.of(*coref.bcubed(gold, system)),
                PRF.of(*coref.ceaf_e(gold, system)),
            )
        )
    return scores


def predicted_mentions(engine: Engine) -> dict[str, list[tuple[int, int, int]]]:
    """Per article, (start, end, canonical entity) of each linked mention."""
    from newsgraph.store import schema

    M, ML, EC = schema.mention, schema.mention_link, schema.entity_canonical
    query = select(M.c.article_id, M.c.start, M.c.end, ML.c.entity_id, EC.c.canonical_id).select_from(
        M.join(ML, ML.c.mention_id == M.c.id).outerjoin(EC, EC.c.entity_id == ML.c.entity_id)
    )
    found: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    with engine.connect() as connection:
        for article_id, start, end, entity, canonical in connection.execute(query):
            found[article_id].append((start, end, canonical or entity))
    return found


def evaluate_ecbplus_stories(
    folder: Path, extractor, store: Path | None = None, reresolve: bool = False
) -> list[EcbStoryScores]:  # type: ignore[no-untyped-def]
    documents = read_ecbplus(folder)
    engine = ecbplus_store(documents, extractor, store, reresolve)
    return score_stories(documents, predicted_stories(engine))


def evaluate_ecbplus_entities(
    folder: Path, extractor, store: Path | None = None, reresolve: bool = False
) -> list[EcbEntityScores]:  # type: ignore[no-untyped-def]
    documents = read_ecbplus(folder)
    engine = ecbplus_store(documents, extractor, store, reresolve)
    return score_entities(documents, predicted_mentions(engine))


def render_stories(scores: list[EcbStoryScores], console: Console) -> None:
    table = Table("split", "reports", "stories", "B-cubed P", "R", "F1", "pairwise F1", "ARI", title="ECB+ stories")
    for s in scores:
        table.add_row(
            s.split, str(s.reports), str(s.stories), f"{s.bcubed.precision:.3f}", f"{s.bcubed.recall:.3f}",
            f"{s.bcubed.f1:.3f}", f"{s.pairwise.f1:.3f}", f"{s.adjusted_rand:.3f}",
        )  # fmt: skip
    console.print(table)
    console.print(f"held back: topics that are multiples of {HELD_BACK_EVERY} (never tuned on)")


def render_entities(scores: list[EcbEntityScores], console: Console) -> None:
    table = Table("split", "mentions", "coverage", "MUC F1", "B-cubed P", "R", "F1", "CEAF-e F1", title="ECB+ entities")
    for s in scores:
        table.add_row(
            s.split, str(s.mentions), f"{s.coverage:.3f}", f"{s.muc.f1:.3f}", f"{s.bcubed.precision:.3f}",
            f"{s.bcubed.recall:.3f}", f"{s.bcubed.f1:.3f}", f"{s.ceaf_e.f1:.3f}",
        )  # fmt: skip
    console.print(table)
    console.print(f"held back: topics that are multiples of {HELD_BACK_EVERY} (never tuned on)")
