"""The story's reference time: which mentioned dates it takes, and which units they carry."""

from __future__ import annotations

from datetime import date

import pytest

from newsgraph.extract.timex_reference import ReferenceTime


@pytest.mark.parametrize(
    ("value", "start", "precision"),
    [
        ("1995-05-22", date(1995, 5, 22), "D"),
        ("1995-05-22TNI", date(1995, 5, 22), "D"),
        ("2019-W10", date(2019, 3, 4), "W"),
        ("2019-W10-WE", date(2019, 3, 4), "W"),
        ("2019-03", date(2019, 3, 1), "M"),
        ("1998-Q2", date(1998, 4, 1), "Q"),
        ("2010", date(2010, 1, 1), "Y"),
        ("2010-SU", date(2010, 1, 1), "Y"),
        ("199", date(1990, 1, 1), "E"),
    ],
)
def test_calendar_values_set_a_reference(value: str, start: date, precision: str) -> None:
    assert ReferenceTime.from_value(value) == ReferenceTime(start, precision)


@pytest.mark.parametrize("value", ["P2Y", "PAST_REF", "XXXX-WXX-1", "19", "1995-13-01", "2019-W60", "XXXX-05"])
def test_durations_refs_sets_and_impossible_dates_do_not(value: str) -> None:
    assert ReferenceTime.from_value(value) is None


def test_a_reference_supports_units_no_finer_than_itself() -> None:
    year = ReferenceTime(date(2010, 1, 1), "Y")
    day = ReferenceTime(date(2010, 6, 5), "D")
    assert year.supports("Y") and not year.supports("M") and not year.supports("D")
    assert all(day.supports(unit) for unit in ("D", "W", "M", "Q", "Y"))
    assert ReferenceTime(date(2019, 3, 1), "M").supports("Q")
