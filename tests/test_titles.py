"""Person titles: kept out of names and read as roles."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from newsgraph.extract.extractor import Extractor
from newsgraph.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "entities"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor("en_core_web_sm")


def roles(extractor: Extractor, text: str) -> list[tuple[str, str, str | None]]:
    extraction = extractor.extract(Article.create(published=date(2025, 1, 1), text=text))
    return [(r["person"], r["title"], r["organisation"]) for r in extraction.to_json()["roles"]]


def test_fixture_roles(extractor):
    fixture = FIXTURES / "person_titles.txt"
    expected = json.loads(fixture.with_suffix(".expected.json").read_text(encoding="utf-8"))["roles"]
    assert roles(extractor, fixture.read_text(encoding="utf-8")) == [tuple(role) for role in expected]


def test_title_is_not_inside_the_person(extractor):
    text = "Deputy Foreign Minister Jane Doe met Chief Executive Officer Li Wei."
    extraction = extractor.extract(Article.create(published=date(2025, 1, 1), text=text))
    persons = {m.text for m in extraction.mentions if m.type == "PERSON"}
    assert persons == {"Jane Doe", "Li Wei"}
    for role in extraction.roles:
        person = extraction.mentions[role.person]
        assert not (person.start < role.title_end and role.title_start < person.end)


def test_country_and_possessive_organisations(extractor):
    text = (
        "Russian President Vladimir Putin will visit in March. "
        "Kestrel Aerospace was represented by its Chief Executive Maria Silva."
    )
    assert roles(extractor, text) == [
        ("Vladimir Putin", "President", "Russian"),
        ("Maria Silva", "Chief Executive", "Kestrel Aerospace"),
    ]


def test_surname_that_is_a_title_word_stays_a_person(extractor):
    text = "Promoter Don King said the fight would go ahead, and King added that tickets had sold out."
    extraction = extractor.extract(Article.create(published=date(2025, 1, 1), text=text))
    assert "Don King" in {m.text for m in extraction.mentions if m.type == "PERSON"}


def test_title_without_a_person_gives_no_role(extractor):
    assert roles(extractor, "The defence minister is expected to resign next week.") == []


def test_an_organisation_ending_in_a_title_before_a_person_keeps_only_its_name(extractor):
    text = "Kaveri Chief Executive Anita Rao said the company had offered commitments."
    extraction = extractor.extract(Article.create(published=date(2025, 1, 1), text=text))
    names = {m.text for m in extraction.mentions}
    assert "Kaveri Chief Executive" not in names and "Kaveri" in names
    assert roles(extractor, text) == [("Anita Rao", "Chief Executive", "Kaveri")]
