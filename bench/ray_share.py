"""The Ray backfill's driver share of all CPU seconds (Amdahl's serial part).

Starts a local Ray instance first (its start-up is not measured), then
backfills N distinct articles (demo copies or ECB+ development reports) with
``--actors`` extracting actors and reads, over the backfill alone, the CPU
seconds of this process (the driver: reading results, writing) and of the
whole machine (Ray's actors run under Ray's own processes, not as children
of the driver, so the machine's busy CPU seconds are the total: run it on an
otherwise idle machine). Prints both, the driver's share, and the resolver
process's own CPU seconds.

    python bench/ray_share.py --articles 300 --actors 2 --corpus ecbplus
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import psutil
from corpora import ECBPLUS_DEV, corpus_texts, read_articles, repeat_distinct, write_jsonl


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _machine_cpu() -> float:
    times = psutil.cpu_times()
    return times.user + times.system + getattr(times, "nice", 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--actors", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--corpus", choices=["demo", "ecbplus"], default="ecbplus")
    arguments = parser.parse_args()
    import ray

    from newsgraph.pipeline.distributed import BackfillPlan, run_backfill

    folder = Path(tempfile.mkdtemp(prefix="newsgraph-ray-"))
    if arguments.corpus == "ecbplus":
        articles = repeat_distinct(read_articles(ECBPLUS_DEV), arguments.articles)
    else:
        articles = corpus_texts(arguments.articles)
    source = folder / "articles.jsonl"
    write_jsonl(articles, source)
    ray.init(include_dashboard=False, log_to_driver=False)
    try:
        plan = BackfillPlan([str(source)], f"sqlite:///{folder / 'store.db'}", batch_size=arguments.batch_size)
        plan = BackfillPlan(plan.sources, plan.database_url, batch_size=arguments.batch_size, actors=arguments.actors)
        own, machine, began = _own_cpu(), _machine_cpu(), time.perf_counter()
        report = run_backfill(plan)
        seconds = time.perf_counter() - began
        driver, total = _own_cpu() - own, _machine_cpu() - machine
    finally:
        ray.shutdown()
    print(
        f"{len(report.stored)} articles, {report.words:,} words in {seconds:.1f} s "
        f"({report.words / seconds:,.0f} words/s) with {arguments.actors} actors"
    )
    print(
        f"CPU s: driver {driver:.1f}, machine {total:.1f} "
        f"(resolver process {report.resolver_cpu_s:.1f}); driver share {driver / total:.3f}"
    )


if __name__ == "__main__":
    main()
