"""The batch loop: read sources, skip what is stored, extract, write.

This is where errors of single inputs are caught and recorded, so that one
bad record or article never stops the rest of the batch.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

from sqlalchemy import Engine

from newsgraph.extract.extractor import Extractor
from newsgraph.extract.parallel import BatchExtraction, ExtractionPool, InProcessPool, extract_batch
from newsgraph.ingest import expand_paths, read_source
from newsgraph.model import EXTRACTION_LANGUAGES, UNDETERMINED_LANGUAGE, Article, Rejected
from newsgraph.resolve.batch import PendingResolution, resolve_unresolved
from newsgraph.store.writer import StoreWriter


@dataclass
class IngestReport:
    """What one ingest run did."""

    files: int = 0
    read: int = 0
    stored: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    words: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "files": self.files,
            "articles_read": self.read,
            "stored": len(self.stored),
            "already_present": len(self.present),
            "rejected": [{"input": r.input_name, "position": r.position, "reason": r.reason} for r in self.rejected],
            "words": self.words,
        }


ProgressCallback = Callable[[str, IngestReport], None]


def _batches(items: Iterable[Article | Rejected], size: int) -> Iterator[list[Article | Rejected]]:
    batch: list[Article | Rejected] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(
    sources: Sequence[str],
    engine: Engine,
    extractor: Extractor | ExtractionPool,
    batch_size: int = 32,
    on_file_done: ProgressCallback | None = None,
    non_english: str = "reject",
) -> IngestReport:
    """Ingest every article in ``sources`` into the store behind ``engine``.

    Articles already stored are skipped before extraction; bad records are
    recorded in ``rejected``; each batch is written in one transaction. With a
    ``ProcessPool``, batches are extracted in worker processes while this
    process goes on reading and writing.
    """
    pool = _as_pool(extractor)
    writer = StoreWriter(engine)
    report = IngestReport()
    submitted: set[str] = set()
    in_flight: deque[Future[BatchExtraction]] = deque()
    resolve_unresolved(engine)  # what a run stopped before resolving left behind
    resolver = PendingResolution(engine)
    for name in expand_paths(sources):
        report.files += 1
        for batch in _batches(read_source(name), batch_size):
            fresh = _prepare(batch, writer, report, submitted, non_english)
            if fresh:
                in_flight.append(pool.submit(fresh))
            while len(in_flight) > pool.max_in_flight:
                store_batch(in_flight.popleft().result(), writer, report, resolver)
        if on_file_done is not None:
            on_file_done(name, report)
    while in_flight:
        store_batch(in_flight.popleft().result(), writer, report, resolver)
    resolver.flush()
    return report


def ingest_items(
    items: Iterable[Article | Rejected],
    engine: Engine,
    extractor: Extractor,
    batch_size: int = 32,
    non_english: str = "reject",
) -> IngestReport:
    """Ingest articles (and record rejections) that were read elsewhere: a
    POST body, a polled feed. Same guarantees as ``ingest``."""
    writer = StoreWriter(engine)
    report = IngestReport()
    resolver = PendingResolution(engine)
    for batch in _batches(items, batch_size):
        fresh = _prepare(batch, writer, report, set(), non_english)
        store_batch(extract_batch(extractor, fresh), writer, report, resolver)
    resolver.flush()
    return report


def _as_pool(extractor: Extractor | ExtractionPool) -> ExtractionPool:
    return InProcessPool(extractor) if isinstance(extractor, Extractor) else extractor


def _prepare(
    batch: list[Article | Rejected],
    writer: StoreWriter,
    report: IngestReport,
    submitted: set[str],
    non_english: str = "reject",
) -> list[Article]:
    """Record the batch's rejections (with articles not in English, unless
    they are kept for their entities); return its articles not yet stored
    nor already submitted in this run."""
    rejections = [item for item in batch if isinstance(item, Rejected)]
    articles = [item for item in batch if isinstance(item, Article)]
    if non_english == "reject":
        rejections += [not_english(a) for a in articles if not extractable_language(a)]
        articles = [a for a in articles if extractable_language(a)]
    writer.write_rejected(rejections)
    report.rejected += rejections
    report.read += len(articles)
    present = writer.present_ids(a.id for a in articles)
    fresh: list[Article] = []
    for article in articles:
        if article.id in present or article.id in submitted:
            report.present.append(article.id)
        else:
            submitted.add(article.id)
            fresh.append(article)
    return fresh


def extractable_language(article: Article) -> bool:
    """Whether the extractor is built for the article's language."""
    return (article.language or UNDETERMINED_LANGUAGE) in EXTRACTION_LANGUAGES


def not_english(article: Article) -> Rejected:
    reason = (
        f"language looks like {article.language!r}, not English; "
        "set NEWSGRAPH_NON_ENGLISH=entities to keep such articles with entities only"
    )
    return Rejected(article.input_name or article.id, reason, article.position)


def store_batch(batch: BatchExtraction, writer: StoreWriter, report: IngestReport, resolver: PendingResolution) -> None:
    """Write a batch's rejections and extractions, count them in ``report``
    and hand the stored articles to ``resolver``."""
    writer.write_rejected(batch.failures)
    report.rejected += batch.failures
    if batch.extractions:
        result = writer.write_batch(batch.extractions)
        report.stored += result.stored
        report.present += result.present
        report.rejected += result.failed
        stored = set(result.stored)
        report.words += sum(len(x.article.text.split()) for x in batch.extractions if x.article.id in stored)
        # Resolution of the new articles only (indexed lookups, no rescan), a few batches at a time.
        resolver.add(result.stored)
