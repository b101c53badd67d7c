"""Stories as average-linkage clusters of the article links.

Connected components of pairwise links chain: one weak link on a generic
name joins two happenings, and a chain of them a whole subject. Average
linkage cannot chain: two groups merge only while the mean similarity over
all their pairs (an unlinked pair counts 0) is at least the threshold, so
one strong pair between two large groups does not merge them.

The clustering is a pure function of the articles and the links among them:
groups are merged best first, ties broken by the groups' smallest ids, so
the same links give the same stories in any order."""

from __future__ import annotations

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
    while True:
        best: tuple[float, str, str] | None = None
        for left, row in between.items():
            for right, total in row.items():
                if left >= right:
                    continue
                mean = total / (len(members[left]) * len(members[right]))
                if mean >= threshold and (best is None or (-mean, left, right) < (-best[0], best[1], best[2])):
                    best = (mean, left, right)
        if best is None:
            break
        _, keep, gone = best  # keep < gone: a group is named by its smallest id
        members[keep] += members.pop(gone)
        for other, total in between.pop(gone).items():
            del between[other][gone]
            if other != keep:
                between[keep][other] = between[keep].get(other, 0.0) + total
                between[other][keep] = between[keep][other]
        between[keep].pop(keep, None)
    return sorted(sorted(group) for group in members.values())
