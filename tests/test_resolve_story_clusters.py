"""Story clustering by average linkage: it cannot chain two happenings
through one strong pair, and it does not depend on the order of its input."""

from __future__ import annotations

from itertools import permutations

from newsgraph.resolve.story_clusters import average_linkage


def test_average_linkage_does_not_chain_two_groups_through_one_pair():
    groups = [["a1", "a2", "a3"], ["b1", "b2", "b3"]]
    similarity = {}
    for group in groups:
        for i, left in enumerate(group):
            for right in group[i + 1 :]:
                similarity[(left, right)] = 0.6
    similarity[("a3", "b1")] = 0.5  # one link across (a shared name): components would join the groups
    assert average_linkage([a for g in groups for a in g], similarity) == groups


def test_average_linkage_is_the_same_in_any_order():
    similarity = {("a", "b"): 0.5, ("b", "c"): 0.3, ("a", "c"): 0.1, ("c", "d"): 0.2, ("d", "e"): 0.9}
    results = {tuple(map(tuple, average_linkage(order, similarity, 0.2))) for order in permutations("abcde")}
    assert results == {(("a", "b", "c"), ("d", "e"))}


def test_a_group_joins_only_when_the_mean_over_all_pairs_is_enough():
    similarity = {("a", "b"): 0.8, ("b", "c"): 0.2}  # c to {a, b}: (0 + 0.2) / 2 = 0.1
    assert average_linkage("abc", similarity, 0.1) == [["a", "b", "c"]]
    assert average_linkage("abc", similarity, 0.11) == [["a", "b"], ["c"]]
