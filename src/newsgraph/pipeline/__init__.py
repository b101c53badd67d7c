"""One pipeline for every entry point: admit (language, policy, already
stored) → extract (in process, in worker processes, or on Ray) → write →
resolve. The CLI's ingest, backfill, extract and demo, the API's POST, the
feed watcher and the Ray backfill all run it; they differ only in where
articles come from and where extraction runs."""

from newsgraph.pipeline.admit import Admission, admit, extractable_language, not_english
from newsgraph.pipeline.report import IngestReport, ProgressCallback
from newsgraph.pipeline.run import Pipeline, choose_pool, extract_items, ingest, ingest_items

__all__ = [
    "Admission",
    "IngestReport",
    "Pipeline",
    "ProgressCallback",
    "admit",
    "choose_pool",
    "extract_items",
    "extractable_language",
    "ingest",
    "ingest_items",
    "not_english",
]
