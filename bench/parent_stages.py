"""Where the ingest process's own CPU goes, stage by stage.

Its CPU seconds are read per thread from /proc (exact): the main thread
(reads, skips what is stored, submits batches, stores, resolves) apart from
the others, which are the worker pool's (its manager thread unpickles
extractions, its queue feeder pickles batches out). The main thread's are
then split by stage from samples of its stack every 10 milliseconds (an
estimate): a sample belongs to the outermost newsgraph package on the stack
among ingest (reading), extract, store and resolve (with the pipeline's
cross-article resolution, pipeline/resolution.py); one that waits on a
worker's result is idle and takes no share; the rest is the orchestration
between them (runner). The sampling thread's own CPU is measured apart
(bench/throughput.py takes it off the parent's).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import Counter
from functools import cache
from itertools import pairwise
from types import FrameType
from typing import Any

import psutil

# package of newsgraph -> stage
STAGES = {"ingest": "read", "extract": "extract", "store": "store", "resolve": "resolve"}
# modules of the pipeline package that are a stage of their own: resolution across articles
STAGE_MODULES = {("pipeline", "resolution.py"): "resolve", ("pipeline", "resolver.py"): "resolve"}
WAITING = os.sep + os.path.join("concurrent", "futures") + os.sep
IDLE = "waiting for workers"
ORCHESTRATION = "other"


@cache
def _stage_of_module(filename: str) -> str | None:
    parts = filename.split(os.sep)
    if len(parts) >= 3 and parts[-3] == "newsgraph" and (parts[-2], parts[-1]) in STAGE_MODULES:
        return STAGE_MODULES[(parts[-2], parts[-1])]
    for top, package in pairwise(parts[:-1]):  # folders only
        if top == "newsgraph" and package in STAGES:
            return STAGES[package]
    return IDLE if WAITING in filename else None


def stage_of(frame: FrameType | None) -> str:
    """The stage a stack (given by its innermost frame) is in."""
    stages = []
    while frame is not None:
        stages.append(_stage_of_module(frame.f_code.co_filename))
        frame = frame.f_back
    for stage in reversed(stages):  # outermost first
        if stage is not None and stage != IDLE:
            return stage
    return IDLE if IDLE in stages else ORCHESTRATION


def split_by_stage(samples: Counter[str], main_thread_cpu_s: float) -> dict[str, float]:
    """The main thread's CPU seconds shared among the stages in proportion to
    their samples; waiting samples take no share."""
    busy = sum(count for stage, count in samples.items() if stage != IDLE)
    if not busy:
        return {}
    return {stage: main_thread_cpu_s * count / busy for stage, count in samples.items() if stage != IDLE}


def _thread_cpu() -> dict[int, float]:
    return {thread.id: thread.user_time + thread.system_time for thread in psutil.Process().threads()}


class ParentStages:
    """Samples the calling thread from start() until stop()."""

    def __init__(self, interval_s: float = 0.01) -> None:
        self.interval_s = interval_s
        self.samples: Counter[str] = Counter()
        self._target = threading.get_ident()
        self._target_native = threading.get_native_id()
        self._stopping = threading.Event()
        self._sampler = threading.Thread(target=self._sample, name="stage-sampler", daemon=True)
        self._start_cpu: dict[int, float] = {}
        self._sampler_cpu_s = 0.0

    def _sample(self) -> None:
        started = time.thread_time()
        while not self._stopping.wait(self.interval_s):
            self.samples[stage_of(sys._current_frames().get(self._target))] += 1
        self._sampler_cpu_s = time.thread_time() - started

    def start(self) -> ParentStages:
        self._start_cpu = _thread_cpu()
        self._sampler.start()
        return self

    def stop(self) -> dict[str, Any]:
        """CPU seconds since start(): the main thread's by stage, the pool
        threads', the sampler's; and the share of samples spent waiting."""
        self._stopping.set()
        self._sampler.join()
        spent = {tid: cpu - self._start_cpu.get(tid, 0.0) for tid, cpu in _thread_cpu().items()}
        main = spent.pop(self._target_native, 0.0)
        total = sum(self.samples.values())
        return {
            "main_thread_cpu_s": main,
            "main_thread_stages_cpu_s": split_by_stage(self.samples, main),
            "main_thread_waiting": self.samples[IDLE] / total if total else 0.0,
            "other_threads_cpu_s": sum(spent.values()),
            "sampler_cpu_s": self._sampler_cpu_s,
            "samples": total,
        }
