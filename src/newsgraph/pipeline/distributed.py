"""The pipeline on Ray: where articles come from is a Ray Data map over the
input files, and extraction runs on a pool of Ray actors; admission is the
same ``admit`` as every other entry point, and the write is the same
``write_extracted`` step.

1. a map over the input files reads each into articles and rejections;
2. a map over batches admits them (language, the non-English policy,
   articles the store already holds, so that a backfill can be stopped and
   resumed: workers read the store by its URL);
3. a map over admissions, on a pool of actors that each load the pipeline
   once, extracts; on PostgreSQL each actor also writes its batch in one
   transaction (``actors_write``: as many writers as actors, partitioned by
   article, since admission gives every article to one batch), and sends
   back only what it stored, with each article's within-article resolution
   and row ids;
4. the driver records each admission, writes each batch an actor did not
   write (SQLite has one writer: the driver), and hands the stored articles
   to one resolver process, which resolves across the store.

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
from newsgraph.extract.parallel import extract_batch
from newsgraph.ingest import expand_paths, read_source
from newsgraph.model import NewsgraphError
from newsgraph.pipeline.admit import Admission, NonEnglishPolicy, admit
from newsgraph.pipeline.report import IngestReport
from newsgraph.pipeline.run import Pipeline, WrittenBatch, write_extracted
from newsgraph.resolve.article import resolve_extraction
from newsgraph.store.database import create_store_engine, many_writers, open_store
from newsgraph.store.writer import StoreWriter

LIGHT_CPU = 0.1


class BackfillError(NewsgraphError):
    """Ray is missing or the cluster cannot be reached."""


def _column(values: Sequence[object]) -> dict[str, np.ndarray]:
    return {"payload": np.array([pickle.dumps(v) for v in values], dtype=object)}


def read_file(row: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Ray flat_map: one input file to its articles and rejections."""
    for item in read_source(row["path"]):
        yield {"payload": pickle.dumps(item)}


class Admit:
    """Ray map_batches (one actor): a batch of read items to one admission,
    remembering what it admitted so that a duplicate is extracted once."""

    def __init__(self, database_url: str, non_english: NonEnglishPolicy) -> None:
        self.writer = StoreWriter(create_store_engine(database_url))
        self.non_english = non_english
        self.admitted: set[str] = set()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        items = [pickle.loads(p) for p in batch["payload"]]
        return _column([admit(items, self.non_english, self.writer.present_ids, self.admitted)])


class Extract:
    """Ray map_batches on an actor pool: the pipeline is loaded once per
    actor. With ``database_url``, the actor writes what it extracted to that
    store itself and sends back a ``WrittenBatch``; else the extractions."""

    def __init__(self, model_name: str, batch_size: int, database_url: str | None = None) -> None:
        self.extractor = Extractor(model_name, batch_size=batch_size)
        self.writer = None if database_url is None else StoreWriter(create_store_engine(database_url))

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        done = []
        for payload in batch["payload"]:
            admission: Admission = pickle.loads(payload)
            extracted = extract_batch(self.extractor, admission.fresh, resolve_extraction)
            done.append((admission, extracted if self.writer is None else write_extracted(self.writer, extracted)))
        return _column(done)


@dataclass(frozen=True)
class BackfillPlan:
    sources: Sequence[str]
    database_url: str
    model_name: str = "en_core_web_sm"
    batch_size: int = 32
    actors: int = 1
    address: str | None = None
    non_english: NonEnglishPolicy = "reject"
    # whether the actors write their own batches: None lets the store decide
    # (PostgreSQL takes several writers; SQLite has one, the driver)
    actors_write: bool | None = None


def run_backfill(plan: BackfillPlan, on_batch: Callable[[IngestReport], None] | None = None) -> IngestReport:
    """Backfill ``plan.sources`` into the store at ``plan.database_url`` on Ray."""
    try:
        import ray
    except ImportError:
        raise BackfillError("Ray is not installed: pip install 'newsgraph[distributed]' (or ray[data])") from None
    files = list(expand_paths(plan.sources))
    engine = open_store(plan.database_url)
    actors_write = many_writers(engine) if plan.actors_write is None else plan.actors_write
    # the actors extract (and write, when they may); the driver writes the
    # rest, and a resolver process resolves what was written (as with local
    # worker processes)
    pipeline = Pipeline(engine, None, plan.non_english, plan.batch_size, resolve_apart=True)
    pipeline.report.files = len(files)
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
            # Reading and admission are light: they must not hold a whole
            # CPU each, or the extracting actors could wait for ever.
            .flat_map(read_file, num_cpus=LIGHT_CPU)
            .map_batches(
                Admit,
                fn_constructor_args=(plan.database_url, plan.non_english),
                batch_size=plan.batch_size,
                concurrency=1,
                num_cpus=LIGHT_CPU,
            )
            .map_batches(
                Extract,
                fn_constructor_args=(plan.model_name, plan.batch_size, plan.database_url if actors_write else None),
                batch_size=1,  # one admission: at most batch_size articles
                concurrency=plan.actors,
                num_cpus=1,
            )
        )
        for batch in dataset.iter_batches(batch_size=1, batch_format="numpy"):
            for payload in batch["payload"]:
                admission, done = pickle.loads(payload)
                pipeline.record(admission)
                if isinstance(done, WrittenBatch):
                    pipeline.written(done)
                else:
                    pipeline.store(done)
            if on_batch is not None:
                on_batch(pipeline.report)
        report = pipeline.finish()
    except BaseException:
        pipeline.abort()  # what the resolver had not reached is resolved by the next run
        raise
    finally:
        if started_here:
            ray.shutdown()
        engine.dispose()
    return report
