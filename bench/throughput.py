"""Throughput of ``newsgraph ingest`` end to end against bare spaCy ``nlp.pipe``.

Both run on the same texts (the demo corpus repeated until N articles, each
copy made distinct so that none is skipped as already stored), each in its
own process so that peak RSS is measured per mode. Prints words/second for
each, their ratio, and peak RSS.

    python bench/throughput.py --articles 600
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsgraph.cli import demo_corpus
from newsgraph.ingest import read_sources
from newsgraph.model import Article


def corpus_texts(count: int) -> list[Article]:
    originals = [item for item in read_sources([str(demo_corpus())]) if isinstance(item, Article)]
    articles = []
    for i in range(count):
        original = originals[i % len(originals)]
        copy = i // len(originals)
        text = original.text if copy == 0 else f"{original.text}\n\nUpdated edition {copy}."
        articles.append(Article.create(published=original.published, text=text, outlet=original.outlet))
    return articles


def write_jsonl(articles: list[Article], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for article in articles:
            record = {"outlet": article.outlet, "published": article.published.isoformat(), "text": article.text}
            out.write(json.dumps(record) + "\n")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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


def run_ingest(path: Path, model: str, batch_size: int) -> dict[str, float]:
    from newsgraph.extract.extractor import Extractor
    from newsgraph.runner import ingest
    from newsgraph.store.database import open_store

    with tempfile.TemporaryDirectory() as folder:
        engine = open_store(f"sqlite:///{folder}/bench.db")
        extractor = Extractor(model, batch_size=batch_size)
        list(extractor.nlp.pipe(["Warm up the pipeline."]))
        started = time.perf_counter()
        report = ingest([str(path)], engine, extractor, batch_size=batch_size)
        seconds = time.perf_counter() - started
    if report.rejected or not report.stored:
        raise SystemExit(f"benchmark corpus was not ingested cleanly: {report.to_json()}")
    return {
        "words": report.words,
        "seconds": seconds,
        "words_per_second": report.words / seconds,
        "peak_rss_mb": peak_rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--mode", choices=["bare", "ingest"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.mode:
        runner = run_bare if args.mode == "bare" else run_ingest
        print(json.dumps(runner(args.corpus, args.model, args.batch_size)))
        return

    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        write_jsonl(corpus_texts(args.articles), corpus)
        results = {}
        for mode in ("bare", "ingest"):
            command = [sys.executable, __file__, "--mode", mode, "--corpus", str(corpus), "--model", args.model]
            command += ["--batch-size", str(args.batch_size)]
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            results[mode] = json.loads(output.strip().splitlines()[-1])
    ratio = results["ingest"]["words_per_second"] / results["bare"]["words_per_second"]
    print(f"articles: {args.articles}, words: {results['bare']['words']:,}")
    for mode, label in (("bare", "bare nlp.pipe"), ("ingest", "newsgraph ingest")):
        r = results[mode]
        speed = f"{r['words_per_second']:>9,.0f} words/s  {r['seconds']:6.1f} s"
        print(f"{label:>17}: {speed}  peak RSS {r['peak_rss_mb']:.0f} MB")
    print(f"ratio ingest/bare: {ratio:.2f} (target >= 0.70); peak RSS target < 800 MB")
    print(json.dumps({"ratio": ratio, **{f"{k}_{m}": v for m, r in results.items() for k, v in r.items()}}))


if __name__ == "__main__":
    main()
