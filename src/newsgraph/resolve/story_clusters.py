"""Stories as average-linkage clusters of the article links.

Connected components of pairwise links chain: one weak link on a generic
name joins two happenings, and a chain of them a whole subject. Average
linkage cannot chain: two groups merge only while the mean similarity over
all their pairs (an unlinked pair counts 0) is at least the threshold, so
one strong pair between two large groups does not merge them.

The clustering is a pure function of the articles and the links among them:
groups are merged best first, ties broken by the groups' smallest ids, so
the same links give the same stories in any order. Candidate merges wait in
a heap: the cost grows with the links, not with the square of the groups."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping

STORY_THRESHOLD = 0.15  # mean similarity two groups need to be one story (set on ECB+ development topics)


def average_linkage(
    articles: Iterable[str],
    similarity: Mapping[tuple[str, str], float],
    threshold: float = STORY_THRESHOLD,
) -> list[list[str]]:
    """Partition ``articles`` by average linkage over ``similarity`` (pairs
    keyed (smaller id, larger id); a missing pair is 0), stopping when no two
    groups have a mean similarity of ``threshold`` or more. Groups come back
    sorted, each sorted by id."""
    members: dict[str, list[str]] = {a: [a] for a in sorted(set(articles))}
    # summed similarity between groups, keyed by each group's smallest id
    between: dict[str, dict[str, float]] = {a: {} for a in members}
    for (left, right), score in similarity.items():
        if left in members and right in members and left != right and score > 0:
            between[left][right] = between[left].get(right, 0.0) + score
            between[right][left] = between[right].get(left, 0.0) + score
    # candidate merges, best mean first (ties by ids); an entry is stale once
    # either group has grown since it was pushed
    heap = [
        (-total, left, right, 1, 1)
        for left, row in between.items()
        for right, total in row.items()
        if left < right and total >= threshold
    ]
    heapq.heapify(heap)
    while heap:
        _, keep, gone, size_keep, size_gone = heapq.heappop(heap)
        if keep not in members or gone not in members:
            continue
        if len(members[keep]) != size_keep or len(members[gone]) != size_gone:
            continue
        members[keep] += members.pop(gone)  # keep < gone: a group is named by its smallest id
        for other, total in between.pop(gone).items():
            del between[other][gone]
            if other != keep:
                between[keep][other] = between[keep].get(other, 0.0) + total
                between[other][keep] = between[keep][other]
        between[keep].pop(keep, None)
        size = len(members[keep])
        for other, total in between[keep].items():
            mean = total / (size * len(members[other]))
            if mean >= threshold:
                left, right = sorted((keep, other))
                heapq.heappush(heap, (-mean, left, right, len(members[left]), len(members[right])))
    return sorted(sorted(group) for group in members.values())
