"""The TimeML reader, the TempEval-3 scorer and the TimeML writer, on tiny
hand-written gold files (tests/fixtures/timeml)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from rich.console import Console

from newsgraph.evaluate.timeml import evaluate_timex, read_timeml, render_timeml
from newsgraph.model import Article, Extraction, InputError, Timex

FIXTURES = Path(__file__).parent / "fixtures" / "timeml"
HARBOUR = FIXTURES / "harbour.tml"
SHARED_TIMEML = Path(__file__).resolve().parents[2] / "shared" / "data" / "eval" / "timeml"


def span(text: str, phrase: str, type_: str, value: str) -> Timex:
    start = text.index(phrase)
    return Timex(start, start + len(phrase), phrase, type_, value, 0)


class FixedExtractor:
    """Returns prepared timexes per document text: the scorer is tested without spaCy."""

    def __init__(self, answers: dict[str, list[Timex]]) -> None:
        self.answers = answers

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        for article in articles:
            yield Extraction(article=article, timexes=tuple(self.answers.get(article.input_name, [])))


def test_reader_strips_tags_and_keeps_offsets() -> None:
    document = read_timeml(HARBOUR)
    assert document.docid == "harbour-fixture"
    assert document.dct.isoformat() == "2025-12-11"
    assert "<" not in document.text and "Tuesday & agreed" in document.text
    assert "Harbour board" not in document.text  # the title is not part of TEXT
    assert [(t.text, t.type, t.value) for t in document.timexes] == [
        ("Tuesday", "DATE", "2025-12-09"),
        ("every week", "SET", "P1W"),
        ("two years", "DURATION", "P2Y"),
        ("October", "DATE", "2025-10"),
    ]
    for timex in document.timexes:
        assert document.text[timex.start : timex.end] == timex.text


def test_reader_rejects_a_file_without_creation_time(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tml"
    bad.write_text("<TimeML><TEXT>Nothing here.</TEXT></TimeML>", encoding="utf-8")
    with pytest.raises(InputError, match="CREATION_TIME"):
        read_timeml(bad)


def test_scorer_counts_strict_relaxed_value_and_type() -> None:
    text = read_timeml(HARBOUR).text
    system = [
        span(text, "Tuesday", "DATE", "2025-12-09"),  # exact, right value
        span(text, "week", "SET", "P1W"),  # relaxed only, right value
        span(text, "two years", "DURATION", "P3Y"),  # exact, wrong value
        span(text, "canal", "DATE", "2025"),  # spurious
    ]  # "October" is missed
    report = evaluate_timex([HARBOUR], FixedExtractor({"harbour.tml": system}))
    scores = report.to_json()["overall"]
    assert (scores["gold"], scores["system"]) == (4, 4)
    assert scores["strict"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert scores["relaxed"] == {"precision": 0.75, "recall": 0.75, "f1": 0.75}
    assert scores["value_f1"] == 0.5  # 2 right values out of 4 + 4
    assert scores["type_f1"] == 0.75
    by_type = report.to_json()["by_type"]
    assert by_type["SET"]["strict"]["f1"] == 0.0 and by_type["SET"]["relaxed"]["f1"] == 1.0
    assert by_type["DATE"]["gold"] == 2 and by_type["DATE"]["system"] == 2
    assert sorted(e.kind for e in report.errors) == ["missed", "spurious", "value"]


def test_one_system_timex_matches_one_gold_timex() -> None:
    text = read_timeml(HARBOUR).text
    system = [span(text, "Tuesday & agreed to dredge the canal every week", "DATE", "2025-12-09")]
    report = evaluate_timex([HARBOUR], FixedExtractor({"harbour.tml": system}))
    assert report.overall.relaxed == 1


@pytest.mark.parametrize("width", [80, 160])
def test_render_prints_a_table_no_figure_cut(width: int) -> None:
    text = read_timeml(HARBOUR).text
    report = evaluate_timex([HARBOUR], FixedExtractor({"harbour.tml": [span(text, "Tuesday", "DATE", "2025-12-09")]}))
    console = Console(record=True, width=width)
    report.render(console)
    lines = console.export_text().splitlines()
    header = next(i for i, line in enumerate(lines) if "relaxed" in line)
    assert lines[header].split() == ["strict", "relaxed", "relaxed", "relaxed", "value", "type"]
    assert lines[header + 1].split() == ["scope", "gold", "system", "F1", "P", "R", "F1", "F1", "F1"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[header + 3 :] if line.strip()}
    assert set(rows) == {"all", "DATE", "TIME", "DURATION", "SET"}
    assert all(len(figures) == 8 and "…" not in "".join(figures) for figures in rows.values())


def test_write_tml_round_trips(tmp_path: Path) -> None:
    text = read_timeml(HARBOUR).text
    system = [span(text, "Tuesday", "DATE", "2025-12-09"), span(text, "two years", "DURATION", "P2Y")]
    evaluate_timex([HARBOUR], FixedExtractor({"harbour.tml": system}), write_tml=tmp_path)
    written = read_timeml(tmp_path / "harbour.tml")
    assert written.text == text
    assert written.dct.isoformat() == "2025-12-11"
    assert [(t.text, t.value) for t in written.timexes] == [("Tuesday", "2025-12-09"), ("two years", "P2Y")]
    markup = (tmp_path / "harbour.tml").read_text(encoding="utf-8")
    assert 'tid="t0"' in markup and "&amp; agreed" in markup


def test_render_timeml_skips_overlapping_annotations() -> None:
    document = read_timeml(HARBOUR)
    text = document.text
    markup = render_timeml(
        document, [span(text, "two years", "DURATION", "P2Y"), span(text, "years", "DURATION", "PXY")]
    )
    assert markup.count("<TIMEX3") == 2  # the DCT and one of the two


@pytest.mark.slow
def test_extractor_scores_well_on_the_fixtures(extractor) -> None:
    report = evaluate_timex(sorted(FIXTURES.glob("*.tml")), extractor)
    scores = report.to_json()["overall"]
    assert scores["gold"] == 7
    assert scores["relaxed"]["f1"] == 1.0
    assert scores["value_f1"] == 1.0


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED_TIMEML / "timebank").is_dir(), reason="TimeML dev data not available here")
def test_extractor_on_part_of_timebank(extractor) -> None:
    paths = sorted((SHARED_TIMEML / "timebank").glob("*.tml"))[:25]
    report = evaluate_timex(paths, extractor).to_json()["overall"]
    assert report["relaxed"]["f1"] >= 0.85
    assert report["value_f1"] >= 0.7


@pytest.mark.slow
def test_extractor_on_our_own_timeml_documents(extractor) -> None:
    # gold/timeml/dev*: news articles we wrote and annotated with TIMEX3 (gold/timeml/README.md)
    gold = Path(__file__).resolve().parents[1] / "gold" / "timeml"
    paths = sorted(gold.glob("dev*/*.tml"))
    assert len(paths) == 62
    report = evaluate_timex(paths, extractor).to_json()["overall"]
    assert report["gold"] == 1134
    assert report["relaxed"]["f1"] >= 0.97
    assert report["value_f1"] >= 0.92
