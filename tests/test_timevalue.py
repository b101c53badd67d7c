from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.timevalue import calendar_span, overlaps


@pytest.mark.parametrize(
    ("value", "start", "end", "precision"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31), "year"),
        ("2025-10", date(2025, 10, 1), date(2025, 10, 31), "month"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31), "month"),
        ("2025-W49", date(2025, 12, 1), date(2025, 12, 7), "week"),
        ("2025-W49-WE", date(2025, 12, 6), date(2025, 12, 7), "weekend"),
        ("2025-12-11", date(2025, 12, 11), date(2025, 12, 11), "day"),
        ("2025-12-11T14:30", date(2025, 12, 11), date(2025, 12, 11), "time"),
        ("2025-Q4", date(2025, 10, 1), date(2025, 12, 31), "quarter"),
        ("2025-H1", date(2025, 1, 1), date(2025, 6, 30), "half"),
        ("2025-WI", date(2025, 12, 1), date(2026, 2, 28), "season"),
        ("199", date(1990, 1, 1), date(1999, 12, 31), "decade"),
        ("19", date(1900, 1, 1), date(1999, 12, 31), "century"),
    ],
)
def test_calendar_values_keep_their_precision(value, start, end, precision):
    span = calendar_span(value)
    assert (span.start, span.end, span.precision) == (start, end, precision)


@pytest.mark.parametrize(
    "value", ["P2Y", "PAST_REF", "PRESENT_REF", "XXXX-10", "2025-13", "2025-02-30", "", None, "2025-W54"]
)
def test_non_calendar_values_have_no_span(value):
    assert calendar_span(value) is None


def test_month_orders_before_a_day_later_in_it_and_overlaps_filters():
    month, day = calendar_span("2025-10"), calendar_span("2025-10-15")
    assert month.sort_key < day.sort_key
    assert overlaps(month, date(2025, 10, 31), None)
    assert not overlaps(month, date(2025, 11, 1), None)
    assert overlaps(month, None, date(2025, 10, 1))


@given(st.text(max_size=30))
def test_never_raises(value):
    calendar_span(value)
