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
    from newsgraph.extract.event_anchors import timex_for

    doc = extractor.nlp("The talks were held in October, a year after the sanctions of 2024.")
    october = doc.text.index("October")
    timexes = [
        Timex(october, october + 7, "October", "DATE", "2025-10", 0),
        Timex(doc.text.index("2024"), doc.text.index("2024") + 4, "2024", "DATE", "2024", 0),
    ]
    held = next(t for t in doc if t.text == "held")
    assert timex_for(doc, [held], 0, timexes) == 0
    assert timex_for(doc, [held], 1, timexes) is None


@pytest.mark.parametrize(
    ("text", "trigger", "dated"),
    [
        # the day of the telling, not of what is told
        ("The union said on Wednesday that it would ask its members to authorise a strike.", "ask", None),
        ("Talks in Lormont, first reported by the Harbour Ledger on Tuesday, will resume.", "Talks", None),
        # the event's own clause dates it, also next to a reporting verb
        ("Britain on Monday imposed sanctions on 14 companies, officials said.", "imposed", "Monday"),
        ("The talks, which were held on Friday, ended without a deal, the ministry said.", "talks", "Friday"),
    ],
)
def test_a_time_that_dates_a_report_does_not_date_the_event_told(
    extractor, text: str, trigger: str, dated: str | None
) -> None:
    extraction = _extract(extractor, text)
    event = next(e for e in extraction.events if e.trigger == trigger)
    assert (None if event.timex is None else extraction.timexes[event.timex].text) == dated


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


# --- Roles read from the parse: one sentence per behaviour, written for these tests.


@pytest.mark.parametrize(
    ("text", "type_", "expected"),
    [
        # A count gives way to what it counts; a place on the subject is the event's.
        ("Thousands of farmers rallied in Warsaw.", "PROTEST", {"actor": {"farmers"}, "location": {"Warsaw"}}),
        # A nominal trigger that hit something: the object is the recipient, "near X" the place.
        (
            "A drone strike hit a fuel depot near Kherson.",
            "ASSAULT",
            {"recipient": {"fuel depot"}, "location": {"Kherson"}},
        ),
        # "arrived in X for a visit": the visitor acts, X is visited.
        (
            "President Gabriel Boric arrived in Lima on Monday for a state visit.",
            "CONSULT",
            {"actor": {"Gabriel Boric"}, "recipient": {"Lima"}, "location": set()},
        ),
        # "X and Y's leaders": the leaders stand for their countries.
        (
            "Estonia and Latvia's leaders met in Riga.",
            "CONSULT",
            {"actor": {"Estonia", "Latvia"}, "location": {"Riga"}},
        ),
        # Raising verb: the passive subject of "expected" signs.
        ("The two governments are expected to sign a contract.", "AGREE", {"actor": {"governments"}}),
        # A participle clause takes the main verb's subject.
        ("Lithuania expelled a Belarusian diplomat, accusing him of spying.", "ACCUSE", {"actor": {"Lithuania"}}),
        # What is rejected or denied is the topic, not the recipient.
        ("Pakistan rejected the allegations.", "REJECT", {"topic": {"allegations"}, "recipient": set()}),
        ("Belgrade has rejected the proposal.", "REJECT", {"actor": {"Belgrade"}, "topic": {"proposal"}}),
        # A figure is no participant; "$X in aid" is an aid event.
        (
            "Norway pledged $10 million in humanitarian aid to Chad.",
            "AID",
            {"actor": {"Norway"}, "recipient": {"Chad"}},
        ),
        # "buy ... from X": the seller is the recipient.
        (
            "Indonesia is buying fighter jets from France.",
            "COOPERATE",
            {"actor": {"Indonesia"}, "recipient": {"France"}},
        ),
        # "sell ... to X": an arms sale is a trade, the buyer the recipient.
        (
            "Kestria sold anti-ship missiles to Valdora.",
            "COOPERATE",
            {"actor": {"Kestria"}, "recipient": {"Valdora"}},
        ),
        ("Soldiers fired on protesters in Bamako.", "ASSAULT", {"recipient": {"protesters"}, "location": {"Bamako"}}),
        # REQUEST: "called on X", the subject of the demanded clause; no recipient that cannot act.
        ("The United Nations called on both sides to stop fighting.", "REQUEST", {"recipient": {"sides"}}),
        ("Union leaders demanded that the government reopen the mine.", "REQUEST", {"recipient": {"government"}}),
        ("Washington urged restraint.", "REQUEST", {"actor": {"Washington"}, "recipient": set()}),
        # A place further down the prepositional phrases.
        (
            "Kenyan police arrested 40 people during protests against a tax in Nairobi.",
            "COERCE",
            {"recipient": {"people"}, "location": {"Nairobi"}},
        ),
        ("Troops shelled rebel positions in northern Syria.", "ASSAULT", {"location": {"Syria"}}),
        # A support verb's agent on a nominal trigger.
        ("The sanctions, announced by Ottawa on Friday, target three banks.", "SANCTION", {"actor": {"Ottawa"}}),
        # "after meeting X, Y ...": Y met X.
        (
            "After meeting Chancellor Olaf Scholz, Polish President Andrzej Duda flew home.",
            "CONSULT",
            {"actor": {"Andrzej Duda"}, "recipient": {"Olaf Scholz"}},
        ),
        # "EU-mediated talks": the mediator acts.
        ("Serbia and Kosovo resumed EU-mediated talks.", "CONSULT", {"actor": {"EU"}}),
        # The other trigger of the same event is not its participant.
        ("Vucic visited Beijing on Thursday, his third trip to China.", "CONSULT", {"recipient": {"Beijing", "China"}}),
        # A relative clause with its own subject: the noun is its object, the pronoun the governing subject.
        (
            "The ministry expelled two diplomats it accused of spying.",
            "ACCUSE",
            {"actor": {"ministry"}, "recipient": {"diplomats"}},
        ),
        # ... but a relative adverb's clause says where, not whom.
        ("Violence broke out in Lormont, where 20,000 people marched.", "PROTEST", {"recipient": set()}),
    ],
)
def test_roles_from_the_parse(extractor, text: str, type_: str, expected: dict[str, set[str]]) -> None:
    events = _events(_extract(extractor, text), type_)
    assert events, f"no {type_} event"
    roles = {role: set().union(*(_roles(e, role) for e in events)) for role in expected}
    for role, texts in expected.items():
        if texts:
            assert texts <= roles[role], (role, roles[role])
        else:
            assert roles[role] == set(), (role, roles[role])


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # The noun modifying a pattern's object is not an event of its own.
        ("He and Prime Minister Mark Carney signed 12 cooperation documents.", "COOPERATE"),
        # A stock phrase is no event.
        ("India's defence ministry did not respond to a request for comment.", "REQUEST"),
        # "pledged $X in aid" is aid, not an agreement.
        ("Norway pledged $10 million in humanitarian aid to Chad.", "AGREE"),
    ],
)
def test_not_an_event(extractor, text: str, absent: str) -> None:
    assert _events(_extract(extractor, text), absent) == []


def test_noun_modifying_an_unmatched_noun_stays_an_event(extractor) -> None:
    assert _events(_extract(extractor, "Japan's government approved a new aid package for Tonga."), "AID")


@pytest.mark.parametrize(
    ("text", "type_", "modality"),
    [
        # A denial verb's coordinate verb is not denied; its object is not denied either.
        ("Minsk denied the allegations and threatened to retaliate.", "THREATEN", "asserted"),
        ("Venezuela rejected a request from Guyana to reopen talks.", "REQUEST", "asserted"),
        ("The firms deny that they supplied parts to drone makers.", "AID", "denied"),
        ("Iran denied reports that it had supplied drones to Sudan.", "AID", "denied"),
        # Negating the verb that merely mentions a nominal event does not negate it.
        ("The meetings were not announced publicly.", "CONSULT", "asserted"),
        ("No talks were held on Monday.", "CONSULT", "negated"),
        ("Neither side agreed to the plan.", "AGREE", "negated"),
        ("Chile refused to meet the delegation.", "CONSULT", "negated"),
        # To-infinitives and requested events are potential, unless the verb says they happened.
        ("The two leaders agreed to resume negotiations.", "CONSULT", "potential"),
        ("The Dutch government called for talks between the two sides.", "CONSULT", "potential"),
        ("Troops began to withdraw from the town.", "RETREAT", "asserted"),
        ("Talks on a trade pact stalled.", "AGREE", "potential"),
        # The reporting verb itself is the event: the article asserts it.
        ("Beijing warned that it would respond.", "THREATEN", "asserted"),
        ("Moscow warned of consequences and threatened to expel diplomats.", "THREATEN", "asserted"),
    ],
)
def test_modality_rules(extractor, text: str, type_: str, modality: str) -> None:
    assert [e.modality for e in _events(_extract(extractor, text), type_)] == [modality]


def test_next_sentence_is_the_articles_own_voice(extractor) -> None:
    text = "Turkish jets struck positions in Iraq, the defence ministry said. Baghdad condemned the strikes."
    extraction = _extract(extractor, text)
    (accuse,) = _events(extraction, "ACCUSE")
    assert (accuse.modality, accuse.attribution) == ("asserted", None)
    (assault,) = _events(extraction, "ASSAULT")
    assert assault.modality == "reported"


def test_evidence_offsets_with_quotes_and_paragraphs(extractor) -> None:
    text = (
        "\u201cWe will not negotiate under threat,\u201d the president said.\n\n"
        "Police in Lagos arrested dozens of protesters on Saturday. The sanctions, announced by Ottawa, target banks."
    )
    extraction = _extract(extractor, text)
    assert len(extraction.events) >= 3
    for event in extraction.events:
        sentence = extraction.sentences[event.sentence]
        assert (event.start, event.end) == (sentence.start, sentence.end)
        assert text[event.trigger_start : event.trigger_end] == event.trigger
        for participant in event.participants:
            assert text[participant.start : participant.end] == participant.text


def test_pattern_words_must_be_strings() -> None:
    from newsgraph.extract.events import PatternError, _lemmas

    assert _lemmas(["for", "on"], 0) == {"IN": ["for", "on"]}
    with pytest.raises(PatternError, match="quote"):
        _lemmas(["for", True], 7)  # what YAML makes of a bare `on`


@pytest.mark.parametrize(
    ("text", "assault"),
    [
        # a natural hazard as the subject: what nature did
        ("An earthquake of magnitude 5.8 struck Valdora province on Thursday, damaging homes.", False),
        ("Floods destroyed 40 homes in the Marrow valley on Sunday.", False),
        # ... as the subject a verb shares, the noun a relative clause tells of, the cause of a passive
        ("A magnitude 6.1 earthquake struck Valdora province on Sunday, killing at least 42 people.", False),
        ("Aid has reached Valdora after Sunday's earthquake, which has now killed 71 people.", False),
        ("The number of people killed in the earthquake in Valdora rose to 57 on Monday.", False),
        ("At least 30 people died after an earthquake of magnitude 6.1 struck Valdora on Sunday.", False),
        # a vessel striking a natural obstacle: an accident
        ("The ferry was carrying 212 passengers when it struck a sandbank in heavy fog.", False),
        ("The cargo ship hit rocks off the Peyra coast on Sunday.", False),
        # a party doing the same to another is an assault
        ("Rebels struck an army post in Valdora province on Thursday, killing four soldiers.", True),
        ("Militants struck a police convoy near Peyra on Sunday, killing two officers.", True),
        ("The rebels attacked the town in the storm on Monday.", True),
        ("Villagers fled after rebels struck the market in Peyra on Sunday.", True),
        ("Twelve guests were killed by gunmen in the hotel.", True),
    ],
)
def test_nature_and_accidents_make_no_assault_but_a_party_striking_another_does(
    extractor, text: str, assault: bool
) -> None:
    assert bool([e for e in _extract(extractor, text).events if e.type == "ASSAULT"]) == assault
