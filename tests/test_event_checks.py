"""Roles and modality on wire-style sentences of our own: instruments are no
recipients, datelines no participants and not the event's time, an
accusation's content is not asserted, reported threats are THREATEN, a
perfect tense is no negation, a person's country is the person's."""

from __future__ import annotations

from datetime import date

from newsgraph.model import Article, Event, Extraction


def _extract(extractor, text: str) -> Extraction:
    return extractor.extract(Article.create(published=date(2026, 3, 6), text=text, outlet="Test Wire"))


def _roles(event: Event, role: str) -> set[str]:
    return {p.text for p in event.participants if p.role == role}


def _only(extraction: Extraction, type_: str) -> Event:
    (event,) = [e for e in extraction.events if e.type == type_]
    return event


def test_instruments_are_never_recipients(extractor) -> None:
    event = _only(_extract(extractor, "Riot police fired tear gas and rubber bullets at students in Dhaka."), "ASSAULT")
    assert _roles(event, "recipient") == {"students"}
    drones = _only(_extract(extractor, "The militia fired drones and grenades at an army outpost."), "ASSAULT")
    assert "drones" not in _roles(drones, "recipient") and "grenades" not in _roles(drones, "recipient")


def test_a_dateline_is_no_participant_and_not_the_event_time(extractor) -> None:
    text = "KANDAHAR, Mar 5 (Reuters) - Gunmen ambushed a convoy on the Herat highway on Thursday night, killing six."
    extraction = _extract(extractor, text)
    event = _only(extraction, "ASSAULT")
    everyone = {p.text for p in event.participants}
    assert "KANDAHAR" not in everyone and "Gunmen" in _roles(event, "actor")
    assert event.timex is not None and extraction.timexes[event.timex].text == "Thursday night"
    place, day, story_start = extraction_dateline(extractor, text)
    assert (place, day) == ("KANDAHAR", "Mar 5") and text[story_start:].startswith("Gunmen")


def test_a_datelines_place_is_a_place_whatever_the_tagger_made_of_its_capitals(extractor) -> None:
    extraction = _extract(extractor, "LORMONT — Kestria and Valdora signed a treaty on Monday.")
    assert [(m.text, m.type) for m in extraction.mentions if m.start == 0] == [("LORMONT", "GPE")]


def extraction_dateline(extractor, text: str) -> tuple[str, str | None, int]:
    doc = extractor.nlp(extractor.make_doc(Article.create(published=date(2026, 3, 6), text=text)))
    place, day, start = doc._.dateline
    return place.text, day.text if day is not None else None, start


def test_an_em_dash_dateline_is_no_actor(extractor) -> None:
    event = _only(_extract(extractor, "MOSUL — Fighters stormed a checkpoint west of the city on Sunday."), "ASSAULT")
    assert "MOSUL" not in {p.text for p in event.participants}


def test_a_perfect_tense_attack_is_asserted_and_not_aerial(extractor) -> None:
    event = _only(
        _extract(extractor, "The TTP has carried out similar raids on border posts in the district."), "ASSAULT"
    )
    assert event.modality == "asserted"
    assert _only(_extract(extractor, "The PKK has carried out attacks on police."), "ASSAULT").mode is None


def test_a_denied_accusation_stays_accuse_and_its_content_is_denied(extractor) -> None:
    extraction = _extract(extractor, "Armenia accused Azerbaijan of shelling the village, a charge Baku denies.")
    accuse = _only(extraction, "ACCUSE")
    assert accuse.modality == "asserted" and _roles(accuse, "recipient") == {"Azerbaijan"}
    assert _only(extraction, "ASSAULT").modality == "denied"
    assert _roles(_only(extraction, "REJECT"), "actor") == {"Baku"}  # the denial, recorded
    plain = _extract(extractor, "Seoul accused Pyongyang of hacking the ministry's servers.")
    assert all(e.modality == "reported" for e in plain.events if e.type != "ACCUSE")


def test_a_reported_retaliation_is_a_threat(extractor) -> None:
    text = "Foreign ministry spokeswoman Mao Ning said China would retaliate against the tariffs."
    event = _only(_extract(extractor, text), "THREATEN")
    assert _roles(event, "actor") == {"China"} and event.modality != "asserted"


def test_a_persons_country_is_their_own(extractor) -> None:
    text = "Ukrainian Foreign Minister Andrii Sybiha met Russian envoy Kirill Dmitriev in Riyadh."
    event = _only(_extract(extractor, text), "CONSULT")
    countries = {p.text: p.country for p in event.participants}
    assert countries["Andrii Sybiha"] == "UKR"


def test_a_threat_takes_the_recipient_of_the_deed_it_threatens(extractor) -> None:
    extraction = _extract(extractor, "The militia threatened to shell Kismayo if the talks failed.")
    threat = _only(extraction, "THREATEN")
    assert _roles(threat, "actor") == {"militia"} and _roles(threat, "recipient") == {"Kismayo"}
