"""The API's single writer: every ingest runs in one worker thread, one
after another, so SQLite sees one writer however many requests arrive.
The spaCy pipeline is loaded in that thread on first use."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from newsgraph.config import Settings
from newsgraph.model import Article, Rejected
from newsgraph.pipeline import IngestReport, ingest_items

if TYPE_CHECKING:
    from newsgraph.extract.dyad import DyadCoding


class IngestWorker:
    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsgraph-writer")
        self._extractor = None

    async def ingest(self, items: Sequence[Article | Rejected]) -> IngestReport:
        """Extract and store ``items`` in the writer thread; waits for it."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._ingest, list(items))

    def _ingest(self, items: list[Article | Rejected]) -> IngestReport:
        if self._extractor is None and any(isinstance(item, Article) for item in items):
            from newsgraph.extract.extractor import Extractor

            self._extractor = Extractor(self.settings.spacy_model, batch_size=self.settings.batch_size)
        return ingest_items(
            items,
            self.engine,
            self._extractor,  # type: ignore[arg-type]
            batch_size=self.settings.batch_size,
            non_english=self.settings.non_english,
        )

    async def code_dyad(self, sentence: str, source: str, target: str) -> DyadCoding:
        """Code a dyad with the writer thread's pipeline (loaded on first use)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._code_dyad, sentence, source, target)

    def _code_dyad(self, sentence: str, source: str, target: str) -> DyadCoding:
        from newsgraph.extract.dyad import code_dyad

        if self._extractor is None:
            from newsgraph.extract.extractor import Extractor

            self._extractor = Extractor(self.settings.spacy_model, batch_size=self.settings.batch_size)
        return code_dyad(self._extractor.nlp, sentence, source, target)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
