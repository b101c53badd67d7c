"""Canonical entities from judgements: connected components of the positive
judgements, where a person's judgement outranks a rule's on the same pair and
a person's negative judgement keeps two entities apart even through others.

Pure and order-independent: edges are taken strongest first with ties broken
by the entities' names, never by ids or arrival order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Judged:
    """The active judgement of a pair: its verdict, who decided, its score."""

    left: int
    right: int
    verdict: str
    decided_by: str
    score: float


def effective(judgements: Iterable[Judged]) -> dict[tuple[int, int], Judged]:
    """One judgement per pair: a person's over a rule's."""
    result: dict[tuple[int, int], Judged] = {}
    for judged in judgements:
        pair = (min(judged.left, judged.right), max(judged.left, judged.right))
        current = result.get(pair)
        if current is None or (judged.decided_by == "person" and current.decided_by != "person"):
            result[pair] = judged
    return result


def clusters(
    entities: Iterable[int], judgements: Iterable[Judged], sort_key: dict[int, tuple[object, ...]]
) -> list[set[int]]:
    """Partition ``entities`` by the positive judgements among them.
    ``sort_key`` orders entities by something order-independent (their name)."""
    parent = {entity: entity for entity in entities}
    members = {entity: {entity} for entity in parent}

    def find(entity: int) -> int:
        while parent[entity] != entity:
            parent[entity] = parent[parent[entity]]
            entity = parent[entity]
        return entity

    pairs = effective(judgements)
    cannot = {pair for pair, j in pairs.items() if j.verdict == "negative" and j.decided_by == "person"}
    positive = [j for j in pairs.values() if j.verdict == "positive" and j.left in parent and j.right in parent]
    positive.sort(
        key=lambda j: (
            j.decided_by != "person",
            -j.score,
            min(sort_key[j.left], sort_key[j.right]),
            max(sort_key[j.left], sort_key[j.right]),
        )
    )
    for judged in positive:
        a, b = find(judged.left), find(judged.right)
        if a == b:
            continue
        if any((min(x, y), max(x, y)) in cannot for x in members[a] for y in members[b]):
            continue
        keep, drop = sorted((a, b), key=lambda e: sort_key[e])
        parent[drop] = keep
        members[keep] |= members.pop(drop)
    return [group for root, group in members.items() if find(root) == root]


def representative(group: Iterable[int], mentions: dict[int, int], sort_key: dict[int, tuple[object, ...]]) -> int:
    """The entity that names a cluster: most mentioned, then longest name,
    then first by name."""
    return min(group, key=lambda e: (-mentions.get(e, 0), -len(str(sort_key[e][-1])), sort_key[e]))
