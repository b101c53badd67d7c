"""Extraction in worker processes, one batch of articles per task.

The extract step is pure, so batches can run in any process; the parent keeps
reading and writing (a single writer for the store). Each worker loads the
pipeline once and is replaced after ``tasks_per_worker`` batches, which bounds
the memory spaCy's string store gathers over a long run.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from newsgraph.extract.extractor import Extractor
from newsgraph.model import Article, Extraction, NewsgraphError, Rejected

# Errors that one article can provoke in the pipeline; they reject that article.
ARTICLE_ERRORS = (NewsgraphError, ValueError, RuntimeError, IndexError, KeyError)


# What a later stage derives from one extraction alone, run where the
# extraction was made (``then`` below): a module-level function, so that it
# travels to a worker process by name.
FollowUp = Callable[[Extraction], Any]


@dataclass
class BatchExtraction:
    extractions: list[Extraction] = field(default_factory=list)
    failures: list[Rejected] = field(default_factory=list)
    derived: list[Any] = field(default_factory=list)  # ``then`` of each extraction, when asked for


def extract_batch(extractor: Extractor, articles: Sequence[Article], then: FollowUp | None = None) -> BatchExtraction:
    """Extract in one nlp.pipe batch; if the batch fails, one by one, so that
    only the article that breaks the pipeline is rejected. With ``then``,
    also each extraction's ``then(extraction)``; an article it fails on is
    rejected like one the pipeline fails on."""
    if not articles:
        return BatchExtraction()
    extractor.load()  # outside the try: a pipeline that cannot load stops the run, it is no article's fault
    try:
        extractions = list(extractor.extract_many(articles))
        return BatchExtraction(extractions, [], [then(x) for x in extractions] if then else [])
    except ARTICLE_ERRORS:
        pass
    result = BatchExtraction()
    for article in articles:
        try:
            extraction = extractor.extract(article)
            derived = then(extraction) if then else None
        except ARTICLE_ERRORS as error:
            reason = f"extraction failed: {type(error).__name__}: {error}"
            result.failures.append(Rejected(article.input_name or article.id, reason, article.position))
            continue
        result.extractions.append(extraction)
        if then:
            result.derived.append(derived)
    return result


class InProcessPool:
    """Extraction in this process: each batch is done when submitted."""

    max_in_flight = 0

    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor
        self.batch_size = extractor.batch_size

    def submit(self, articles: Sequence[Article], then: FollowUp | None = None) -> Future[BatchExtraction]:
        future: Future[BatchExtraction] = Future()
        future.set_result(extract_batch(self.extractor, articles, then))
        return future

    def close(self) -> None:
        """Nothing to release."""

    def terminate(self) -> None:
        """Nothing to stop."""


_worker_extractor: Extractor | None = None

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


PARENT_CHECK_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def _die_with_parent(parent_pid: int) -> None:
    """End this worker when the process that started it ends, however it
    ends (SIGKILL included): on Linux the kernel sends SIGKILL at the
    parent's death (PR_SET_PDEATHSIG); everywhere, a daemon thread checks
    the parent every second. A worker holds nothing worth saving."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below still holds
    if os.getppid() != parent_pid:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _start_worker(model_name: str, batch_size: int, parent_pid: int) -> None:
    global _worker_extractor
    _die_with_parent(parent_pid)
    # Ctrl-C reaches the whole process group: the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_extractor = Extractor(model_name, batch_size=batch_size)


def _extract_in_worker(articles: Sequence[Article], then: FollowUp | None = None) -> BatchExtraction:
    assert _worker_extractor is not None, "worker started without its pipeline"
    return extract_batch(_worker_extractor, articles, then)


class ProcessPool:
    """Extraction in ``workers`` processes; keeps twice as many batches in
    flight as there are workers, so that reading and writing overlap."""

    def __init__(self, model_name: str, batch_size: int, workers: int, tasks_per_worker: int = 200) -> None:
        # One BLAS thread per worker: the workers already use every core, and
        # more threads would only compete for them. Spawned workers inherit this.
        for variable in THREAD_VARIABLES:
            os.environ.setdefault(variable, "1")
        self.batch_size = batch_size
        self.max_in_flight = 2 * workers
        self.executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(model_name, batch_size, os.getpid()),
            max_tasks_per_child=tasks_per_worker,
        )

    def submit(self, articles: Sequence[Article], then: FollowUp | None = None) -> Future[BatchExtraction]:
        """Extract ``articles`` in a worker, and there ``then`` of each."""
        return self.executor.submit(_extract_in_worker, list(articles), then)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def terminate(self) -> None:
        """Stop now (an interrupted run): queued batches are dropped and the
        workers ended without waiting for the batches they hold."""
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=5)


ExtractionPool = InProcessPool | ProcessPool


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
