"""Conflicting claims: only real disagreements on one slot (pure; no store)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from newsgraph.resolve.conflicts import Claim, date_span, figure_value, find_conflicts, measure, names_no_party


def claim(kind: str, key: str, subject: str, value: str, article: str) -> Claim:
    sentence = f"{subject}: {value}."
    return Claim(kind, key, subject, value, article, f"Outlet {article}", date(2026, 3, 2), sentence, 0, 1)


def test_figures_of_one_measure_in_other_words_conflict():
    nine = claim("figure", "count", "police officers", "9 count", "a")  # "killing nine police officers"
    seven = claim("figure", "count", "policemen", "7 count", "b")  # "seven policemen were killed"
    wounded = claim("figure", "count", "bystanders", "4 count", "b")
    conflicts = find_conflicts([nine, seven, wounded])
    assert [(c.kind, c.values) for c in conflicts] == [("figure", ["7 count", "9 count"])]
    assert measure("policemen killed") == "police officers killed"


def test_a_place_and_the_country_it_lies_in_do_not_conflict_but_two_cities_do():
    moscow = claim("event_place", "CONSULT:talks", "CONSULT (talks)", "Moscow", "a")
    russia = claim("event_place", "CONSULT:talks", "CONSULT (talks)", "Russia", "b")
    assert find_conflicts([moscow, russia]) == []
    kazan = claim("event_place", "CONSULT:talks", "CONSULT (talks)", "Kazan", "c")
    assert [c.values for c in find_conflicts([moscow, kazan])] == [["Kazan", "Moscow"]]


def test_two_visits_months_apart_are_two_events_and_close_dates_conflict():
    october = claim("event_date", "VISIT:visit", "VISIT (visit)", "2025-10-14", "a")
    december = claim("event_date", "VISIT:visit", "VISIT (visit)", "2025-12-04", "b")
    assert find_conflicts([october, december]) == []
    next_day = claim("event_date", "VISIT:visit", "VISIT (visit)", "2025-10-15", "c")
    assert [c.values for c in find_conflicts([october, next_day])] == [["2025-10-14", "2025-10-15"]]
    in_month = claim("event_date", "VISIT:visit", "VISIT (visit)", "2025-10", "d")
    assert find_conflicts([october, in_month]) == []  # a month holds the day


def test_date_spans():
    assert date_span("2025-12") == (date(2025, 12, 1), date(2025, 12, 31))
    assert date_span("2025-w49") == (date(2025, 12, 1), date(2025, 12, 7))
    assert date_span("PRESENT_REF") is None


def test_one_office_in_other_words_is_no_conflict_but_another_rank_is():
    def titles(*values: str) -> list[list[str]]:
        claims = [claim("title", "7", "Rui Fonseca", value, f"a{i}") for i, value in enumerate(values)]
        return [c.values for c in find_conflicts(claims)]

    assert titles("chief executive", "CEO") == []
    assert titles("minister", "labour minister") == []
    assert titles("Minister of Defence", "defence minister") == []
    assert titles("minister", "deputy minister") == [["deputy minister", "minister"]]
    assert titles("CEO", "chairman") == [["CEO", "chairman"]]


def event(value: str, article: str, *parties: tuple[str, str], place: str | None = None) -> Claim:
    return replace(claim("event_date", "AID", "AID (pledged)", value, article), parties=frozenset(parties), place=place)


def test_an_event_slot_is_its_type_and_parties_not_its_word():
    norway = event("2026-03-09", "a", ("actor", "entity:4"), ("actor", "country:NOR"))
    norway_later = event("2026-03-10", "b", ("actor", "entity:9"), ("actor", "country:NOR"))  # "Oslo pledged"
    japan = event("2026-03-09", "b", ("actor", "entity:1"), ("actor", "country:JPN"))
    donors = event("2026-03-08", "c", ("actor", "words:foreign governments"))
    conflicts = find_conflicts([norway, norway_later, japan, donors])
    assert [(c.values, {v.article_id for v in c.versions}) for c in conflicts] == [
        (["2026-03-09", "2026-03-10"], {"a", "b"})
    ]
    # a party named in one report only, or a recipient named in one report only, does not part them
    unnamed = event("2026-03-11", "d", ("recipient", "entity:7"))
    assert [c.values for c in find_conflicts([norway, unnamed])] == [["2026-03-09", "2026-03-11"]]
    # places of which neither lies in the other are two events
    in_moscow = event("2026-03-09", "a", ("actor", "entity:4"), place="Moscow")
    in_kazan = event("2026-03-10", "b", ("actor", "entity:4"), place="Kazan")
    in_russia = event("2026-03-10", "c", ("actor", "entity:4"), place="Russia")
    assert find_conflicts([in_moscow, in_kazan]) == []
    assert [c.values for c in find_conflicts([in_moscow, in_russia])] == [["2026-03-09", "2026-03-10"]]


def test_pronouns_and_quantifiers_name_no_party():
    assert names_no_party("it") and names_no_party("They") and names_no_party("both")
    assert not names_no_party("foreign governments")


def test_a_value_that_is_no_date_and_a_rounded_figure_do_not_conflict():
    day = claim("event_date", "VISIT:visit", "VISIT (visit)", "2026-03-09", "a")
    present = claim("event_date", "VISIT:visit", "VISIT (visit)", "PRESENT_REF", "b")
    assert find_conflicts([day, present]) == []
    rounded = claim("figure", "%", "vote", "54 %", "a")
    precise = claim("figure", "%", "vote", "54.2 %", "b")
    other = claim("figure", "%", "vote", "55.2 %", "c")
    assert find_conflicts([rounded, precise]) == []
    assert [c.values for c in find_conflicts([precise, other])] == [["54.2 %", "55.2 %"]]
    assert [c.values for c in find_conflicts([rounded, other])] == [["54 %", "55.2 %"]]


def test_figures_are_shown_without_exponents():
    assert figure_value(1_200_000.0, "count") == "1,200,000 count"
    assert figure_value(54.2, "%") == "54.2 %"
    assert figure_value(3.0, "USD") == "3 USD"


def test_quarters_and_halves_are_spans():
    assert date_span("2025-q4") == (date(2025, 10, 1), date(2025, 12, 31))
    assert date_span("2026-h1") == (date(2026, 1, 1), date(2026, 6, 30))
