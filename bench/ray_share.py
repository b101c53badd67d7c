"""The Ray backfill's driver share of all CPU seconds (Amdahl's serial part).

Starts a local Ray instance first (its start-up is not measured), then
backfills N distinct articles (demo copies or ECB+ development reports) with
``--actors`` extracting actors and reads, over the backfill alone, the CPU
seconds of this process (the driver: reading results, writing) and of the
whole machine (Ray's actors run under Ray's own processes, not as children
of the driver, so the machine's busy CPU seconds are the total: run it on an
otherwise idle machine). Prints both, the driver's share, and the resolver
process's own CPU seconds.

With ``--database-url`` (an empty, migrated PostgreSQL store) the actors
write their own batches (``BackfillPlan.actors_write``) and the driver only
counts and hands articles to the resolver; on the default scratch SQLite
store the driver is the one writer.

    python bench/ray_share.py --articles 300 --actors 2 --corpus ecbplus
    python bench/ray_share.py --database-url postgresql+psycopg://127.0.0.1/bench
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
    parser.add_argument("--database-url", help="store to backfill (default: a scratch SQLite file)")
    arguments = parser.parse_args()
    import ray

    from newsgraph.pipeline.distributed import BackfillPlan, run_backfill
    from newsgraph.store.database import many_writers, open_store

    folder = Path(tempfile.mkdtemp(prefix="newsgraph-ray-"))
    if arguments.corpus == "ecbplus":
        articles = repeat_distinct(read_articles(ECBPLUS_DEV), arguments.articles)
    else:
        articles = corpus_texts(arguments.articles)
    source = folder / "articles.jsonl"
    write_jsonl(articles, source)
    ray.init(include_dashboard=False, log_to_driver=False)
    try:
        url = arguments.database_url or f"sqlite:///{folder / 'store.db'}"
        plan = BackfillPlan([str(source)], url, batch_size=arguments.batch_size, actors=arguments.actors)
        own, machine, began = _own_cpu(), _machine_cpu(), time.perf_counter()
        report = run_backfill(plan)
        seconds = time.perf_counter() - began
        driver, total = _own_cpu() - own, _machine_cpu() - machine
        writers = many_writers(open_store(url))
    finally:
        ray.shutdown()
    print(f"store: {plan.database_url.split(':')[0]}; writers: {'the actors' if writers else 'the driver'}")
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
