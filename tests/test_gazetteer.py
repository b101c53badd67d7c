"""One gazetteer answers "which country is this name" for the extractor and for resolution."""

from __future__ import annotations

import pytest

from newsgraph.extract.actors import country_of_text
from newsgraph.knowledge.gazetteer import NATIONAL_KINDS, blocs, country_of, places
from newsgraph.resolve.gazetteer import lookup


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Russia", "RUS"),
        ("Moscow", "RUS"),  # a capital stands for its country
        ("Russian", "RUS"),
        ("New Delhi", "IND"),
        ("the West", "WST"),  # a bloc (knowledge/plover/countries.yaml)
        ("Kremlin", "RUS"),
        ("Rotterdam", None),  # a city is a place in its country, not the country
        ("Congolese", None),  # two countries' people
        ("Narnia", None),
    ],
)
def test_country_of_a_name(name, country):
    assert country_of(name) == country
    assert country_of_text(name) == country


def test_the_extractor_and_resolution_read_the_same_gazetteer():
    national = [(name, place) for name, place in places().items() if place.kind in NATIONAL_KINDS and place.country]
    assert len(national) > 500
    for name, place in national:
        assert lookup(name) == place
        assert country_of_text(name) == (blocs().get(name) or place.country)
