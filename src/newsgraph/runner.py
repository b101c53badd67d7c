"""Kept for code that imports the batch loop from here: it lives in
``newsgraph.pipeline`` now, the one loop every entry point runs."""

from newsgraph.pipeline import IngestReport, extractable_language, ingest, ingest_items, not_english

__all__ = ["IngestReport", "extractable_language", "ingest", "ingest_items", "not_english"]
