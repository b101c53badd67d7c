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
