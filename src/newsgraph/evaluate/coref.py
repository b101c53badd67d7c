"""Coreference metrics over two partitions of the same items: MUC (Vilain
et al. 1995), B-cubed (Bagga and Baldwin 1998) and entity-based CEAF
(CEAF-e, Luo 2005). An item the system did not cluster is its own
singleton; the gold partition decides which items are scored."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping

from scipy.optimize import linear_sum_assignment

from newsgraph.evaluate import metrics

Partition = Mapping[Hashable, Hashable]  # item -> cluster label


def _clusters(labels: Partition, items: list[Hashable]) -> list[set[Hashable]]:
    members: dict[Hashable, set[Hashable]] = defaultdict(set)
    for item in items:
        members[labels.get(item, ("singleton", item))].add(item)
    return list(members.values())


def muc(gold: Partition, predicted: Partition) -> tuple[float, float]:
    """MUC precision and recall: links needed to join each cluster, and how
    many of them the other partition keeps."""
    items = list(gold)
    gold_clusters, system_clusters = _clusters(gold, items), _clusters(predicted, items)

    def score(keys: list[set[Hashable]], responses: list[set[Hashable]]) -> float:
        part_of = {item: i for i, cluster in enumerate(responses) for item in cluster}
        kept = needed = 0
        for cluster in keys:
            parts = {part_of[item] for item in cluster}
            kept += len(cluster) - len(parts)
            needed += len(cluster) - 1
        return kept / needed if needed else 0.0

    return score(system_clusters, gold_clusters), score(gold_clusters, system_clusters)


def bcubed(gold: Partition, predicted: Partition) -> tuple[float, float]:
    """B-cubed precision and recall, averaged over the items."""
    items = list(gold)
    if not items:
        return 0.0, 0.0
    gold_of = {item: frozenset(c) for c in _clusters(gold, items) for item in c}
    system_of = {item: frozenset(c) for c in _clusters(predicted, items) for item in c}
    precision = sum(len(gold_of[i] & system_of[i]) / len(system_of[i]) for i in items) / len(items)
    recall = sum(len(gold_of[i] & system_of[i]) / len(gold_of[i]) for i in items) / len(items)
    return precision, recall


def ceaf_e(gold: Partition, predicted: Partition) -> tuple[float, float]:
    """CEAF-e precision and recall: the best one-to-one alignment of gold and
    system clusters, each pair scored 2|K∩R| / (|K|+|R|)."""
    items = list(gold)
    keys, responses = _clusters(gold, items), _clusters(predicted, items)
    if not keys or not responses:
        return 0.0, 0.0
    part_of = {item: j for j, cluster in enumerate(responses) for item in cluster}
    similarity = [[0.0] * len(responses) for _ in keys]
    for i, cluster in enumerate(keys):
        shared: dict[int, int] = defaultdict(int)
        for item in cluster:
            shared[part_of[item]] += 1
        for j, count in shared.items():
            similarity[i][j] = 2 * count / (len(cluster) + len(responses[j]))
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    total = sum(similarity[r][c] for r, c in zip(rows, cols, strict=True))
    return total / len(responses), total / len(keys)


def f1(pair: tuple[float, float]) -> float:
    return metrics.f1(*pair)
