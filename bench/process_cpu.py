"""CPU seconds (user + system) spent over a span of time by this process and,
apart, by every process descending from it: extraction workers, and
multiprocessing's resource tracker (a few milliseconds).

A descendant is counted whether it lived through the whole span, started in
it, or ended in it: those alive at the end are read from /proc (psutil),
including what their own reaped children used; those that ended are in this
process's RUSAGE_CHILDREN once waited for (a pool joins the worker it
replaces); what any of them had used before the span began is taken off.
A descendant that ends and is not waited for by the end of the span is lost,
as is one that both starts and ends unreaped in it; pool workers are always
joined.
"""

from __future__ import annotations

import resource
from contextlib import suppress
from dataclasses import dataclass

import psutil


@dataclass(frozen=True)
class CpuSnapshot:
    own: float
    reaped_children: float
    live_descendants: dict[int, float]


@dataclass(frozen=True)
class CpuSpan:
    parent_s: float
    children_s: float


def _usage(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _process_total(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system + times.children_user + times.children_system


def snapshot() -> CpuSnapshot:
    live = {}
    for process in psutil.Process().children(recursive=True):
        # one that ended (and was reaped) between listing and reading is in RUSAGE_CHILDREN
        with suppress(psutil.NoSuchProcess):
            live[process.pid] = _process_total(process)
    return CpuSnapshot(_usage(resource.RUSAGE_SELF), _usage(resource.RUSAGE_CHILDREN), live)


def cpu_between(start: CpuSnapshot, end: CpuSnapshot) -> CpuSpan:
    """CPU seconds of this process and of its descendants between two snapshots."""
    children = end.reaped_children - start.reaped_children
    children += sum(end.live_descendants.values()) - sum(start.live_descendants.values())
    return CpuSpan(end.own - start.own, max(children, 0.0))
