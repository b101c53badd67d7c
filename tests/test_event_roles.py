"""Event roles on sentences written for these tests: span bounding, places
further down the parse, who acts in control and purpose clauses, pronouns."""

from __future__ import annotations

from datetime import date

import pytest

from newsgraph.model import Article, Event


def _events(extractor, text: str, type_: str, mode: str | None = None) -> list[Event]:
    extraction = extractor.extract(Article.create(published=date(2026, 3, 1), text=text, outlet="Test Wire"))
    return [e for e in extraction.events if e.type == type_ and (mode is None or e.mode == mode)]


def _roles(events: list[Event], role: str) -> set[str]:
    return {p.text for e in events for p in e.participants if p.role == role and p.inherited_from is None}


@pytest.mark.parametrize(
    ("text", "type_", "mode", "expected"),
    [
        # An organisation's name goes on to its "of <country>".
        (
            "Officials from the Ministry of Foreign Affairs of Kazakhstan held talks with a Chinese delegation.",
            "CONSULT",
            None,
            {"actor": {"Ministry of Foreign Affairs of Kazakhstan"}},
        ),
        # "negotiators from X": the body they come from.
        ("Negotiators from the African Union met in Addis Ababa.", "CONSULT", None, {"actor": {"African Union"}}),
        # A place on the "with" party, on the passive agent, on an apposition.
        (
            "Turkish diplomats held talks with a Syrian delegation in Damascus.",
            "CONSULT",
            None,
            {"location": {"Damascus"}},
        ),
        ("The embassy was attacked by protesters in Tripoli.", "ASSAULT", None, {"location": {"Tripoli"}}),
        (
            "Saudi ministers met executives of the French firm Thales in Riyadh on Monday.",
            "CONSULT",
            None,
            {"location": {"Riyadh"}},
        ),
        # A re-mentioned event is not done by whoever condemns it.
        ("The raid was condemned by Jordan.", "ASSAULT", None, {"actor": set()}),
        # "to" a common place noun is where, not who.
        ("Serbia moved troops to the border on Sunday.", "MOBILIZE", "troops", {"recipient": set()}),
        # A possessive pronoun is no participant; a visit is when, not what about.
        ("Scholz met Erdogan on his trip to Ankara.", "CONSULT", None, {"actor": {"Scholz"}, "topic": set()}),
        # A purpose clause takes its verb's subject ...
        (
            "Farmers blocked highways near Lyon to protest against the tax.",
            "PROTEST",
            "demo",
            {"actor": {"Farmers"}},
        ),
        # ... but not the infinitive that says what a document provides for.
        ("Spain and Morocco signed a deal to jointly build a tunnel.", "COOPERATE", None, {"actor": set()}),
        # "urged X to sign": X signs.
        ("Berlin urged Warsaw to sign the treaty.", "AGREE", None, {"actor": {"Warsaw"}}),
        # The own object of "released prisoners" is the recipient.
        ("Rebels freed twelve hostages in Mali.", "CONCEDE", "release", {"recipient": {"hostages"}}),
        # "X said it would ...": X; not a sayer written after the pronoun.
        (
            # (a declared sanction is coded THREATEN, PLOVER's convention)
            "Poland's foreign ministry said it would expel two Russian diplomats.",
            "THREATEN",
            None,
            {"actor": {"Poland's foreign ministry"}},
        ),
        ("They expelled two diplomats, the ministry said.", "SANCTION", "expel", {"actor": {"They"}}),
        # "criticised X over Y": Y is the topic.
        ("Ankara criticised Stockholm over its asylum policy.", "ACCUSE", None, {"topic": {"its asylum policy"}}),
        (
            "Opposition lawmakers in Berlin criticised the trip over India's purchases of Russian oil.",
            "ACCUSE",
            None,
            {"topic": {"India's purchases"}},
        ),
        # A counted conjunct ("and three of his aides"), here hung by the parse on the verb.
        (
            "Police in Dakar arrested the opposition leader Ousmane Diallo and three of his aides on Tuesday.",
            "COERCE",
            "arrest",
            {"recipient": {"Ousmane Diallo", "his aides"}},
        ),
        # A proper noun in apposition names the party even when the model missed it.
        (
            "Codelco said it would form a joint venture with the Chinese miner Tsingshan to produce lithium.",
            "COOPERATE",
            None,
            {"actor": {"Codelco"}, "recipient": {"Tsingshan"}},
        ),
        # A support verb lends its subject: "formed a partnership".
        ("Kazakhstan formed a partnership with South Korea.", "COOPERATE", None, {"actor": {"Kazakhstan"}}),
    ],
)
def test_roles(extractor, text: str, type_: str, mode: str | None, expected: dict[str, set[str]]) -> None:
    events = _events(extractor, text, type_, mode)
    assert events, f"no {type_} event"
    for role, texts in expected.items():
        found = _roles(events, role)
        if texts and role != "actor":
            assert texts <= found, (role, found)
        else:
            assert found == texts, (role, found)
