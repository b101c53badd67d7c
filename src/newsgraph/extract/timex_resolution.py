"""What a TIMEX3 resolver works with: an expression's classified words, the
context it is read in, and the type and value it resolves to.

``VALUE_GRAMMAR`` is the ISO-TimeML value grammar every resolution is checked
against; the word look-ups are the ones every resolver uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from newsgraph.extract.timex_reference import ReferenceTime

Tense = str | None  # "PAST", "PRESENT", "FUTURE" or None when unknown

# The ISO-TimeML value grammar (TimeML 1.2.1, as used in TempEval-3).
_DATE_VALUE = (
    r"(\d{4}|\d{3}|\d{2}|XXXX)(-(\d{2}|XX)(-(\d{2}|XX))?|-W(\d{2}|XX)(-(\d|WE))?|-Q[1-4X]|-H[12X]|-(SP|SU|FA|WI))?"
)
_TIME_SUFFIX = r"(T(\d{2}(:\d{2}(:\d{2})?)?|MO|AF|EV|NI|DT))?"
# "PXX" is a stretch of unknown unit and length ("a while"), as TimeBank writes it.
_DURATION_VALUE = r"P(((\d+(\.\d+)?|X)(Y|M|W|D|Q|E|C|L))+(T((\d+(\.\d+)?|X)[HMS])+)?|T((\d+(\.\d+)?|X)[HMS])+|XX)"
VALUE_GRAMMAR = re.compile(rf"(PAST_REF|PRESENT_REF|FUTURE_REF|{_DATE_VALUE}{_TIME_SUFFIX}|{_DURATION_VALUE})")


@dataclass(frozen=True, slots=True)
class Word:
    """One classified word of an expression."""

    text: str
    kind: str
    value: Any


@dataclass(frozen=True, slots=True)
class Resolution:
    type: str  # DATE, TIME, DURATION, SET
    value: str
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Context:
    dct: date
    tense: Tense
    anchor: str | None  # the last explicit quarter value in the document, for "a year earlier"
    definite: bool = False  # "the year" (a point) rather than "a year" (a duration)
    reference: ReferenceTime | None = None  # the story's last mentioned date, for "the following year"
    anchored: bool = False  # the expression counts from that date ("later", "following", "that")
    in_progress: bool = False  # the period under way at the article date ("the current quarter")
    fiscal: bool = False  # a company's fiscal period ("the fiscal third quarter"), numbered by its own year


def first_value(words: list[Word], kind: str, default: Any = None) -> Any:
    """The value of the first word of class ``kind``, else ``default``."""
    return next((w.value for w in words if w.kind == kind), default)


def has_kind(words: list[Word], kind: str) -> bool:
    """Whether any word is of class ``kind``."""
    return any(w.kind == kind for w in words)


def date_resolution(value: str) -> Resolution:
    """A DATE resolution of ``value``."""
    return Resolution("DATE", value)
