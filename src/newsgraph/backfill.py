"""Distributed backfill: the pure extract step as a Ray Data map over input files.

The flow is the same as ``newsgraph ingest``, spread over a Ray cluster (a
local one by default):

1. a map over the input files reads each into articles and rejections;
2. a map over batches drops the articles the store already holds, so that a
   backfill can be stopped and resumed (workers read the store by its URL);
3. a map over batches, on a pool of actors that each load the pipeline once,
   extracts;
4. the driver is the single writer: it stores each batch in one transaction.

Values cross process boundaries pickled in a ``payload`` column, so Ray's
tabular formats never need to know newsgraph's types.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsgraph.extract.extractor import Extractor
from newsgraph.extract.parallel import BatchExtraction, extract_batch
from newsgraph.ingest import expand_paths, read_source
from newsgraph.model import Article, Extraction, NewsgraphError, Rejected
from newsgraph.resolve.batch import PendingResolution, resolve_unresolved
from newsgraph.runner import IngestReport, store_batch
from newsgraph.store.database import create_store_engine, open_store
from newsgraph.store.writer import StoreWriter

ARTICLE, REJECTED, EXTRACTION, PRESENT = "article", "rejected", "extraction", "present"
LIGHT_CPU = 0.1


class BackfillError(NewsgraphError):
    """Ray is missing or the cluster cannot be reached."""


def _rows(kind: str, values: Sequence[object]) -> dict[str, np.ndarray]:
    return {
        "kind": np.array([kind] * len(values), dtype=object),
        "payload": np.array([pickle.dumps(v) for v in values], dtype=object),
    }


def _concat(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    parts = [p for p in parts if len(p["kind"])]
    if not parts:
        return {"kind": np.array([], dtype=object), "payload": np.array([], dtype=object)}
    return {key: np.concatenate([p[key] for p in parts]) for key in ("kind", "payload")}


def read_file(row: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Ray flat_map: one input file to its articles and rejections."""
    for item in read_source(row["path"]):
        kind = ARTICLE if isinstance(item, Article) else REJECTED
        yield {"kind": kind, "payload": pickle.dumps(item)}


class SkipStored:
    """Ray map_batches: drop articles already in the store (resuming)."""

    def __init__(self, database_url: str) -> None:
        self.writer = StoreWriter(create_store_engine(database_url))

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        articles = [pickle.loads(p) for k, p in zip(batch["kind"], batch["payload"], strict=True) if k == ARTICLE]
        present = self.writer.present_ids(a.id for a in articles)
        others = [p for k, p in zip(batch["kind"], batch["payload"], strict=True) if k != ARTICLE]
        keep = [a for a in articles if a.id not in present]
        return _concat(
            [
                {"kind": np.array([REJECTED] * len(others), dtype=object), "payload": np.array(others, dtype=object)},
                _rows(ARTICLE, keep),
                _rows(PRESENT, [a.id for a in articles if a.id in present]),
            ]
        )


class Extract:
    """Ray map_batches on an actor pool: the pipeline is loaded once per actor."""

    def __init__(self, model_name: str, batch_size: int) -> None:
        self.extractor = Extractor(model_name, batch_size=batch_size)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        articles = [pickle.loads(p) for k, p in zip(batch["kind"], batch["payload"], strict=True) if k == ARTICLE]
        passed = {
            "kind": np.array([k for k in batch["kind"] if k != ARTICLE], dtype=object),
            "payload": np.array(
                [p for k, p in zip(batch["kind"], batch["payload"], strict=True) if k != ARTICLE], dtype=object
            ),
        }
        result = extract_batch(self.extractor, articles)
        return _concat([passed, _rows(EXTRACTION, result.extractions), _rows(REJECTED, result.failures)])


@dataclass(frozen=True)
class BackfillPlan:
    sources: Sequence[str]
    database_url: str
    model_name: str = "en_core_web_sm"
    batch_size: int = 32
    actors: int = 1
    address: str | None = None


def run_backfill(plan: BackfillPlan, on_batch: Callable[[IngestReport], None] | None = None) -> IngestReport:
    """Backfill ``plan.sources`` into the store at ``plan.database_url`` on Ray."""
    try:
        import ray
    except ImportError:
        raise BackfillError("Ray is not installed: pip install 'newsgraph[distributed]' (or ray[data])") from None
    files = list(expand_paths(plan.sources))
    engine = open_store(plan.database_url)
    writer = StoreWriter(engine)
    report = IngestReport(files=len(files))
    resolve_unresolved(engine)  # what a stopped backfill stored but did not resolve
    resolver = PendingResolution(engine)
    started_here = not ray.is_initialized()
    try:
        if started_here:
            ray.init(address=plan.address, include_dashboard=False, log_to_driver=False)
    except (ConnectionError, RuntimeError, ValueError) as error:
        raise BackfillError(
            f"cannot reach the Ray cluster at {plan.address or 'a new local instance'}: {error}"
        ) from None
    try:
        dataset = (
            ray.data.from_items([{"path": path} for path in files])
            # Reading and the store look-ups are light: they must not hold a
            # whole CPU each, or the extracting actors could wait for ever.
            .flat_map(read_file, num_cpus=LIGHT_CPU)
            .map_batches(
                SkipStored,
                fn_constructor_args=(plan.database_url,),
                batch_size=plan.batch_size,
                concurrency=1,
                num_cpus=LIGHT_CPU,
            )
            .map_batches(
                Extract,
                fn_constructor_args=(plan.model_name, plan.batch_size),
                batch_size=plan.batch_size,
                concurrency=plan.actors,
                num_cpus=1,
            )
        )
        for batch in dataset.iter_batches(batch_size=plan.batch_size, batch_format="numpy"):
            _write(batch, writer, report, resolver)
            if on_batch is not None:
                on_batch(report)
        resolver.flush()
    finally:
        if started_here:
            ray.shutdown()
        engine.dispose()
    return report


def _write(
    batch: dict[str, np.ndarray], writer: StoreWriter, report: IngestReport, resolver: PendingResolution
) -> None:
    extractions: list[Extraction] = []
    rejections: list[Rejected] = []
    for kind, payload in zip(batch["kind"], batch["payload"], strict=True):
        value = pickle.loads(payload)
        if kind == EXTRACTION:
            extractions.append(value)
        elif kind == REJECTED:
            rejections.append(value)
        elif kind == PRESENT:
            report.read += 1
            report.present.append(value)
    report.read += len(extractions)
    store_batch(BatchExtraction(extractions, rejections), writer, report, resolver)
