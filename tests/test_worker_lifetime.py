"""Worker processes (and the resolver process) die with the run that started them: a SIGKILL of the
parent leaves no orphan, and SIGTERM (like Ctrl-C) stops a run cleanly with
a summary and no worker left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

TEXT = "Officials of Norland met trade envoys from Ostland in Geneva on Monday to discuss a fisheries accord. "
ORPHAN_DEADLINE = 10.0


def start_ingest(tmp_path: Path, db_url: str) -> tuple[subprocess.Popen[str], list[psutil.Process]]:
    """A two-worker ingest of many articles, once both workers and the
    resolver process are running."""
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(json.dumps({"published": "2025-12-11", "text": f"{TEXT * 6}Round {i}."}) + "\n" for i in range(2000))
    )
    env = {**os.environ, "NEWSGRAPH_PARALLEL_MIN_BYTES": "0"}
    command = [sys.executable, "-m", "newsgraph", "--db", db_url, "--workers", "2", "--batch-size", "4"]
    process = subprocess.Popen(
        [*command, "ingest", "--json", str(corpus)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + 180
    workers: list[psutil.Process] = []
    while time.monotonic() < deadline and len(workers) < 3:
        assert process.poll() is None, process.communicate()
        try:
            workers = [c for c in parent.children() if "spawn_main" in " ".join(c.cmdline())]
        except psutil.Error:
            workers = []
        time.sleep(0.2)
    assert len(workers) == 3, "the workers and the resolver never started"
    time.sleep(2)  # mid-run: the workers are loading the pipeline or extracting
    return process, workers


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    living = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                living.append(process)
        except psutil.NoSuchProcess:
            pass
    return living


def wait_until_gone(processes: list[psutil.Process], seconds: float) -> list[psutil.Process]:
    deadline = time.monotonic() + seconds
    while alive(processes) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive(processes)


def test_sigkill_of_the_parent_leaves_no_orphaned_worker(tmp_path: Path, db_url: str):
    process, workers = start_ingest(tmp_path, db_url)
    try:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=10)
        assert wait_until_gone(workers, ORPHAN_DEADLINE) == []
    finally:
        for worker in alive(workers):
            worker.kill()


def test_sigterm_stops_a_run_cleanly_with_a_summary(tmp_path: Path, db_url: str):
    process, workers = start_ingest(tmp_path, db_url)
    try:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 130
        assert "interrupted: the store holds" in stderr and "Traceback" not in stderr
        assert wait_until_gone(workers, ORPHAN_DEADLINE) == []
    finally:
        for worker in alive(workers):
            worker.kill()
        if process.poll() is None:
            process.kill()
