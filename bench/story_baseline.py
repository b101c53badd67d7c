"""A plain story baseline on ECB+, for scale: TF-IDF cosine and average linkage.

Each report becomes a vector of its content words (letters only, three or
more, our story stopwords left out), weighted 1 + log(count) times
log(N / reports holding the word), unit length; reports are clustered by the
same average linkage newsgraph's stories use (``resolve/story_clusters.py``),
at each ``--thresholds`` value. Scores are B-cubed per split, development
and held-back topics, as ``newsgraph evaluate stories`` gives them: choose
the threshold on development, then read held-back once.

    python bench/story_baseline.py --thresholds 0.1 0.15 0.2
"""

from __future__ import annotations

import argparse
import math
import re
from collections import Counter, defaultdict
from pathlib import Path

from newsgraph.evaluate.ecbplus import read_ecbplus, score_stories
from newsgraph.resolve.stories import _stopwords
from newsgraph.resolve.story_clusters import average_linkage

ECBPLUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "eval" / "ecbplus"
_WORD = re.compile(r"[^\W\d_]{3,}")
COMMON = 300  # a word in more reports than this adds little and costs the most pairs: left out


def vectors(texts: list[str]) -> list[dict[str, float]]:
    stop = _stopwords()
    counts = [Counter(w for w in _WORD.findall(text.lower()) if w not in stop) for text in texts]
    holding = Counter(word for count in counts for word in count)
    made = []
    for count in counts:
        weights = {w: (1 + math.log(n)) * math.log(len(texts) / holding[w]) for w, n in count.items()}
        norm = math.sqrt(sum(x * x for x in weights.values())) or 1.0
        made.append({w: x / norm for w, x in weights.items()})
    return made


def similarities(ids: list[str], made: list[dict[str, float]]) -> dict[tuple[str, str], float]:
    """Cosine of every pair sharing a word, through an inverted index."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vector in enumerate(made):
        for word, weight in vector.items():
            postings[word].append((i, weight))
    summed: dict[tuple[int, int], float] = defaultdict(float)
    for holders in postings.values():
        if len(holders) > COMMON:
            continue
        for a, (i, x) in enumerate(holders):
            for j, y in holders[a + 1 :]:
                summed[(i, j)] += x * y
    return {tuple(sorted((ids[i], ids[j]))): value for (i, j), value in summed.items()}  # type: ignore[misc]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=ECBPLUS)
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.1, 0.15, 0.2])
    arguments = parser.parse_args()
    if not (arguments.folder / "dev.jsonl").is_file():
        raise SystemExit(f"{arguments.folder}: no ECB+ dev.jsonl here (../shared is absent?)")
    documents = read_ecbplus(arguments.folder)
    ids = [d.article.id for d in documents]
    pairs = similarities(ids, vectors([d.article.text for d in documents]))
    print("threshold | split | B-cubed P | R | F1")
    for threshold in arguments.thresholds:
        groups = average_linkage(ids, pairs, threshold=threshold)
        predicted = {article: n for n, group in enumerate(groups) for article in group}
        for score in score_stories(documents, predicted):
            b = score.bcubed
            print(f"{threshold} | {score.split} | {b.precision:.3f} | {b.recall:.3f} | {b.f1:.4f}")


if __name__ == "__main__":
    main()
