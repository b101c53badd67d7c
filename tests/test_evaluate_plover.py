"""The PLV scorer on a tiny hand-made file of our own sentences, and its
arithmetic on hand-made (gold, predicted) pairs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from newsgraph.evaluate.plover import NONE, SettingScore, evaluate_plover, held_back, plv_type, read_plv
from newsgraph.model import InputError

TINY = Path(__file__).parent / "fixtures" / "plover" / "tiny-plv.tsv"


def test_marked_parties_become_offsets_in_the_plain_sentence():
    dyads = read_plv(TINY)
    assert len(dyads) == 6
    first = dyads[0]
    assert first.sentence == "Lithuania expelled two Belarusian diplomats on Monday."
    assert first.sentence[first.source.start : first.source.end] == "Lithuania"
    assert first.sentence[first.target.start : first.target.end] == "Belarusian diplomats"
    assert [d.gold for d in dyads][-2:] == ["YIELD", "SUPPORT"]


def test_parts_split_the_rows_by_sentence_alone():
    every = read_plv(TINY, "all")
    dev, back = read_plv(TINY, "dev"), read_plv(TINY, "heldback")
    assert len(dev) + len(back) == len(every)
    assert all(held_back(d.sentence) for d in back)
    assert not any(held_back(d.sentence) for d in dev)
    with pytest.raises(InputError, match="unknown part"):
        read_plv(TINY, "train")


def test_a_row_without_marks_is_refused(tmp_path: Path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("sentence\tmarked_sentence\tgold_root\nA met B.\tA met B.\tCONSULT\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.tsv:2"):
        read_plv(bad)


def test_yield_stands_for_concede_and_retreat():
    assert plv_type("CONCEDE") == plv_type("RETREAT") == "YIELD"
    assert plv_type("ASSAULT") == "ASSAULT"
    assert plv_type(None) == NONE


def test_macro_f1_accuracy_and_confusions_by_hand():
    score = SettingScore("free", (("A", "A"), ("A", "B"), ("B", "B"), ("C", NONE)))
    # A: P 1/1 R 1/2 F 2/3; B: P 1/2 R 1/1 F 2/3; C: F 0 -> macro 4/9.
    assert score.macro_f1 == pytest.approx(4 / 9)
    assert score.accuracy == 0.5
    assert score.no_event == 0.25
    assert score.confusions() == [("A", "B", 1), ("C", NONE, 1)]


def test_whole_run_on_our_sentences(extractor):
    report = evaluate_plover(TINY, extractor)
    free, given = report.settings
    assert len(free.pairs) == len(given.pairs) == 6
    assert free.pairs[0] == ("SANCTION", "SANCTION")
    assert given.pairs[0] == ("SANCTION", "SANCTION")
    # "reviewed the budget" states no PLOVER event.
    assert free.pairs[-1] == ("SUPPORT", NONE)
    console = Console(record=True, width=120)
    report.render(console)
    assert "macro F1" in console.export_text()
    assert report.to_json()["free"]["rows"] == 6
