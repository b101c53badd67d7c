"""How ``newsgraph ingest`` scales with workers, and what stops it.

Runs the ingest of bench/throughput.py (read, extract, store, resolve into a
fresh SQLite store; extraction in ``--workers`` processes, or in-process at
one worker as the CLI does) at 1, 2, 4, ... workers up to the cores present,
each point in its own fresh process, on two corpora:

- demo: the demo corpus repeated with distinct ids (as bench/throughput.py);
- ecbplus: real news, the ECB+ development reports
  (../shared/data/eval/ecbplus/dev.jsonl beside the repository), repeated
  with distinct ids; skipped with a message when that file is absent.

Each round also runs bare spaCy ``nlp.pipe`` on the same texts in its own
process, the baseline. Per point: words/s, speed-up against one worker,
efficiency (speed-up / workers), wall seconds, and over the timed ingest the
CPU seconds of the parent process and of its workers (bench/process_cpu.py
says exactly what is counted), the parent's share of all CPU seconds, and
the speed-up that share allows on ``--bound-cores`` cores (bench/scaling.py).

    python bench/sweep.py                                  # 200 articles per corpus, 1 round
    python bench/sweep.py --articles 3000 --rounds 3 --workers-list 1 2 4 8 16 --json sweep.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import Any

from corpora import ECBPLUS_DEV, corpus_texts, read_articles, repeat_distinct, write_jsonl
from scaling import Point, markdown_table, stage_table, summarise


def cores_present() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def default_workers_list(cores: int) -> list[int]:
    """1, 2, 4, ... up to ``cores``, and ``cores`` itself."""
    counts = [1]
    while counts[-1] * 2 <= cores:
        counts.append(counts[-1] * 2)
    return counts if counts[-1] == cores else [*counts, cores]


def run_point(mode: str, corpus: Path, args: argparse.Namespace, workers: int = 1) -> dict[str, Any]:
    """One measurement in a fresh process. Adds ``process_cpu_s``: every CPU
    second of that process and of its reaped descendants from its start to
    its exit (model loads and warm-up included), from wait4."""
    command = [sys.executable, __file__, "--mode", mode, "--corpus", str(corpus), "--model", args.model]
    command += ["--batch-size", str(args.batch_size), "--workers", str(workers)]
    with tempfile.TemporaryFile(mode="w+") as errors:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)
        assert process.stdout is not None
        output = process.stdout.read()
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{mode} at {workers} workers on {corpus.name} failed:\n{errors.read()[-4000:]}")
    result = json.loads(output.strip().splitlines()[-1])
    result["process_cpu_s"] = usage.ru_utime + usage.ru_stime
    return result


def build_corpora(args: argparse.Namespace, folder: Path) -> dict[str, Path]:
    corpora = {}
    if "demo" in args.corpora:
        corpora["demo"] = folder / "demo.jsonl"
        write_jsonl(corpus_texts(args.articles), corpora["demo"])
    if "ecbplus" in args.corpora:
        if args.ecbplus.is_file():
            corpora["ecbplus"] = folder / "ecbplus.jsonl"
            write_jsonl(repeat_distinct(read_articles(args.ecbplus), args.articles), corpora["ecbplus"])
        else:
            print(f"skipping the real-news corpus: {args.ecbplus} not found (pass --ecbplus PATH)", file=sys.stderr)
    if not corpora:
        raise SystemExit("no corpus to measure")
    return corpora


def sweep(corpus: Path, name: str, args: argparse.Namespace) -> dict[str, Any]:
    """Every round: bare, then each worker count, so that drift falls on all alike."""
    rounds: list[dict[int, Point]] = []
    stages: list[dict[int, dict[str, Any]]] = []
    bare: list[dict[str, Any]] = []
    raw: list[dict[str, Any]] = []
    for round_number in range(1, args.rounds + 1):
        bare.append(run_point("bare", corpus, args))
        print(f"{name} round {round_number}: bare {bare[-1]['words_per_second']:,.0f} words/s", file=sys.stderr)
        measured, measured_stages = {}, {}
        for workers in args.workers_list:
            result = run_point("ingest", corpus, args, workers)
            raw.append({"round": round_number, "workers": workers, **result})
            measured[workers] = Point(
                workers, result["words"], result["seconds"], result["parent_cpu_s"], result["workers_cpu_s"]
            )
            measured_stages[workers] = result["parent_stages"]
            print(
                f"{name} round {round_number}: workers={workers} {measured[workers].words_per_second:,.0f} words/s",
                file=sys.stderr,
            )
        rounds.append(measured)
        stages.append(measured_stages)
    rows = summarise(rounds, [b["words_per_second"] for b in bare], args.bound_cores)
    return {
        "corpus": name,
        "articles": args.articles,
        "words": rounds[0][1].words,
        "bare_words_per_second": [b["words_per_second"] for b in bare],
        "largest_worker_rss_mb": max(r["peak_rss_worker_mb"] for r in raw),
        "rows": [vars(row) for row in rows],
        "points": raw,
        "table": markdown_table(rows, args.bound_cores),
        "stage_table": stage_table(stages),
    }


def resolver_share(points: list[dict[str, Any]], workers: int) -> float:
    """The resolver process's share of all CPU seconds at ``workers`` (median of rounds)."""
    shares = [
        p["resolver_cpu_s"] / (p["parent_cpu_s"] + p["workers_cpu_s"])
        for p in points
        if p["workers"] == workers and p.get("resolver_cpu_s")
    ]
    return median(shares) if shares else 0.0


def report(results: list[dict[str, Any]], header: dict[str, Any]) -> str:
    lines = [
        f"host: {header['cores']} cores present; load average {header['load_before']} before, "
        f"{header['load_after']} after; rounds: {header['rounds']} (medians); {header['seconds']:.0f} s in all",
    ]
    for result in results:
        bare = median(result["bare_words_per_second"])
        lines += [
            "",
            f"### {result['corpus']}: {result['articles']:,} articles, {result['words']:,} words",
            "",
            result["table"],
            "",
            f"bare nlp.pipe: {bare:,.0f} words/s (one process); largest worker RSS "
            f"{result['largest_worker_rss_mb']:.0f} MB",
            "",
            "The parent's CPU seconds by thread, and its main thread's by stage (sampled):",
            "",
            result["stage_table"],
            "",
        ]
        rows = {row["workers"]: row for row in result["rows"]}
        lines.append(
            f"ingest/bare at 1 worker: {rows[1]['vs_bare']:.2f} (at 1 worker extraction runs in the parent, "
            "as `--workers 1` does, so its parent share is 1 by construction)"
        )
        for row in result["rows"]:
            if row["workers"] > 1:
                lines.append(
                    f"{row['workers']} workers: parent share {row['parent_share']:.3f} of all CPU s; "
                    f"speed-up on {header['bound_cores']} cores at most {row['amdahl_bound']:.1f}x (Amdahl), "
                    f"{row['pipeline_bound']:.1f}x (pipeline)"
                )
                lines.append(
                    f"{row['workers']} workers: resolver process share "
                    f"{resolver_share(result['points'], row['workers']):.3f} of all CPU s (counted with "
                    "the workers above; it is serial too, so the parent's and its own shares each bound the speed-up)"
                )
    return "\n".join(lines)


def measure_one(args: argparse.Namespace) -> None:
    """Inside a point's own process: print its measurement as one JSON line."""
    from throughput import run_bare, run_ingest

    if args.mode == "bare":
        print(json.dumps(run_bare(args.corpus, args.model, args.batch_size)))
    else:
        print(json.dumps(run_ingest(args.corpus, args.model, args.batch_size, args.workers)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200, help="articles per corpus (repeated with distinct ids)")
    parser.add_argument("--workers-list", type=int, nargs="+", help="worker counts (default: 1, 2, 4, ... cores)")
    parser.add_argument("--rounds", type=int, default=1, help="runs of every point, interleaved; medians reported")
    parser.add_argument("--corpora", nargs="+", choices=["demo", "ecbplus"], default=["demo", "ecbplus"])
    parser.add_argument("--ecbplus", type=Path, default=ECBPLUS_DEV, help="the real-news corpus (ECB+ dev.jsonl)")
    parser.add_argument("--bound-cores", type=int, default=16, help="cores for the speed-up bounds")
    parser.add_argument("--json", type=Path, help="also write every figure as JSON to this file")
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--mode", choices=["bare", "ingest"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        measure_one(args)
        return
    if args.articles < 1 or args.rounds < 1 or args.bound_cores < 1:
        parser.error("--articles, --rounds and --bound-cores must be at least 1")
    cores = cores_present()
    workers_list = args.workers_list or default_workers_list(cores)
    if any(workers < 1 for workers in workers_list):
        parser.error("--workers-list: every count must be at least 1")
    args.workers_list = sorted(set(workers_list) | {1})  # speed-up is against one worker

    started = time.perf_counter()
    header: dict[str, Any] = {"cores": cores, "rounds": args.rounds, "bound_cores": args.bound_cores}
    header["load_before"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory() as folder:
        results = [sweep(path, name, args) for name, path in build_corpora(args, Path(folder)).items()]
    header["load_after"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    header["seconds"] = time.perf_counter() - started
    print(report(results, header))
    if args.json:
        args.json.write_text(json.dumps({**header, "results": results}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
