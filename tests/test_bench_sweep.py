"""The worker sweep's arithmetic (bench/scaling.py) on made-up measurements,
its CPU accounting (bench/process_cpu.py) on child processes that burn a
known amount of CPU, and its stage sampler (bench/parent_stages.py) on stacks
through made-up module paths. No spaCy."""

from __future__ import annotations

import functools
import importlib.util
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _bench_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


scaling = _bench_module("scaling")
process_cpu = _bench_module("process_cpu")
parent_stages = _bench_module("parent_stages")


def test_share_and_bounds():
    # 2 CPU s in the parent, 18 in the workers: a tenth of the work is serial
    share = scaling.parent_share(2.0, 18.0)
    assert share == pytest.approx(0.1)
    assert scaling.amdahl_bound(share, 16) == pytest.approx(1 / (0.1 + 0.9 / 16))  # 6.4
    assert scaling.amdahl_bound(share, 16) == pytest.approx(6.4)
    assert scaling.pipeline_bound(share, 16) == pytest.approx(10.0)
    assert scaling.pipeline_bound(0.02, 16) == pytest.approx(16.0)  # fewer cores than 1/p
    assert scaling.pipeline_bound(0.0, 16) == pytest.approx(16.0)
    assert scaling.amdahl_bound(1.0, 16) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        scaling.parent_share(0.0, 0.0)


def test_summary_rows():
    point = scaling.Point
    # round 1: bare 1,000 words/s; round 2 is a slow spell of the host, all halved
    rounds = [
        {
            1: point(1, 10_000, 20.0, 19.0, 0.0),
            2: point(2, 10_000, 12.5, 2.0, 18.0),
            4: point(4, 10_000, 8.0, 3.0, 21.0),
        },
        {
            1: point(1, 10_000, 40.0, 38.0, 0.0),
            2: point(2, 10_000, 25.0, 4.0, 36.0),
            4: point(4, 10_000, 16.0, 6.0, 42.0),
        },
    ]
    rows = {row.workers: row for row in scaling.summarise(rounds, [1_000.0, 500.0], cores=16)}
    one, two, four = rows[1], rows[2], rows[4]
    assert one.words_per_second == pytest.approx((500 + 250) / 2)
    assert one.speedup == pytest.approx(1.0)
    assert one.vs_bare == pytest.approx(0.5)
    assert one.parent_share == pytest.approx(1.0)
    assert two.speedup == pytest.approx(1.6)  # 800 / 500 words/s in both rounds
    assert two.efficiency == pytest.approx(0.8)
    assert two.parent_share == pytest.approx(0.1)
    assert two.amdahl_bound == pytest.approx(6.4)
    assert two.parent_cores == pytest.approx(0.16)
    assert two.vs_bare == pytest.approx(0.8)
    assert two.seconds == pytest.approx(18.75)
    assert two.workers_cpu_s == pytest.approx(27.0)
    assert four.speedup == pytest.approx(2.5)
    assert four.efficiency == pytest.approx(0.625)
    assert four.parent_share == pytest.approx(0.125)
    assert four.pipeline_bound == pytest.approx(8.0)
    table = scaling.markdown_table(list(rows.values()), 16).splitlines()
    assert len(table) == 2 + 3
    assert table[3].startswith("| 2 | 600 | 1.60 | 0.80 | 18.8 |")


def test_summary_needs_one_worker_and_a_bare_run_per_round():
    rounds = [{2: scaling.Point(2, 100, 1.0, 0.1, 0.9)}]
    with pytest.raises(ValueError):
        scaling.summarise(rounds, [100.0], cores=16)
    with pytest.raises(ValueError):
        scaling.summarise([{1: scaling.Point(1, 100, 1.0, 1.0, 0.0)}], [], cores=16)


# A child that burns CPU seconds when told: `burn S` on stdin, answers `done`.
CHILD = """
import sys, time
def burn(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
burn(float(sys.argv[1]))
print("ready", flush=True)
for line in sys.stdin:
    burn(float(line))
    print("done", flush=True)
"""


def _child(before: float) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(before)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    return child


def _burn(child: subprocess.Popen[str], seconds: float) -> None:
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(f"{seconds}\n")
    child.stdin.flush()
    assert child.stdout.readline() == "done\n"


def test_cpu_of_a_child_alive_through_the_span_excludes_what_it_used_before():
    child = _child(before=0.5)
    try:
        start = process_cpu.snapshot()
        _burn(child, 0.3)
        span = process_cpu.cpu_between(start, process_cpu.snapshot())
    finally:
        child.communicate("")
    assert 0.28 <= span.children_s < 0.45
    assert span.parent_s < 0.2  # this process only waited


def test_cpu_of_a_child_that_ends_in_the_span_counts_only_its_time_in_it():
    child = _child(before=0.5)
    start = process_cpu.snapshot()
    _burn(child, 0.3)
    child.communicate("")  # ends and is reaped: now in RUSAGE_CHILDREN
    span = process_cpu.cpu_between(start, process_cpu.snapshot())
    assert 0.28 <= span.children_s < 0.45


def test_cpu_of_a_child_started_in_the_span_counts_all_of_it():
    start = process_cpu.snapshot()
    started = time.process_time()
    child = _child(before=0.4)
    child.communicate("")
    span = process_cpu.cpu_between(start, process_cpu.snapshot())
    assert 0.38 <= span.children_s < 0.8  # plus the child's start-up
    assert span.parent_s == pytest.approx(time.process_time() - started, abs=0.05)


def _through(folders: tuple[str, ...], innermost):
    """Call ``innermost`` through one function in a module under each folder, outermost first."""
    call = innermost
    for folder in reversed(folders):
        namespace: dict = {}
        exec(compile("def through(inner):\n    return inner()\n", f"/repo/src/{folder}/module.py", "exec"), namespace)
        call = functools.partial(namespace["through"], call)
    return call()


@pytest.mark.parametrize(
    ("folders", "stage"),
    [
        (("newsgraph/store",), "store"),
        (("newsgraph", "newsgraph/resolve", "newsgraph/store"), "resolve"),  # the outermost stage
        (("newsgraph", "newsgraph/ingest"), "read"),
        (("newsgraph/extract", "concurrent/futures"), "extract"),  # in-process: the future is already done
        (("newsgraph", "concurrent/futures"), parent_stages.IDLE),
        (("newsgraph",), parent_stages.ORCHESTRATION),
        (("home/me/newsgraph/src/newsgraph/extract",), "extract"),  # a checkout named newsgraph
    ],
)
def test_stage_of_a_stack(folders, stage):
    assert _through(folders, lambda: parent_stages.stage_of(sys._getframe())) == stage


def test_split_by_stage_leaves_waiting_out():
    samples = parent_stages.Counter({"read": 1, "store": 3, parent_stages.IDLE: 6})
    assert parent_stages.split_by_stage(samples, 2.0) == pytest.approx({"read": 0.5, "store": 1.5})
    assert parent_stages.split_by_stage(parent_stages.Counter({parent_stages.IDLE: 4}), 2.0) == {}


def test_parent_stages_measures_the_main_thread_at_work():
    def burn():
        end = time.thread_time() + 0.3
        while time.thread_time() < end:
            pass

    stages = parent_stages.ParentStages().start()
    _through(("newsgraph/store",), burn)
    measured = stages.stop()
    assert 0.28 <= measured["main_thread_cpu_s"] < 0.6
    assert measured["main_thread_stages_cpu_s"]["store"] >= 0.8 * measured["main_thread_cpu_s"]
    assert measured["samples"] > 0
    assert measured["sampler_cpu_s"] < 0.2


def test_stage_table():
    def stages(store: float, waiting: float) -> dict:
        return {
            "main_thread_cpu_s": store + 1.0,
            "main_thread_stages_cpu_s": {"read": 1.0, "store": store},
            "main_thread_waiting": waiting,
            "other_threads_cpu_s": 0.5,
            "sampler_cpu_s": 0.01,
        }

    table = scaling.stage_table([{2: stages(2.0, 0.5)}, {2: stages(4.0, 0.7)}]).splitlines()
    assert table[0].startswith("| workers | main thread CPU s | read | extract | store | resolve | other |")
    assert table[2] == "| 2 | 4.00 | 1.00 | 0.00 | 3.00 | 0.00 | 0.00 | 60% | 0.50 | 0.01 |"
