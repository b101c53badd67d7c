"""ISO-TimeML date values as calendar intervals, keeping their precision.

"2025-10" is the whole of October 2025 (precision month), never the first of
the month; "2025-W49" is a week; "199" the 1990s. Used to order and filter by
event time. Values that are not calendar positions (durations, sets,
PAST_REF…) have no interval.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
_HALVES = {"H1": (1, 6), "H2": (7, 12)}

_PATTERN = re.compile(
    r"""^(?:
        (?P<century>\d{2})$ |
        (?P<decade>\d{3})$ |
        (?P<year>\d{4})
        (?:-(?:
            W(?P<week>\d{2})(?:-(?P<weekday>[1-7]|WE))? |
            Q(?P<quarter>[1-4]) |
            (?P<half>H[12]) |
            (?P<season>SP|SU|FA|WI) |
            (?P<month>\d{2})(?:-(?P<day>\d{2})(?:T(?P<time>[\dA-Z:.]+))?)?
        ))?$
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class CalendarSpan:
    start: date
    end: date  # inclusive
    precision: str  # century, decade, year, half, quarter, season, month, week, day, time

    @property
    def sort_key(self) -> tuple[date, date]:
        return (self.start, self.end)


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def calendar_span(value: str | None) -> CalendarSpan | None:
    """The interval an ISO-TimeML DATE/TIME value denotes, or None (also
    for a value the calendar cannot hold: before 0001-01-01, after
    9999-12-31). Never raises."""
    if not value:
        return None
    match = _PATTERN.match(value.strip())
    if match is None:
        return None
    parts = match.groupdict()
    try:
        if parts["century"]:
            first = int(parts["century"]) * 100
            return CalendarSpan(date(max(first, 1), 1, 1), date(first + 99, 12, 31), "century")
        if parts["decade"]:
            first = int(parts["decade"]) * 10
            return CalendarSpan(date(max(first, 1), 1, 1), date(first + 9, 12, 31), "decade")
        year = int(parts["year"])
        if parts["week"]:
            monday = date.fromisocalendar(year, int(parts["week"]), 1)
            weekday = parts["weekday"]
            if weekday == "WE":
                return CalendarSpan(monday + timedelta(days=5), monday + timedelta(days=6), "weekend")
            if weekday:
                day = monday + timedelta(days=int(weekday) - 1)
                return CalendarSpan(day, day, "day")
            return CalendarSpan(monday, monday + timedelta(days=6), "week")
        if parts["quarter"]:
            first_month = 3 * (int(parts["quarter"]) - 1) + 1
            return CalendarSpan(date(year, first_month, 1), _month_end(year, first_month + 2), "quarter")
        if parts["half"]:
            first_month, last_month = _HALVES[parts["half"]]
            return CalendarSpan(date(year, first_month, 1), _month_end(year, last_month), "half")
        if parts["season"]:
            first_month, last_month = _SEASONS[parts["season"]]
            end_year = year + 1 if last_month < first_month else year
            return CalendarSpan(date(year, first_month, 1), _month_end(end_year, last_month), "season")
        if parts["month"]:
            month = int(parts["month"])
            if parts["day"]:
                day = date(year, month, int(parts["day"]))
                return CalendarSpan(day, day, "time" if parts["time"] else "day")
            return CalendarSpan(date(year, month, 1), _month_end(year, month), "month")
        return CalendarSpan(date(year, 1, 1), date(year, 12, 31), "year")
    except (ValueError, OverflowError):  # not a day the calendar holds (0000, 10000, a week past 9999-12-31)
        return None


def overlaps(span: CalendarSpan, since: date | None, until: date | None) -> bool:
    """Whether ``span`` falls at least partly within [since, until]."""
    return (since is None or span.end >= since) and (until is None or span.start <= until)
