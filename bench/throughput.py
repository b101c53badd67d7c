"""Throughput of ``newsgraph ingest`` end to end against bare spaCy ``nlp.pipe``.

All modes run on the same texts (the demo corpus repeated until N articles,
each copy made distinct so that none is skipped as already stored), each in
its own process so that peak RSS is measured per mode:

- bare: ``nlp.pipe`` of the same spaCy model, one process;
- ingest: ``newsgraph ingest`` end to end (read, extract, store), one process;
- parallel: the same with extraction in ``--workers`` worker processes.

The modes run in ``--rounds`` rounds (bare, ingest, parallel, then again),
so that a slow spell of a shared host falls on every mode alike; each round
gives its own ratios, and the figures reported are the medians over rounds
(peak RSS: the largest). Prints words/second for each mode, the ratios
ingest/bare and parallel/ingest with each round's, and peak RSS (for
parallel: the parent's and the largest worker's). A last, paired run has
bare and ingest take turns every ``--chunk`` articles in one process, which
cancels the host's drift between modes (see ``run_paired``).

    python bench/throughput.py --articles 600 --workers 2 --rounds 5
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from statistics import median

from corpora import corpus_texts, write_jsonl
from parent_stages import ParentStages
from process_cpu import cpu_between, snapshot

from newsgraph.model import Article


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _articles(path: Path) -> list[Article]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [
        Article.create(published=date.fromisoformat(r["published"]), text=r["text"], outlet=r["outlet"])
        for r in records
    ]


def run_bare(path: Path, model: str, batch_size: int) -> dict[str, float]:
    from newsgraph.extract.pipeline import load_model

    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    nlp = load_model(model).nlp
    list(nlp.pipe(texts[:8]))  # warm up
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    seconds = time.perf_counter() - started
    words = sum(len(t.split()) for t in texts)
    return {"words": words, "seconds": seconds, "words_per_second": words / seconds, "peak_rss_mb": peak_rss_mb()}


def run_ingest(path: Path, model: str, batch_size: int, workers: int = 1) -> dict[str, float]:
    from newsgraph.extract.extractor import Extractor
    from newsgraph.extract.parallel import ProcessPool
    from newsgraph.pipeline import ingest
    from newsgraph.store.database import open_store

    with tempfile.TemporaryDirectory() as folder:
        engine = open_store(f"sqlite:///{folder}/bench.db")
        if workers > 1:
            extractor = ProcessPool(model, batch_size, workers)
            # Workers load the pipeline on their first task: warm them all up.
            warm_up = [Article.create(published=date(2025, 1, 1), text=f"Warm up {i}.") for i in range(workers * 4)]
            for future in [extractor.submit([article]) for article in warm_up]:
                future.result()
        else:
            extractor = Extractor(model, batch_size=batch_size)
            # the same warm-up as the bare run: the first 8 texts
            list(extractor.extract_many(list(_articles(path))[:8]))
        stages = ParentStages().start()
        cpu_start = snapshot()
        started = time.perf_counter()
        report = ingest([str(path)], engine, extractor, batch_size=batch_size)
        seconds = time.perf_counter() - started
        cpu = cpu_between(cpu_start, snapshot())
        parent_stages = stages.stop()
        if workers > 1:
            extractor.close()
    if report.rejected or not report.stored:
        raise SystemExit(f"benchmark corpus was not ingested cleanly: {report.to_json()}")
    return {
        "words": report.words,
        "seconds": seconds,
        "words_per_second": report.words / seconds,
        "peak_rss_mb": peak_rss_mb(),
        "peak_rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        # over the timed ingest only: this process (reads, writes, resolves), less
        # the thread that samples its stages, and its workers
        "parent_cpu_s": cpu.parent_s - parent_stages["sampler_cpu_s"],
        "workers_cpu_s": cpu.children_s,
        # of which the resolver process's, when resolution ran in one (workers > 1)
        "resolver_cpu_s": report.resolver_cpu_s,
        "parent_stages": parent_stages,
    }


def run_paired(path: Path, model: str, batch_size: int, chunk: int) -> dict[str, float]:
    """Bare ``nlp.pipe`` and ``newsgraph ingest`` in one process, taking turns
    every ``chunk`` articles on the same texts, so that both see the same
    spells of a shared host. One ``ingest`` call reads the corpus as files of
    ``chunk`` articles, as a real run would (same batches, resolution every
    256 articles); after each file, its progress callback runs bare spaCy on
    the next file's texts, and that time is taken off the ingest's."""
    from newsgraph.extract.extractor import Extractor
    from newsgraph.extract.pipeline import load_model
    from newsgraph.pipeline import ingest
    from newsgraph.store.database import open_store

    lines = path.read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines]
    nlp = load_model(model).nlp
    extractor = Extractor(model, batch_size=batch_size)
    list(nlp.pipe(texts[:8]))
    list(extractor.extract_many(_articles(path)[:8]))
    starts = list(range(0, len(lines), chunk))
    bare: list[float] = []
    marks: list[float] = []

    def bare_turn(turn: int) -> None:
        started = time.perf_counter()
        for _ in nlp.pipe(texts[starts[turn] : starts[turn] + chunk], batch_size=batch_size):
            pass
        bare.append(time.perf_counter() - started)

    def next_turn(_name: str, _report: object) -> None:
        marks.append(time.perf_counter())
        if len(bare) < len(starts):
            bare_turn(len(bare))
        marks.append(time.perf_counter())

    with tempfile.TemporaryDirectory() as folder:
        parts = []
        for start in starts:
            parts.append(Path(folder) / f"part-{start:06d}.jsonl")
            parts[-1].write_text("\n".join(lines[start : start + chunk]) + "\n", encoding="utf-8")
        engine = open_store(f"sqlite:///{folder}/bench.db")
        bare_turn(0)
        marks.append(time.perf_counter())
        report = ingest([str(part) for part in parts], engine, extractor, batch_size=batch_size, on_file_done=next_turn)
        marks.append(time.perf_counter())
    if report.rejected or not report.stored:
        raise SystemExit(f"benchmark corpus was not ingested cleanly: {report.to_json()}")
    # marks: start, then (file done, next bare turn done) per file, then end
    ingest_turns = [marks[i + 1] - marks[i] for i in range(0, len(marks) - 1, 2)]
    ingest_turns[-2] += ingest_turns.pop()  # the last flush belongs to the last file's turn
    turns = [b / i for b, i in zip(bare, ingest_turns, strict=True)]
    return {
        "words": report.words,
        "bare_words_per_second": report.words / sum(bare),
        "ingest_words_per_second": report.words / sum(ingest_turns),
        "ratio": sum(bare) / sum(ingest_turns),
        "turn_ratio_low": min(turns),
        "turn_ratio_high": max(turns),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="worker processes for the parallel mode")
    parser.add_argument("--rounds", type=int, default=5, help="runs of every mode, alternating; medians reported")
    parser.add_argument("--chunk", type=int, default=50, help="articles per turn of the paired run")
    parser.add_argument("--mode", choices=["bare", "ingest", "parallel", "paired"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.mode == "bare":
        print(json.dumps(run_bare(args.corpus, args.model, args.batch_size)))
        return
    if args.mode == "paired":
        print(json.dumps(run_paired(args.corpus, args.model, args.batch_size, args.chunk)))
        return
    if args.mode:
        workers = args.workers if args.mode == "parallel" else 1
        print(json.dumps(run_ingest(args.corpus, args.model, args.batch_size, workers)))
        return

    rounds: list[dict[str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        write_jsonl(corpus_texts(args.articles), corpus)
        for _ in range(args.rounds):
            results = {}
            for mode in ("bare", "ingest", "parallel"):
                command = [sys.executable, __file__, "--mode", mode, "--corpus", str(corpus), "--model", args.model]
                command += ["--batch-size", str(args.batch_size), "--workers", str(args.workers)]
                output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
                results[mode] = json.loads(output.strip().splitlines()[-1])
            rounds.append(results)
        command = [sys.executable, __file__, "--mode", "paired", "--corpus", str(corpus), "--model", args.model]
        command += ["--batch-size", str(args.batch_size), "--chunk", str(args.chunk)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        paired = json.loads(output.strip().splitlines()[-1])
    ratios = [r["ingest"]["words_per_second"] / r["bare"]["words_per_second"] for r in rounds]
    speedups = [r["parallel"]["words_per_second"] / r["ingest"]["words_per_second"] for r in rounds]
    ratio, speedup = median(ratios), median(speedups)
    summary = {
        mode: {
            "words": rounds[0][mode]["words"],
            "words_per_second": median(r[mode]["words_per_second"] for r in rounds),
            "seconds": median(r[mode]["seconds"] for r in rounds),
            "peak_rss_mb": max(r[mode]["peak_rss_mb"] for r in rounds),
            "peak_rss_worker_mb": max(r[mode].get("peak_rss_worker_mb", 0.0) for r in rounds),
        }
        for mode in ("bare", "ingest", "parallel")
    }
    print(f"articles: {args.articles}, words: {summary['bare']['words']:,}, rounds: {args.rounds} (medians)")
    modes = (("bare", "bare nlp.pipe"), ("ingest", "newsgraph ingest"), ("parallel", f"{args.workers} workers"))
    for mode, label in modes:
        r = summary[mode]
        speed = f"{r['words_per_second']:>9,.0f} words/s  {r['seconds']:6.1f} s"
        print(f"{label:>17}: {speed}  peak RSS {r['peak_rss_mb']:.0f} MB")
    each = ", ".join(f"{x:.2f}" for x in ratios)
    print(f"ratio ingest/bare: {ratio:.2f} (rounds: {each}; target >= 0.70); peak RSS target < 800 MB")
    print(
        f"paired, one process taking turns every {args.chunk} articles: ratio ingest/bare {paired['ratio']:.2f} "
        f"({paired['ingest_words_per_second']:,.0f} / {paired['bare_words_per_second']:,.0f} words/s; "
        f"turns {paired['turn_ratio_low']:.2f}-{paired['turn_ratio_high']:.2f})"
    )
    worker_rss = summary["parallel"]["peak_rss_worker_mb"]
    each = ", ".join(f"{x:.2f}" for x in speedups)
    print(
        f"speed-up {args.workers} workers/1 process: {speedup:.2f} (rounds: {each}; target >= 1.7); "
        f"largest worker {worker_rss:.0f} MB"
    )
    print(
        json.dumps(
            {
                "ratio": ratio,
                "speedup": speedup,
                "ratios": ratios,
                "speedups": speedups,
                "paired": paired,
                **{f"{k}_{m}": v for m, r in summary.items() for k, v in r.items()},
            }
        )
    )


if __name__ == "__main__":
    main()
