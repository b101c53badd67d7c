"""Conflicting claims: only real disagreements on one slot (pure; no store)."""

from __future__ import annotations

from datetime import date

from newsgraph.resolve.conflicts import Claim, date_span, find_conflicts, measure


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
