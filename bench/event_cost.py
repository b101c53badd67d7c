"""Per-article cost of the events component on the demo corpus, and the share
of it spent coding events under the dyad conventions (``dyad.code_events``).

The demo articles are extracted ``--rounds`` times in one process; each round
times the events component alone (its wall time per article), once as shipped
and once with ``code_events`` replaced by the identity, in turns, so a slow
spell of a shared host falls on both alike. Prints the medians in ms per
article and their difference.

    python bench/event_cost.py --rounds 5
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from corpora import read_articles

from newsgraph.cli import demo_corpus
from newsgraph.extract import events as events_module
from newsgraph.extract.extractor import Extractor

EVENTS = "newsgraph_events"


def _timed(component: Callable[[Any], Any], spent: list[float]) -> Callable[[Any], Any]:
    def run(doc: Any) -> Any:
        started = time.perf_counter()
        out = component(doc)
        spent.append(time.perf_counter() - started)
        return out

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    articles = read_articles(demo_corpus() / "articles")
    extractor = Extractor()
    nlp = extractor.nlp
    finder = nlp.get_pipe(EVENTS)
    shipped = events_module.code_events
    times: dict[str, list[float]] = {"shipped": [], "without code_events": []}
    for _ in range(args.rounds):
        for name, coder in (("shipped", shipped), ("without code_events", lambda _doc, events: list(events))):
            events_module.code_events = coder
            spent: list[float] = []
            timed = _timed(finder, spent)
            docs = [extractor.make_doc(a) for a in articles]
            for doc in nlp.pipe(docs, disable=[EVENTS]):
                timed(doc)
            times[name].append(1000 * sum(spent) / len(articles))
    events_module.code_events = shipped
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"{len(articles)} demo articles, {args.rounds} rounds; events component, ms per article (median):")
    for name, value in medians.items():
        print(f"  {name:22} {value:.2f}")
    print(f"  code_events adds       {medians['shipped'] - medians['without code_events']:.2f}")


if __name__ == "__main__":
    main()
