"""Coding a given dyad (extract/dyad.py) on sentences of our own."""

from __future__ import annotations

import pytest

from newsgraph.extract.dyad import code_dyad, locate
from newsgraph.model import InputError


def test_the_event_between_the_parties_is_coded(extractor):
    sentence = "Lithuania expelled two Belarusian diplomats on Monday."
    coding = code_dyad(extractor.nlp, sentence, "Lithuania", "Belarusian diplomats")
    assert (coding.type, coding.mode, coding.modality) == ("SANCTION", "expel", "asserted")
    assert sentence[coding.trigger_start : coding.trigger_end] == "expelled"
    assert coding.basis == "roles"


def test_the_event_of_the_dyad_wins_over_another_in_the_sentence(extractor):
    sentence = "Kenya praised the mediators after Ethiopia attacked rebel positions in Tigray."
    assert code_dyad(extractor.nlp, sentence, "Ethiopia", "rebel positions").type == "ASSAULT"
    assert code_dyad(extractor.nlp, sentence, "Kenya", "the mediators").type == "SUPPORT"


def test_a_sentence_without_an_event_is_uncoded(extractor):
    coding = code_dyad(extractor.nlp, "The committee reviewed the budget.", "The committee", "the budget")
    assert coding.type is None and coding.basis == "none"


def test_a_party_missing_from_the_sentence_is_refused():
    with pytest.raises(InputError, match="target: 'Chile' does not occur"):
        locate("Peru met Bolivia.", "Chile", "target")


@pytest.mark.parametrize(
    ("sentence", "source", "target", "expected"),
    [
        # A verbal event governing the deed is the relation (it takes the deed's recipient).
        (
            "Hezbollah threatened to shell Haifa if Israel struck Beirut.",
            "Hezbollah",
            "Haifa",
            ("THREATEN", None),
        ),
        ("Ankara refused to meet the Swedish envoy.", "Ankara", "the Swedish envoy", ("REJECT", None)),
        # A deed declared for the future: cooperative -> AGREE, hostile -> THREATEN.
        (
            "Norway is willing to send doctors to the refugee camps.",
            "Norway",
            "the refugee camps",
            ("AGREE", "intent"),
        ),
        (
            "The junta would arrest the strike leaders, a spokesman said.",
            "The junta",
            "the strike leaders",
            ("THREATEN", "intent"),
        ),
        # A deed declared not to happen is a refusal.
        ("Lima will not lift the ban on Chilean fruit.", "Lima", "Chilean fruit", ("REJECT", "refusal")),
    ],
)
def test_plover_conventions_for_verbal_events(extractor, sentence, source, target, expected):
    coding = code_dyad(extractor.nlp, sentence, source, target)
    assert (coding.type, coding.convention) == expected
    assert (coding.event_type != coding.type) == (coding.convention is not None)


def test_an_event_inside_a_party_is_not_their_relation(extractor):
    sentence = "A Turkish-backed militia shelled Kurdish villages near Afrin."
    coding = code_dyad(extractor.nlp, sentence, "A Turkish-backed militia", "Kurdish villages")
    assert coding.type == "ASSAULT"


def test_a_future_withdrawal_stays_a_retreat(extractor):
    # The manual: a future CONCEDE or RETREAT does not reduce to AGREE.
    sentence = "Morocco is willing to withdraw its troops from the buffer zone."
    coding = code_dyad(extractor.nlp, sentence, "Morocco", "the buffer zone")
    assert (coding.type, coding.convention) == ("RETREAT", None)


def test_a_future_meeting_named_by_a_noun_is_agree(extractor):
    # The manual: references to future meetings are AGREE.
    sentence = "Foreign Minister Rafael Ortiz will host a meeting of Andean trade ministers in Quito."
    coding = code_dyad(extractor.nlp, sentence, "Foreign Minister Rafael Ortiz", "Andean trade ministers")
    assert (coding.type, coding.event_type, coding.convention) == ("AGREE", "CONSULT", "nominal intent")
    held = "Foreign Minister Rafael Ortiz hosted a meeting of Andean trade ministers in Quito."
    assert code_dyad(extractor.nlp, held, "Foreign Minister Rafael Ortiz", "Andean trade ministers").type == "CONSULT"


def test_a_hyphenated_cease_fire_is_a_retreat(extractor):
    sentence = "The junta announced a three-day cease-fire with the rebel alliance on Sunday."
    coding = code_dyad(extractor.nlp, sentence, "The junta", "the rebel alliance")
    assert (coding.type, coding.mode) == ("RETREAT", "ceasefire")


def test_undoing_an_event_is_a_concession(extractor):
    sentence = "A regional court revoked the order on the detention of the blogger."
    coding = code_dyad(extractor.nlp, sentence, "A regional court", "the blogger")
    assert (coding.type, coding.event_type, coding.convention) == ("CONCEDE", "COERCE", "governing")


def test_a_declared_boycott_is_a_threat(extractor):
    sentence = "The opposition bloc said it will boycott the budget vote in parliament."
    coding = code_dyad(extractor.nlp, sentence, "The opposition bloc", "the budget vote")
    assert (coding.type, coding.event_type, coding.convention) == ("THREATEN", "PROTEST", "intent")
    done = "The opposition bloc boycotted the budget vote in parliament."
    assert code_dyad(extractor.nlp, done, "The opposition bloc", "the budget vote").type == "PROTEST"


def test_signing_an_agreement_is_support(extractor):
    sentence = "Ghana and Togo signed a border treaty in Lome on Friday."
    coding = code_dyad(extractor.nlp, sentence, "Ghana", "Togo")
    assert (coding.type, coding.event_type, coding.convention) == ("SUPPORT", "AGREE", "signed")


def test_a_deed_another_party_must_do_is_requested(extractor):
    sentence = "Brussels said Belgrade must hand over the suspects."
    coding = code_dyad(extractor.nlp, sentence, "Brussels", "Belgrade")
    assert (coding.type, coding.convention) == ("REQUEST", "obligation")


def test_a_dated_on_is_no_call_on(extractor):
    sentence = "Chancellor Merz called President Macron on Sunday to congratulate him."
    coding = code_dyad(extractor.nlp, sentence, "Chancellor Merz", "President Macron")
    assert coding.type != "REQUEST"


def test_a_party_that_is_the_event_keeps_it(extractor):
    sentence = "A car bomb attack on a police convoy killed six officers in Quetta."
    coding = code_dyad(extractor.nlp, sentence, "A car bomb attack", "a police convoy")
    assert coding.type == "ASSAULT"
