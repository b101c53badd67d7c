"""Cross-article resolution in a process of its own, fed by the writer.

With extraction in worker processes, the ingest process would otherwise
write and resolve in turn, and its CPU would bound the speed-up (Amdahl).
Here it only writes: after each batch is stored it hands the batch's
within-article resolutions (plain rows and the ids the writer gave) to one
resolver process, which resolves them across the store exactly as
``PendingResolution`` does in process: the same groups of articles, in the
order they were stored. Every entity is created by the writer (the
resolutions name the entities they link to), so the result does not depend
on how the two processes interleave. Articles the resolver has not reached
when a run is stopped are stored unresolved and resolved by the next run
(``resolve_unresolved``), as before.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import time
import traceback
from collections.abc import Sequence
from typing import Any

from newsgraph.extract.parallel import _die_with_parent
from newsgraph.model import NewsgraphError, Rejected
from newsgraph.pipeline.resolution import PendingResolution, StoredResolution
from newsgraph.resolve.batch import RESOLVE_EVERY
from newsgraph.store.database import create_store_engine

QUEUE_BATCHES = 64  # batches waiting for the resolver before the writer waits for it
_STOP = None


class ResolverError(NewsgraphError):
    """The resolver process failed; the articles it had not resolved are
    resolved by the next run."""


def _serve(database_url: str, every: int, inbox: Any, outbox: Any, parent_pid: int) -> None:
    _die_with_parent(parent_pid)
    started = time.process_time()
    try:
        engine = create_store_engine(database_url)
        pending = PendingResolution(engine, every)
        while (articles := inbox.get()) is not _STOP:
            pending.add(articles)
        pending.flush()
        engine.dispose()
        outbox.put(("done", pending.skipped, time.process_time() - started))
    except BaseException as error:  # reported to the parent, which raises it
        outbox.put(("failed", f"{type(error).__name__}: {error}\n{traceback.format_exc()}", 0.0))


class ResolverProcess:
    """``PendingResolution`` run in a child process: ``add`` hands over
    stored articles, ``flush`` waits until all are resolved (and ends the
    process: a flushed resolver takes no more)."""

    def __init__(self, database_url: str, every: int = RESOLVE_EVERY) -> None:
        context = multiprocessing.get_context("spawn")
        self.inbox = context.Queue(maxsize=QUEUE_BATCHES)
        self.outbox = context.Queue()
        self.skipped: list[Rejected] = []
        self.cpu_s = 0.0  # the resolver's own CPU seconds, once flushed
        self.process = context.Process(
            target=_serve,
            args=(database_url, every, self.inbox, self.outbox, os.getpid()),
            name="newsgraph-resolver",
            daemon=True,
        )
        self.process.start()

    def add(self, articles: Sequence[StoredResolution]) -> None:
        if articles:
            self._put(list(articles))

    def _put(self, item: object) -> None:
        while True:
            try:
                self.inbox.put(item, timeout=1.0)
                return
            except queue.Full:
                self._check_alive()

    def _check_alive(self) -> None:
        if not self.process.is_alive():
            raise ResolverError(self._failure() or f"resolver process ended (exit code {self.process.exitcode})")

    def _failure(self) -> str | None:
        try:
            status, detail, _ = self.outbox.get_nowait()
        except queue.Empty:
            return None
        return detail if status == "failed" else None

    def flush(self) -> None:
        self._put(_STOP)
        while True:
            try:
                status, detail, cpu_s = self.outbox.get(timeout=1.0)
                break
            except queue.Empty:
                self._check_alive()
        self.process.join()
        if status == "failed":
            raise ResolverError(f"cross-article resolution failed: {detail}")
        self.skipped, self.cpu_s = detail, cpu_s

    def terminate(self) -> None:
        """Stop at once (an interrupted run); what it had not resolved stays unresolved."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=5)
