from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from newsgraph import cli
from newsgraph.model import (
    Article,
    Attribution,
    Event,
    EventParticipant,
    Extraction,
    Mention,
    Quantity,
    Sentence,
    Timex,
)
from newsgraph.query.entities import find_entity_ids
from newsgraph.query.events import EventFilter, list_events
from newsgraph.query.timeline import entity_timeline
from newsgraph.store.writer import StoreWriter

TEXT = (
    "Foreign Minister Ana Costa held talks with Kenyan officials in Nairobi in October, the ministry said. "
    "Kenya could buy 12 patrol boats worth $40 million."
)


def at(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = TEXT.index(needle, after)
    return start, start + len(needle)


def extraction() -> Extraction:
    article = Article.create(published=date(2025, 12, 11), text=TEXT, outlet="Harbour Ledger")
    first_end = TEXT.index(". ") + 1
    sentences = (Sentence(0, first_end), Sentence(first_end + 1, len(TEXT)))
    names = [("Ana Costa", "PERSON", 0), ("Kenyan", "NORP", 0), ("Nairobi", "GPE", 0), ("Kenya", "GPE", 1)]
    mentions = tuple(Mention(*at(TEXT, n, 0 if s == 0 else first_end), n, t, s) for n, t, s in names)
    timexes = (Timex(*at(TEXT, "October"), "October", "DATE", "2025-10", 0),)
    attributions = (Attribution("the ministry", *at(TEXT, "the ministry"), "said", 0, (0,)),)
    consult = Event(
        type="CONSULT",
        mode=None,
        context=("diplomatic",),
        modality="reported",
        trigger="held talks",
        trigger_start=at(TEXT, "held talks")[0],
        trigger_end=at(TEXT, "held talks")[1],
        sentence=0,
        start=0,
        end=first_end,
        participants=(
            EventParticipant("actor", "Foreign Minister Ana Costa", *at(TEXT, "Foreign Minister Ana Costa"), 0,
                             "PERSON", None, "government"),
            EventParticipant("recipient", "Kenyan officials", *at(TEXT, "Kenyan officials"), 1, None, "KEN",
                             "government"),
            EventParticipant("location", "Nairobi", *at(TEXT, "Nairobi"), 2, "GPE", "KEN"),
        ),
        timex=0,
        attribution=0,
    )  # fmt: skip
    cooperate = Event(
        type="COOPERATE",
        mode="military",
        context=("military",),
        modality="potential",
        trigger="buy",
        trigger_start=at(TEXT, "buy")[0],
        trigger_end=at(TEXT, "buy")[1],
        sentence=1,
        start=first_end + 1,
        end=len(TEXT),
        participants=(EventParticipant("actor", "Kenya", *at(TEXT, "Kenya", first_end), 3, "GPE", "KEN"),),
    )
    quantity = Quantity(
        *at(TEXT, "$40 million"), "$40 million", 40e6, "USD", "patrol boats", *at(TEXT, "patrol boats"), 1
    )
    return Extraction(
        article,
        sentences,
        mentions,
        (),
        timexes,
        (quantity,),
        attributions,
        (consult, cooperate),
        extractor_version="t",
    )


@pytest.fixture
def stored(engine):
    StoreWriter(engine).write_batch([extraction()])
    return engine


def test_events_are_stored_with_participants_time_attribution_and_evidence(stored):
    consult, cooperate = list_events(stored)
    assert (consult.type, consult.modality, consult.event_time, consult.precision) == (
        "CONSULT",
        "reported",
        "2025-10",
        "month",
    )
    assert consult.attribution == "the ministry" and consult.reported == date(2025, 12, 11)
    evidence = consult.evidence
    assert evidence.sentence == TEXT[: TEXT.index(". ") + 1]
    assert evidence.sentence[evidence.start : evidence.end] == "held talks"
    roles = {(p.role, p.text, p.entity, p.country) for p in consult.participants}
    assert ("actor", "Foreign Minister Ana Costa", "Ana Costa", None) in roles
    assert ("recipient", "Kenyan officials", "Kenyan", "KEN") in roles  # a group, linked to its demonym
    assert ("location", "Nairobi", "Nairobi", "KEN") in roles
    assert cooperate.event_time is None and cooperate.mode == "military"
    assert TEXT[cooperate.evidence.sentence_start :].startswith("Kenya could buy")


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (EventFilter(type="consult"), ["CONSULT"]),
        (EventFilter(actor="Ana Costa"), ["CONSULT"]),
        (EventFilter(actor="Kenya"), ["COOPERATE"]),
        (EventFilter(recipient="Kenyan officials"), ["CONSULT"]),
        (EventFilter(country="KEN"), ["CONSULT", "COOPERATE"]),
        (EventFilter(country="RUS"), []),
        (EventFilter(since=date(2025, 10, 31)), ["CONSULT"]),
        (EventFilter(since=date(2025, 11, 1)), []),
        (EventFilter(until=date(2025, 10, 1)), ["CONSULT"]),
        (EventFilter(reported_since=date(2025, 12, 11)), ["CONSULT", "COOPERATE"]),
        (EventFilter(reported_until=date(2025, 12, 10)), []),
    ],
)
def test_event_filters(stored, criteria, expected):
    assert [e.type for e in list_events(stored, criteria)] == expected


def test_timeline_shows_events_the_entity_takes_part_in(stored):
    (entity_id,) = find_entity_ids(stored, "Ana Costa")
    (entry,) = entity_timeline(stored, entity_id)
    assert entry.event_time == "2025-10" and entry.precision == "month"
    assert entry.what.startswith("CONSULT as actor, reported")


def test_cli_events_and_show(stored, db_url):
    runner = CliRunner()
    result = runner.invoke(cli.app, ["--db", db_url, "events", "--type", "CONSULT", "--json"])
    assert result.exit_code == 0, result.output
    (event,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert event["event_time"] == "2025-10"
    shown = runner.invoke(cli.app, ["--db", db_url, "show", event["evidence"]["article_id"][:10]])
    assert shown.exit_code == 0, shown.output
    flat = " ".join(shown.stdout.split())
    assert "October⟨2025-10⟩" in flat and "CONSULT" in flat and "COOPERATE/military" in flat
    assert "recipient: Kenyan officials = Kenyan [KEN, government]" in flat and "(None)" not in flat


def test_long_intervals_are_found_by_a_window_inside_them(engine):
    text = "Ana Costa led talks with Kenya in the 1990s. Ana Costa met Kenya in January 1994."
    article = Article.create(published=date(2025, 1, 1), text=text, outlet="Wire")
    split = text.index(". ") + 1

    def event(sentence: int, trigger: str, timex: int) -> Event:
        start = text.index(trigger)
        bounds = (0, split) if sentence == 0 else (split + 1, len(text))
        return Event(
            "CONSULT", None, (), "asserted", trigger, start, start + len(trigger), sentence, *bounds, timex=timex
        )

    timexes = (
        Timex(text.index("the 1990s"), text.index("the 1990s") + 9, "the 1990s", "DATE", "199", 0),
        Timex(text.index("January 1994"), text.index("January 1994") + 12, "January 1994", "DATE", "1994-01", 1),
    )
    extraction = Extraction(
        article,
        (Sentence(0, split), Sentence(split + 1, len(text))),
        (),
        (),
        timexes,
        events=(event(0, "led talks", 0), event(1, "met", 1)),
        extractor_version="t",
    )
    StoreWriter(engine).write_batch([extraction])
    found = list_events(engine, EventFilter(since=date(1997, 6, 1), until=date(1997, 6, 30)))
    assert [(e.trigger, e.precision) for e in found] == [("led talks", "decade")]
    both = list_events(engine, EventFilter(since=date(1994, 1, 15), until=date(1994, 2, 1)))
    assert [e.trigger for e in both] == ["led talks", "met"]
    assert [e.trigger for e in list_events(engine, EventFilter(since=date(1994, 1, 15)), limit=1, offset=1)] == ["met"]
