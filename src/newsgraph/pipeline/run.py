"""The one loop: admit → extract → write → resolve, for every entry point.

Entry points differ only in where articles come from (files, a request
body, a polled feed, a Ray dataset) and where extraction runs (in this
process, in worker processes, on Ray actors); the policy is the same.
This is where errors of single inputs are caught and recorded, so that one
bad record or article never stops the rest of the batch.

Resolution within each article (``resolve/article.py``) runs where the
article was extracted, on the in-memory extraction, and arrives as rows;
after the write, ``PendingResolution`` gives them the ids the writer chose
and resolves across the store, a few batches at a time: in this process,
or, when extraction runs in worker processes, in a resolver process of its
own (``resolver.py``), so that this one only reads and writes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from newsgraph.config import Settings
from newsgraph.extract.extractor import Extractor
from newsgraph.extract.parallel import BatchExtraction, ExtractionPool, InProcessPool, ProcessPool, extract_batch
from newsgraph.ingest import STDIN, expand_paths, read_source
from newsgraph.model import Article, Extraction, Rejected
from newsgraph.pipeline.admit import Admission, NonEnglishPolicy, admit
from newsgraph.pipeline.report import IngestReport, ProgressCallback
from newsgraph.pipeline.resolution import PendingResolution, StoredResolution, resolve_unresolved
from newsgraph.pipeline.resolver import ResolverProcess
from newsgraph.resolve.article import ArticleResolution, named_entities, resolve_extraction
from newsgraph.store.writer import StoreWriter


def batches(items: Iterable[Article | Rejected], size: int) -> Iterator[list[Article | Rejected]]:
    batch: list[Article | Rejected] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class WrittenBatch:
    """What writing one batch of extractions did, in the compact form a
    writer elsewhere (a Ray actor) sends back: the stored articles' ids and
    words, those already present, what failed (extraction or write, already
    recorded in the store), and each stored article's resolution with the ids
    its rows were given, for cross-article resolution."""

    stored: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    failed: list[Rejected] = field(default_factory=list)
    words: int = 0
    resolutions: list[StoredResolution] = field(default_factory=list)


def write_extracted(writer: StoreWriter, batch: BatchExtraction) -> WrittenBatch:
    """Write a batch's extractions in one transaction and record its
    failures; the same step whether this process is the only writer or one
    of several."""
    writer.write_rejected(batch.failures)
    written = WrittenBatch(failed=list(batch.failures))
    if not batch.extractions:
        return written
    resolutions: list[ArticleResolution] = batch.derived or [resolve_extraction(x) for x in batch.extractions]
    result = writer.write_batch(batch.extractions, {r.article_id: named_entities(r) for r in resolutions})
    stored = set(result.stored)
    written.stored, written.present = list(result.stored), list(result.present)
    written.failed += result.failed
    written.words = sum(len(x.article.text.split()) for x in batch.extractions if x.article.id in stored)
    at_hand = {r.article_id: r for r in resolutions if r.article_id in stored}
    written.resolutions = [StoredResolution(r, *result.row_ids[i]) for i, r in at_hand.items()]
    return written


class Pipeline:
    """One run into the store behind ``engine``: ``take`` admits items and
    submits the fresh articles to ``pool``; ``store`` writes what came back
    (called by ``take`` as results arrive, or by an entry point that
    extracts elsewhere); ``finish`` drains, resolves the rest and reports.

    With ``resume``, articles a stopped run stored but did not resolve are
    resolved first. Cross-article resolution runs in a resolver process of
    its own when ``resolve_apart`` (by default: when ``pool`` is worker
    processes) and the store can be opened from another process."""

    def __init__(
        self,
        engine: Engine,
        pool: ExtractionPool | None = None,
        non_english: NonEnglishPolicy = "reject",
        batch_size: int = 32,
        resume: bool = True,
        resolve_apart: bool | None = None,
    ) -> None:
        self.pool = pool
        self.non_english = non_english
        self.batch_size = batch_size
        self.writer = StoreWriter(engine)
        self.report = IngestReport()
        self.admitted: set[str] = set()
        self.in_flight: deque[Future[BatchExtraction]] = deque()
        if resume:
            resolve_unresolved(engine)
        self.resolver: PendingResolution | ResolverProcess = (
            ResolverProcess(engine.url.render_as_string(hide_password=False))
            if (isinstance(pool, ProcessPool) if resolve_apart is None else resolve_apart) and shared_database(engine)
            else PendingResolution(engine)
        )

    def admit(self, batch: Sequence[Article | Rejected]) -> Admission:
        """Admit one batch against the store and this run; record its rejections."""
        admission = admit(batch, self.non_english, self.writer.present_ids, self.admitted)
        self.record(admission)
        return admission

    def record(self, admission: Admission) -> None:
        """Count an admission (made here or in a worker) and store its rejections."""
        self.writer.write_rejected(admission.rejected)
        self.report.rejected += admission.rejected
        self.report.read += admission.read
        self.report.present += admission.present

    def take(self, items: Iterable[Article | Rejected]) -> None:
        """Admit ``items`` batch by batch and extract the fresh articles,
        writing results as they come back."""
        assert self.pool is not None, "a pipeline that extracts needs a pool"
        for batch in batches(items, self.batch_size):
            fresh = self.admit(batch).fresh
            if fresh:
                self.in_flight.append(self.pool.submit(fresh, resolve_extraction))
            while len(self.in_flight) > self.pool.max_in_flight:
                self.store(self.in_flight.popleft().result())

    def store(self, batch: BatchExtraction) -> None:
        """Write a batch's extractions (and failures) and hand the stored
        articles to resolution."""
        self.written(write_extracted(self.writer, batch))

    def written(self, batch: WrittenBatch) -> None:
        """Count a batch written here or by another writer, and hand its
        stored articles to resolution."""
        self.report.stored += batch.stored
        self.report.present += batch.present
        self.report.rejected += batch.failed
        self.report.words += batch.words
        self.resolver.add(batch.resolutions)

    def abort(self) -> None:
        """Stop a run that failed or was interrupted: a resolver process is
        ended; what it had not resolved is resolved by the next run."""
        if isinstance(self.resolver, ResolverProcess):
            self.resolver.terminate()

    def finish(self) -> IngestReport:
        while self.in_flight:
            self.store(self.in_flight.popleft().result())
        self.resolver.flush()
        if isinstance(self.resolver, ResolverProcess):
            self.report.resolver_cpu_s = self.resolver.cpu_s
        return self.report


def shared_database(engine: Engine) -> bool:
    """Whether another process can open the store behind ``engine`` (not an
    in-memory SQLite database)."""
    return engine.dialect.name != "sqlite" or engine.url.database not in (None, "", ":memory:")


def as_pool(extractor: Extractor | ExtractionPool) -> ExtractionPool:
    return InProcessPool(extractor) if isinstance(extractor, Extractor) else extractor


def choose_pool(files: Sequence[str], settings: Settings, load_extractor: Callable[[], Extractor]) -> ExtractionPool:
    """Where extraction runs: worker processes when there are several and
    the input is worth starting them for, else this process."""
    size = sum(Path(f).stat().st_size for f in files if f != STDIN and Path(f).is_file())
    if settings.workers > 1 and size >= settings.parallel_min_bytes:
        return ProcessPool(settings.spacy_model, settings.batch_size, settings.workers)
    return InProcessPool(load_extractor())


def ingest(
    sources: Sequence[str],
    engine: Engine,
    extractor: Extractor | ExtractionPool,
    batch_size: int = 32,
    on_file_done: ProgressCallback | None = None,
    non_english: NonEnglishPolicy = "reject",
) -> IngestReport:
    """Ingest every article in ``sources`` (files, folders, globs, ``-``)
    into the store behind ``engine``. Articles already stored are skipped
    before extraction; bad records are recorded in ``rejected``; each batch
    is written in one transaction. With a ``ProcessPool``, batches are
    extracted in worker processes while this process reads and writes."""
    pipeline = Pipeline(engine, as_pool(extractor), non_english, batch_size)
    try:
        for name in expand_paths(sources):
            pipeline.report.files += 1
            pipeline.take(read_source(name))
            if on_file_done is not None:
                on_file_done(name, pipeline.report)
        return pipeline.finish()
    except BaseException:
        pipeline.abort()
        raise


def ingest_items(
    items: Iterable[Article | Rejected],
    engine: Engine,
    extractor: Extractor,
    batch_size: int = 32,
    non_english: NonEnglishPolicy = "reject",
) -> IngestReport:
    """Ingest articles (and record rejections) read elsewhere: a POST body,
    a polled feed. Same loop and guarantees as ``ingest``."""
    pipeline = Pipeline(engine, InProcessPool(extractor), non_english, batch_size, resume=False)
    pipeline.take(items)
    return pipeline.finish()


def extract_items(
    items: Iterable[Article | Rejected], extractor: Extractor, non_english: NonEnglishPolicy = "reject"
) -> Iterator[Extraction | Rejected]:
    """Admit and extract without a store (``newsgraph extract``): each
    extraction, and each rejection, in input order within a batch."""
    for batch in batches(items, extractor.batch_size):
        admission = admit(batch, non_english)
        yield from admission.rejected
        result = extract_batch(extractor, admission.fresh)
        yield from result.failures
        yield from result.extractions
