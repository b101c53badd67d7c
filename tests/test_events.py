"""Events on small articles written for the purpose, and on the seed article."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsgraph.ingest.seed import read_seed
from newsgraph.model import Article, Event, Extraction, Timex


def _extract(extractor, text: str, published: date = date(2025, 12, 11)) -> Extraction:
    return extractor.extract(Article.create(published=published, text=text, outlet="Test Wire"))


def _events(extraction: Extraction, type_: str) -> list[Event]:
    return [e for e in extraction.events if e.type == type_]


def _roles(event: Event, role: str) -> set[str]:
    return {p.text for p in event.participants if p.role == role and p.inherited_from is None}


def test_verbal_event_with_actor_recipient_and_location(extractor) -> None:
    extraction = _extract(extractor, "Lithuania expelled two Belarusian diplomats in Vilnius on Monday.")
    (event,) = _events(extraction, "SANCTION")
    assert event.mode == "expel" and event.modality == "asserted"
    assert _roles(event, "actor") == {"Lithuania"}
    assert _roles(event, "recipient") == {"Belarusian diplomats"}
    assert _roles(event, "location") == {"Vilnius"}
    actor = next(p for p in event.participants if p.role == "actor")
    assert actor.country == "LTU" and extraction.mentions[actor.mention].text == "Lithuania"


def test_nominal_event_with_possessive_actor_and_visit_mode(extractor) -> None:
    extraction = _extract(extractor, "Officials prepared for Russian President Vladimir Putin's India visit last week.")
    (event,) = _events(extraction, "CONSULT")
    assert (event.mode, event.trigger) == ("visit", "visit")
    assert _roles(event, "actor") == {"Vladimir Putin"}
    assert _roles(event, "recipient") == {"India"}
    putin = next(p for p in event.participants if p.role == "actor")
    assert putin.country == "RUS" and putin.entity_type == "PERSON"


def test_passive_voice_agent_is_the_actor(extractor) -> None:
    extraction = _extract(extractor, "Three firms were sanctioned by Britain last week.")
    (event,) = _events(extraction, "SANCTION")
    assert _roles(event, "actor") == {"Britain"}
    assert _roles(event, "recipient") == {"firms"}


def test_list_of_participants_and_group_country(extractor) -> None:
    extraction = _extract(
        extractor, "Officials of Indian arms makers including Adani Defence and Bharat Forge held meetings in Russia."
    )
    (event,) = _events(extraction, "CONSULT")
    assert {"Indian arms makers", "Adani Defence", "Bharat Forge"} <= _roles(event, "actor")
    assert all(p.country == "IND" for p in event.participants if p.role == "actor")
    assert _roles(event, "location") == {"Russia"}


@pytest.mark.parametrize(
    ("text", "type_", "modality"),
    [
        ("The two countries could sign a trade agreement next year.", "AGREE", "potential"),
        ("India is seeking to expand joint production with France.", "COOPERATE", "potential"),
        ("The ministers did not meet in Geneva.", "CONSULT", "negated"),
        ("Iran denied that it had attacked the tanker.", "ASSAULT", "denied"),
        ("Germany criticised the decision, Reuters said.", "ACCUSE", "reported"),
        ("Germany criticised the decision.", "ACCUSE", "asserted"),
    ],
)
def test_modality(extractor, text: str, type_: str, modality: str) -> None:
    events = _events(_extract(extractor, text), type_)
    assert [e.modality for e in events] == [modality]


def test_heading_without_verb_gives_no_event(extractor) -> None:
    assert _events(_extract(extractor, "Joint Production In India\n"), "COOPERATE") == []


def test_timex_in_the_events_clause_is_linked(extractor) -> None:
    from newsgraph.extract.events import _timex_for

    doc = extractor.nlp("The talks were held in October, a year after the sanctions of 2024.")
    october = doc.text.index("October")
    timexes = [
        Timex(october, october + 7, "October", "DATE", "2025-10", 0),
        Timex(doc.text.index("2024"), doc.text.index("2024") + 4, "2024", "DATE", "2024", 0),
    ]
    held = next(t for t in doc if t.text == "held")
    assert _timex_for(doc, [held], 0, timexes) == 0
    assert _timex_for(doc, [held], 1, timexes) is None


def test_evidence_offsets_point_at_the_sentence(extractor) -> None:
    text = "Japan pledged aid to Nepal.\nThe United Nations appealed for more help, officials said."
    extraction = _extract(extractor, text)
    assert extraction.events
    for event in extraction.events:
        sentence = extraction.sentences[event.sentence]
        assert text[event.start : event.end] == text[sentence.start : sentence.end]
        assert text[event.trigger_start : event.trigger_end] == event.trigger
        for participant in event.participants:
            assert text[participant.start : participant.end] == participant.text


def test_seed_article(extractor, seed_article_path: Path) -> None:
    article = next(read_seed(seed_article_path.read_text(encoding="utf-8"), str(seed_article_path)))
    extraction = extractor.extract(article)
    text = article.text
    for event in extraction.events:
        assert (
            text[event.start : event.end]
            == text[extraction.sentences[event.sentence].start : extraction.sentences[event.sentence].end]
        )

    def time(event: Event) -> str | None:
        return None if event.timex is None else extraction.timexes[event.timex].value

    def source(event: Event) -> str | None:
        if event.attribution is None:
            return None
        attribution = extraction.attributions[event.attribution]
        return None if attribution.source_mention is None else extraction.mentions[attribution.source_mention].text

    consults = [e for e in _events(extraction, "CONSULT") if e.mode is None]
    # The meetings: in Russia, October, reported by Reuters, the companies as actors.
    assert any(
        time(e) == "2025-10"
        and e.modality == "reported"
        and source(e) == "Reuters"
        and {"Russia"} <= {p.text for p in e.participants if p.role == "location"}
        and {"Adani Defence", "Bharat Forge"} <= {p.text for p in e.participants if p.role == "actor"}
        for e in consults
    )
    visits = [e for e in _events(extraction, "CONSULT") if e.mode == "visit"]
    assert any("Sanjeev Kumar" in _roles(e, "actor") and time(e) == "2025-10" for e in visits)
    assert any(
        "Vladimir Putin" in _roles(e, "actor") and "India" in _roles(e, "recipient") and time(e) == "2025-W49"
        for e in visits
    )
    assert any(
        "Western diplomats" in _roles(e, "actor") and e.modality == "reported" and "concerns" in text[e.start : e.end]
        for e in _events(extraction, "ACCUSE")
    )
    assert any(e.modality == "potential" for e in _events(extraction, "COOPERATE"))
    (share,) = [q for q in extraction.quantities if q.text == "36%"]
    assert share.unit == "%" and share.value == 36.0
    assert share.measure is not None and "arms" in share.measure and "Indian army" in share.measure
