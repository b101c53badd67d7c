"""The coreference metrics and the ECB+ reader and scorers, on tiny gold we made up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.evaluate import coref
from newsgraph.evaluate.ecbplus import align, read_ecbplus, score_entities, score_stories

GOLD = {"a": 1, "b": 1, "c": 1, "d": 2}
SYSTEM = {"a": "x", "b": "x", "c": "y", "d": "y"}


def test_muc_counts_links_kept() -> None:
    precision, recall = coref.muc(GOLD, SYSTEM)
    # system links: a-b (kept), c-d (across gold) -> 1 of 2; gold links a-b-c need 2, system keeps 1
    assert (precision, recall) == (0.5, 0.5)


def test_bcubed_averages_over_items() -> None:
    precision, recall = coref.bcubed(GOLD, SYSTEM)
    assert precision == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)


def test_ceaf_e_aligns_clusters_one_to_one() -> None:
    precision, recall = coref.ceaf_e(GOLD, SYSTEM)
    # {a,b,c}~{a,b}: 0.8; {d}~{c,d}: 2/3
    assert precision == pytest.approx((0.8 + 2 / 3) / 2)
    assert recall == pytest.approx((0.8 + 2 / 3) / 2)


def test_missing_items_are_singletons() -> None:
    assert coref.bcubed({"a": 1, "b": 1}, {}) == (1.0, 0.5)
    assert coref.muc({"a": 1, "b": 1}, {}) == (0.0, 0.0)


def test_align_needs_the_head_and_prefers_the_largest_overlap() -> None:
    system = [(0, 5, 1), (0, 12, 2), (20, 30, 3)]
    assert align((0, 12), (6, 12), system) == 2
    assert align((20, 26), (20, 26), system) == 3
    assert align((40, 45), (40, 45), system) is None


def _write_folder(folder: Path) -> None:
    texts = [
        ("r1", "2020-01-01", "Lena Ortiz said the quake hit Port Vale."),
        ("r2", "2020-01-01", "A quake struck Port Vale, Ortiz said."),
        ("r3", "2020-01-05", "A storm hit Elm Bay on Monday."),
    ]
    reports = [{"id": key, "source": f"Wire {key}", "published": day, "text": text} for key, day, text in texts]
    (folder / "dev.jsonl").write_text("\n".join(json.dumps(r) for r in reports) + "\n", encoding="utf-8")
    mention = {"named": True, "validated": True, "tag": "HUMAN_PART_PER"}
    gold = {
        "1_1ecb": {"key": "r1", "topic": 1, "story": "1", "mentions": [
            mention | {"start": 0, "end": 10, "head": [5, 10], "chain": "P"},
            mention | {"start": 4, "end": 9, "named": False, "chain": "Q"}]},
        "1_2ecb": {"key": "r2", "topic": 1, "story": "1", "mentions": [
            mention | {"start": 28, "end": 33, "head": [28, 33], "chain": "P"}]},
        "5_1ecbplus": {"key": "r3", "topic": 5, "story": "5plus", "mentions": []},
    }  # fmt: skip
    (folder / "dev-gold.json").write_text(json.dumps(gold), encoding="utf-8")


def test_read_and_score_a_tiny_folder(tmp_path: Path) -> None:
    _write_folder(tmp_path)
    documents = read_ecbplus(tmp_path)
    assert [(d.key, d.topic, d.story, d.split) for d in documents] == [
        ("r1", 1, "1:1", "development"),
        ("r2", 1, "1:1", "development"),
        ("r3", 5, "5:5plus", "held-back"),
    ]
    assert [len(d.mentions) for d in documents] == [1, 1, 0]  # the unnamed one is not scored
    ids = [d.article.id for d in documents]
    stories = {s.split: s for s in score_stories(documents, {ids[0]: 7, ids[1]: 8})}
    assert stories["development"].bcubed.precision == 1.0
    assert stories["development"].bcubed.recall == 0.5
    assert stories["held-back"].reports == 1
    entities = {s.split: s for s in score_entities(documents, {ids[0]: [(0, 10, 4)], ids[1]: [(28, 33, 4)]})}
    assert entities["development"].coverage == 1.0
    assert entities["development"].bcubed.f1 == 1.0
    missed = {s.split: s for s in score_entities(documents, {ids[0]: [(0, 10, 4)]})}
    assert missed["development"].coverage == 0.5
    assert missed["development"].bcubed.recall == 0.5
