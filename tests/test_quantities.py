"""Figures with their unit and what they measure."""

from __future__ import annotations

from datetime import date

import pytest

from newsgraph.model import Article, Quantity


def _quantities(extractor, text: str) -> dict[str, Quantity]:
    extraction = extractor.extract(Article.create(published=date(2026, 1, 1), text=text))
    return {q.text: q for q in extraction.quantities}


def test_percentage_of_something(extractor) -> None:
    found = _quantities(extractor, "Russian arms make up 36% of the Indian army's inventory.")
    share = found["36%"]
    assert (share.value, share.unit, share.measure) == (36.0, "%", "Indian army's inventory")


def test_participle_clause_measures_the_phrase_before_it(extractor) -> None:
    text = "Officials worried about the arms used by the Indian army, accounting for 36%."
    share = _quantities(extractor, text)["36%"]
    assert share.measure == "arms used by the Indian army"
    assert text[share.measure_start : share.measure_end] == share.measure


@pytest.mark.parametrize(
    ("text", "figure", "value", "unit"),
    [
        ("The company agreed a $2.1 billion deal with the navy.", "$2.1 billion", 2.1e9, "USD"),
        ("The state will spend Rs 500 crore on the new port.", "Rs 500 crore", 5e9, "INR"),
        ("The bank lent 120 million euros to the city.", "120 million euros", 1.2e8, "EUR"),
    ],
)
def test_money(extractor, text: str, figure: str, value: float, unit: str) -> None:
    quantity = _quantities(extractor, text)[figure]
    assert quantity.value == pytest.approx(value) and quantity.unit == unit


def test_count_of_people(extractor) -> None:
    found = _quantities(extractor, "The earthquake killed at least 42 people in the region.")
    (count,) = [q for q in found.values() if q.unit == "count"]
    assert count.value == 42.0 and count.measure == "people"


def test_bare_ordinal_words_are_not_counts(extractor) -> None:
    found = _quantities(extractor, "India is one of the world's biggest arms importers.")
    assert found == {}
