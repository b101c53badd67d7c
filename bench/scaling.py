"""Arithmetic and table of a worker sweep (bench/sweep.py), apart from running it.

A point is one ``newsgraph ingest`` at a given number of workers: its words,
wall seconds, and the CPU seconds of the parent process (reads, skips what is
stored, receives extractions, writes, resolves) and of its workers. The
parent's share ``p`` of all CPU seconds bounds the speed-up on ``N`` cores:

- Amdahl: ``1 / (p + (1 - p) / N)``, if the parent's work never overlaps the
  workers' (the conservative bound);
- pipeline: ``min(N, 1 / p)``, if it overlaps perfectly: the one parent
  process then sets the pace once the workers outrun it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Any


@dataclass(frozen=True)
class Point:
    workers: int
    words: int
    seconds: float
    parent_cpu_s: float
    workers_cpu_s: float

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds


@dataclass(frozen=True)
class Row:
    workers: int
    words_per_second: float
    speedup: float
    efficiency: float
    seconds: float
    parent_cpu_s: float
    workers_cpu_s: float
    parent_cores: float
    parent_share: float
    amdahl_bound: float
    pipeline_bound: float
    vs_bare: float


def parent_share(parent_cpu_s: float, workers_cpu_s: float) -> float:
    """The parent's fraction of all CPU seconds of the run."""
    total = parent_cpu_s + workers_cpu_s
    if total <= 0:
        raise ValueError("no CPU seconds were measured")
    return parent_cpu_s / total


def amdahl_bound(share: float, cores: int) -> float:
    """Largest speed-up on ``cores`` when ``share`` of the work is serial and does not overlap the rest."""
    return 1.0 / (share + (1.0 - share) / cores)


def pipeline_bound(share: float, cores: int) -> float:
    """Largest speed-up on ``cores`` when the serial ``share`` overlaps the rest perfectly."""
    return float(cores) if share <= 0 else min(float(cores), 1.0 / share)


def summarise(rounds: Sequence[Mapping[int, Point]], bare_words_per_second: Sequence[float], cores: int) -> list[Row]:
    """One row per worker count: medians over rounds. Speed-up and ingest/bare
    are taken within each round (against that round's one-worker point and
    bare run), then their median, so a slow spell of the host falls on both
    sides of a ratio."""
    if len(rounds) != len(bare_words_per_second) or not rounds:
        raise ValueError("every round needs its points and its bare run")
    if any(1 not in measured for measured in rounds):
        raise ValueError("speed-up is against one worker: every round needs its one-worker point")
    rows = []
    for workers in sorted(rounds[0]):
        points = [measured[workers] for measured in rounds]
        speedup = median(m[workers].words_per_second / m[1].words_per_second for m in rounds)
        share = median(parent_share(p.parent_cpu_s, p.workers_cpu_s) for p in points)
        rows.append(
            Row(
                workers=workers,
                words_per_second=median(p.words_per_second for p in points),
                speedup=speedup,
                efficiency=speedup / workers,
                seconds=median(p.seconds for p in points),
                parent_cpu_s=median(p.parent_cpu_s for p in points),
                workers_cpu_s=median(p.workers_cpu_s for p in points),
                parent_cores=median(p.parent_cpu_s / p.seconds for p in points),
                parent_share=share,
                amdahl_bound=amdahl_bound(share, cores),
                pipeline_bound=pipeline_bound(share, cores),
                vs_bare=median(p.words_per_second / b for p, b in zip(points, bare_words_per_second, strict=True)),
            )
        )
    return rows


def markdown_table(rows: Sequence[Row], cores: int) -> str:
    header = (
        "| workers | words/s | speed-up | efficiency | wall s | parent CPU s | workers CPU s "
        f"| parent cores | parent share | Amdahl bound, {cores} cores | pipeline bound, {cores} cores | ingest/bare |"
    )
    lines = [header, "|" + "---|" * 12]
    for r in rows:
        lines.append(
            f"| {r.workers} | {r.words_per_second:,.0f} | {r.speedup:.2f} | {r.efficiency:.2f} | {r.seconds:.1f} "
            f"| {r.parent_cpu_s:.1f} | {r.workers_cpu_s:.1f} | {r.parent_cores:.2f} | {r.parent_share:.3f} "
            f"| {r.amdahl_bound:.1f} | {r.pipeline_bound:.1f} | {r.vs_bare:.2f} |"
        )
    return "\n".join(lines)


STAGES = ("read", "extract", "store", "resolve", "other")


def stage_table(rounds: Sequence[Mapping[int, Mapping[str, Any]]]) -> str:
    """The parent's CPU seconds by thread and stage (bench/parent_stages.py),
    one row per worker count, medians over rounds."""
    header = (
        "| workers | main thread CPU s | " + " | ".join(STAGES) + " | main thread waiting | pool threads CPU s "
        "| sampler CPU s |"
    )
    lines = [header, "|" + "---|" * (len(STAGES) + 5)]
    for workers in sorted(rounds[0]):
        stages = [measured[workers] for measured in rounds]
        by_stage = [median(s["main_thread_stages_cpu_s"].get(stage, 0.0) for s in stages) for stage in STAGES]
        cells = [
            f"{median(s['main_thread_cpu_s'] for s in stages):.2f}",
            *(f"{seconds:.2f}" for seconds in by_stage),
            f"{median(s['main_thread_waiting'] for s in stages):.0%}",
            f"{median(s['other_threads_cpu_s'] for s in stages):.2f}",
            f"{median(s['sampler_cpu_s'] for s in stages):.2f}",
        ]
        lines.append(f"| {workers} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
