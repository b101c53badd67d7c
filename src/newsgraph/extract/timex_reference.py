"""The narrative reference time of a story: the last calendar date it mentioned.

News resolves most relative expressions against the article date ("last
week", "next year"), but some point back into the story: "the following
year", "two days later", "that day", "the previous Friday" are counted from
the most recent date already mentioned, if that date is precise enough for
the unit ("two days later" needs a day; "the following year" needs only a
year). Which words point back is listed under ``ANCHORED`` in
``knowledge/timex/vocabulary.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# Units an expression counts in, and the reference precisions that can carry
# them: a day needs a day; a week a day or a week; a year anything dated.
_SUPPORTS = {
    "D": frozenset({"D"}),
    "W": frozenset({"D", "W"}),
    "2W": frozenset({"D", "W"}),
    "M": frozenset({"D", "M"}),
    "Q": frozenset({"D", "M", "Q"}),
    "Y": frozenset({"D", "W", "M", "Q", "Y"}),
    "E": frozenset({"D", "W", "M", "Q", "Y", "E"}),
    "C": frozenset({"D", "W", "M", "Q", "Y", "E"}),
}

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(T.*)?")
_WEEK = re.compile(r"(\d{4})-W(\d{2})(-\d|-WE)?")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_YEAR = re.compile(r"(\d{4})(-(H[12]|SP|SU|FA|WI))?")
_DECADE = re.compile(r"(\d{3})")


@dataclass(frozen=True, slots=True)
class ReferenceTime:
    """A mentioned date: the first day of its period and its precision (D, W, M, Q, Y, E)."""

    start: date
    precision: str

    @classmethod
    def from_value(cls, value: str) -> ReferenceTime | None:
        """The reference time a TIMEX3 value sets, or None (durations, REFs, sets, unknown parts)."""
        try:
            if match := _DAY.fullmatch(value):
                return cls(date(int(match[1]), int(match[2]), int(match[3])), "D")
            if match := _WEEK.fullmatch(value):
                return cls(date.fromisocalendar(int(match[1]), int(match[2]), 1), "W")
            if match := _MONTH.fullmatch(value):
                return cls(date(int(match[1]), int(match[2]), 1), "M")
            if match := _QUARTER.fullmatch(value):
                return cls(date(int(match[1]), 3 * int(match[2]) - 2, 1), "Q")
            if match := _YEAR.fullmatch(value):
                return cls(date(int(match[1]), 1, 1), "Y")
            if match := _DECADE.fullmatch(value):  # "the 1980s": "the following decade" is the 1990s
                return cls(date(max(int(match[1]) * 10, 1), 1, 1), "E")
        except ValueError:
            return None
        return None

    def supports(self, unit: str) -> bool:
        """Whether counting in ``unit`` from this reference gives a meaningful date."""
        return self.precision in _SUPPORTS.get(unit, frozenset())
