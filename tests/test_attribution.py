"""Who a statement is credited to, and which sentences the credit covers."""

from __future__ import annotations

from datetime import date

import pytest

from newsgraph.model import Article, Extraction


def _extract(extractor, text: str) -> Extraction:
    return extractor.extract(Article.create(published=date(2026, 1, 1), text=text))


def test_reporting_verb_source_and_scope_is_its_sentence(extractor) -> None:
    text = (
        "The meetings took place in Moscow, Reuters said in a report. The talks covered spare parts.\n"
        "India is one of the largest arms importers."
    )
    extraction = _extract(extractor, text)
    (attribution,) = extraction.attributions
    assert (attribution.source, attribution.cue, attribution.sentence) == ("Reuters", "said", 0)
    # The next sentence without a cue is the article's own voice again.
    assert attribution.scope == (0,)
    assert extraction.mentions[attribution.source_mention].text == "Reuters"


@pytest.mark.parametrize(
    "text",
    [
        # A quotation that runs on after the cue ...
        "The minister said: \u201cWe will not retreat. Our troops will stay.\u201d Markets fell sharply.",
        # ... or into it: both of its sentences are credited, the next one is not.
        "\u201cWe will not retreat. Our troops will stay,\u201d the minister said. Markets fell sharply.",
    ],
)
def test_scope_follows_a_quotation(extractor, text: str) -> None:
    (attribution,) = _extract(extractor, text).attributions
    assert attribution.source == "minister" and attribution.scope == (0, 1)


def test_citing_a_reason_is_no_source(extractor) -> None:
    extraction = _extract(extractor, "Japan imposed export controls on Chinese firms, citing national security.")
    assert extraction.attributions == ()
    (sanction,) = [e for e in extraction.events if e.type == "SANCTION"]
    assert sanction.modality == "asserted"


def test_according_to_and_as_per(extractor) -> None:
    text = "According to the ministry, the envoy was expelled. As per the statement, talks will resume."
    extraction = _extract(extractor, text)
    assert [(a.source, a.cue, a.sentence) for a in extraction.attributions] == [
        ("ministry", "According to", 0),
        ("statement", "As per", 1),
    ]
    # A sentence with its own cue ends the previous attribution's scope.
    assert extraction.attributions[0].scope == (0,)


def test_anaphoric_source_resolves_to_the_last_named_one(extractor) -> None:
    text = "Reuters said in a report that the firms met. The report said citing sources that the talks were secret."
    extraction = _extract(extractor, text)
    first = extraction.attributions[0]
    assert (first.source, first.cue, first.sentence) == ("Reuters", "said", 0)
    later = [a for a in extraction.attributions if a.sentence == 1 and a.cue == "said"]
    assert later and extraction.mentions[later[0].source_mention].text == "Reuters"
    (citing,) = [a for a in extraction.attributions if a.cue == "citing"]
    assert citing.source == "sources" and citing.source_mention is None


def test_events_take_their_sentence_attribution(extractor) -> None:
    text = "The ministry said Germany had expelled two diplomats."
    extraction = _extract(extractor, text)
    (event,) = [e for e in extraction.events if e.type == "SANCTION"]
    assert event.modality == "reported"
    assert extraction.attributions[event.attribution].source == "ministry"
