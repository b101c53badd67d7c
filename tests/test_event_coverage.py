"""Types and structures added for news written by others, each on a sentence
of our own: strikes, curfews, withdrawn peacekeepers, returned artefacts,
established ties, lawsuits, cancelled visits, and what is no event."""

from __future__ import annotations

from datetime import date

import pytest

from newsgraph.model import Article


def _types(extractor, text: str) -> list[tuple[str, str | None, str]]:
    extraction = extractor.extract(Article.create(published=date(2026, 3, 2), text=text, outlet="Test Wire"))
    return [(e.type, e.mode, e.trigger) for e in extraction.events]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Bus drivers in Lagos went on strike on Monday over unpaid wages.", ("PROTEST", "strike", "went")),
        ("Dock workers in Setubal walked off the job on Saturday.", ("PROTEST", "strike", "walked")),
        ("The dockers extended their strike into a second week.", ("PROTEST", "strike", "extended")),
        ("Some 1,200 workers have joined the stoppage at the port.", ("PROTEST", "strike", "joined")),
        ("Miners downed tools at the Obuasi pit on Tuesday.", ("PROTEST", "strike", "downed")),
        ("The army imposed a curfew on the northern districts after the riots.", ("COERCE", "curfew", "imposed")),
        ("Ghana withdrew its peacekeepers from the mission in March.", ("SANCTION", "withdraw", "withdrew")),
        ("Customs officers returned three stolen paintings to the museum in Lyon.", ("CONCEDE", None, "returned")),
        ("Chad has established diplomatic ties with Fiji.", ("SUPPORT", None, "established")),
        ("The union filed a lawsuit against the mining company.", ("ACCUSE", "allege", "filed")),
        ("Oslo summoned the Iranian ambassador to protest the arrests.", ("ACCUSE", "disapprove", "summoned")),
        ("Canada suspended aid to the junta after the coup.", ("SANCTION", "discontinue", "suspended")),
        ("Border guards remained on high alert along the frontier.", ("MOBILIZE", "troops", "alert")),
        ("Navies of Chile and Peru held joint war games off Arica.", ("COOPERATE", None, "games")),
        ("The ministers discussed fishing quotas in Reykjavik.", ("CONSULT", None, "discussed")),
        # A consultation announced for the future is an AGREE (PLOVER's convention).
        ("The ministers will discuss fishing quotas in Reykjavik.", ("AGREE", None, "discuss")),
        ("The court in Minsk freed two jailed reporters on Friday.", ("CONCEDE", "release", "freed")),
        ("Japan sent 500 tonnes of rice to Haiti after the storm.", ("AID", None, "sent")),
        ("Tokyo pledged budgetary support to the Pacific states.", ("AID", None, "support")),
    ],
)
def test_added_types_and_structures(extractor, sentence: str, expected: tuple[str, str | None, str]) -> None:
    assert expected in _types(extractor, sentence)


def test_a_cancelled_visit_is_rejected_and_still_a_visit(extractor) -> None:
    types = {t for t, _, _ in _types(extractor, "The Dutch premier cancelled a planned visit to Ankara.")}
    assert {"REJECT", "CONSULT"} <= types


def test_the_purpose_of_a_visit_is_the_visit(extractor) -> None:
    types = _types(extractor, "Kenyan officials visited Kampala on Monday to discuss the pipeline.")
    assert [t for t in types if t[0] == "CONSULT"] == [("CONSULT", "visit", "visited")]


def test_a_bare_participle_adjective_is_no_event(extractor) -> None:
    assert _types(extractor, "Both armies patrol the disputed plateau every week.") == []


def test_air_strikes_are_one_aerial_assault(extractor) -> None:
    types = _types(extractor, "Jets launched air strikes on rebel depots near Sirte overnight.")
    assert [(t, m) for t, m, _ in types] == [("ASSAULT", "aerial")]
