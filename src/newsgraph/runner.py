"""The batch loop: read sources, skip what is stored, extract, write.

This is where errors of single inputs are caught and recorded, so that one
bad record or article never stops the rest of the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine

from newsgraph.extract.extractor import Extractor
from newsgraph.ingest import expand_paths, read_source
from newsgraph.model import Article, Extraction, NewsgraphError, Rejected
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
    extractor: Extractor,
    batch_size: int = 32,
    on_file_done: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest every article in ``sources`` into the store behind ``engine``.

    Articles already stored are skipped before extraction; bad records are
    recorded in ``rejected``; each batch is written in one transaction.
    """
    writer = StoreWriter(engine)
    report = IngestReport()
    for name in expand_paths(sources):
        report.files += 1
        for batch in _batches(read_source(name), batch_size):
            _ingest_batch(batch, writer, extractor, report)
        if on_file_done is not None:
            on_file_done(name, report)
    return report


def _ingest_batch(
    batch: list[Article | Rejected], writer: StoreWriter, extractor: Extractor, report: IngestReport
) -> None:
    rejections = [item for item in batch if isinstance(item, Rejected)]
    articles = [item for item in batch if isinstance(item, Article)]
    report.read += len(articles)
    present = writer.present_ids(a.id for a in articles)
    seen: set[str] = set()
    fresh: list[Article] = []
    for article in articles:
        if article.id in present or article.id in seen:
            report.present.append(article.id)
        else:
            seen.add(article.id)
            fresh.append(article)
    extractions, failures = _extract_isolating_failures(fresh, extractor)
    rejections += failures
    if extractions:
        result = writer.write_batch(extractions)
        report.stored += result.stored
        report.present += result.present
        report.rejected += result.failed
        stored = set(result.stored)
        report.words += sum(len(x.article.text.split()) for x in extractions if x.article.id in stored)
    writer.write_rejected(rejections)
    report.rejected += rejections


def _extract_isolating_failures(
    articles: list[Article], extractor: Extractor
) -> tuple[list[Extraction], list[Rejected]]:
    """Extract in one nlp.pipe batch; if the batch fails, one by one, so that
    only the article that breaks the pipeline is rejected."""
    if not articles:
        return [], []
    try:
        return list(extractor.extract_many(articles)), []
    except (NewsgraphError, ValueError, RuntimeError):
        pass
    extractions: list[Extraction] = []
    failures: list[Rejected] = []
    for article in articles:
        try:
            extractions.append(extractor.extract(article))
        except (NewsgraphError, ValueError, RuntimeError) as error:
            reason = f"extraction failed: {type(error).__name__}: {error}"
            failures.append(Rejected(article.input_name or article.id, reason, article.position))
    return extractions, failures
