"""The event scorer on a tiny hand-made gold file, with a stub extractor whose
output is fixed, so every number below is computed by hand."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from newsgraph.evaluate.events import evaluate_events, same_sentence, texts_match
from newsgraph.model import Article, Event, EventParticipant, Extraction

GOLD = Path(__file__).parent / "fixtures" / "events" / "tiny-gold.jsonl"


def _event(
    text: str, sentence: str, type_: str, mode: str | None, modality: str, roles: list[tuple[str, str]]
) -> Event:
    start = text.index(sentence)
    participants = tuple(EventParticipant(role, t, text.index(t), text.index(t) + len(t)) for role, t in roles)
    return Event(type_, mode, (), modality, "x", start, start + 1, 0, start, start + len(sentence), participants)


class StubExtractor:
    """Predicts, per article: tiny-1 both events right but one extra role and a
    wrong modality; tiny-2 a wrong type (AGREE for AID) and one spurious event."""

    def extract_many(self, articles):
        for article in articles:
            text = article.text
            if text.startswith("Lithuania"):
                events = (
                    _event(
                        text,
                        "Lithuania expelled two Belarusian diplomats on Monday.",
                        "SANCTION",
                        "expel",
                        "asserted",
                        [("actor", "Lithuania"), ("recipient", "diplomats"), ("location", "Monday")],
                    ),
                    _event(text, "Minsk denied the allegations.", "REJECT", None, "denied", [("actor", "Minsk")]),
                )
            else:
                events = (
                    _event(text, "Japan pledged aid to Nepal.", "AGREE", None, "asserted", [("actor", "Japan")]),
                    _event(text, "The weather was cold.", "ASSAULT", None, "asserted", []),
                )
            yield Extraction(article=article, events=events)


def test_scores_are_the_hand_computed_ones() -> None:
    report = evaluate_events(GOLD, StubExtractor())
    # Types: gold 4, predicted 4, matched 2 (SANCTION, REJECT).
    assert (report.event_type.true_positives, report.event_type.predicted, report.event_type.gold) == (2, 4, 4)
    assert report.event_type.f1 == 0.5
    # Roles: gold 5 (Lithuania, Belarusian diplomats, Minsk, Vilnius, Japan);
    # predicted 5 (Lithuania, diplomats, Monday, Minsk, Japan); correct 3:
    # "diplomats" is a head suffix of "Belarusian diplomats"; Japan's event
    # type is wrong (AGREE), so its actor does not count.
    assert (report.roles.true_positives, report.roles.predicted, report.roles.gold) == (3, 5, 5)
    assert report.per_role["recipient"].recall == 0.5
    assert report.per_role["location"].precision == 0.0
    # Modality over the 2 matched events: SANCTION right, REJECT wrong.
    assert (report.modality.correct, report.modality.total) == (1, 2)
    assert report.mode.value == 1.0
    assert report.per_type["AID"].recall == 0.0


def test_report_serialises_and_renders() -> None:
    report = evaluate_events(GOLD, StubExtractor())
    data = json.loads(json.dumps(report.to_json()))
    assert data["event_type"]["f1"] == 0.5
    console = Console(record=True, width=100)
    report.render(console)
    assert "event type" in console.export_text()


def test_text_matching_is_lenient_on_boundaries_only() -> None:
    assert texts_match("the Western diplomats", "diplomats")
    assert texts_match("Sanjeev Kumar", "Defence Production Secretary Sanjeev Kumar")
    assert texts_match("India", "New Delhi", mention="India")
    assert not texts_match("India", "Indian arms makers")
    assert not texts_match("arms", "arms makers")
    assert same_sentence((0, 50), (10, 50)) and not same_sentence((0, 50), (49, 100))


def test_gold_files_are_well_formed() -> None:
    root = Path(__file__).resolve().parents[1] / "gold" / "events"
    counts = {}
    for split in ("train", "test"):
        articles = events = 0
        for line in (root / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            Article.create(
                published=__import__("datetime").date.fromisoformat(record["published"]), text=record["text"]
            )
            articles += 1
            for event in record["events"]:
                events += 1
                assert record["text"][event["start"] : event["end"]] == event["sentence"]
                for role in event["roles"]:
                    assert record["text"][role["start"] : role["end"]] == role["text"]
        counts[split] = (articles, events)
    assert sum(a for a, _ in counts.values()) >= 30
    assert sum(e for _, e in counts.values()) >= 80
