"""The pure normaliser: expression text + document date + tense -> TIMEX3 type and value."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.timex_normalise import VALUE_GRAMMAR, TimexNormaliser

DCT = date(2025, 12, 11)  # a Thursday, ISO week 50


@pytest.fixture(scope="module")
def normaliser() -> TimexNormaliser:
    return TimexNormaliser.from_package()


@pytest.mark.parametrize(
    ("text", "tense", "type_", "value"),
    [
        ("October", "PAST", "DATE", "2025-10"),
        ("this year", None, "DATE", "2025"),
        ("last week", None, "DATE", "2025-W49"),
        ("next month", None, "DATE", "2026-01"),
        ("Tuesday", "PAST", "DATE", "2025-12-09"),
        ("Tuesday", "FUTURE", "DATE", "2025-12-16"),
        ("Thursday", None, "DATE", "2025-12-11"),
        ("two years", None, "DURATION", "P2Y"),
        ("the past 18 months", None, "DURATION", "P18M"),
        ("three hours", None, "DURATION", "PT3H"),
        ("several weeks", None, "DURATION", "PXW"),
        ("two-year", None, "DURATION", "P2Y"),
        ("every week", None, "SET", "P1W"),
        ("daily", None, "SET", "P1D"),
        ("each Monday", None, "SET", "XXXX-WXX-1"),
        ("the 1990s", None, "DATE", "199"),
        ("the nineties", None, "DATE", "199"),
        ("the 20th century", None, "DATE", "19"),
        ("recently", None, "DATE", "PAST_REF"),
        ("now", None, "DATE", "PRESENT_REF"),
        ("the future", None, "DATE", "FUTURE_REF"),
        ("yesterday", None, "DATE", "2025-12-10"),
        ("three days ago", None, "DATE", "2025-12-08"),
        ("two weeks ago", None, "DATE", "2025-W48"),
        ("a year earlier", None, "DATE", "2024"),
        ("Nov. 14", "PAST", "DATE", "2025-11-14"),
        ("Jan. 5", "FUTURE", "DATE", "2026-01-05"),
        ("Oct. 5, 1998", None, "DATE", "1998-10-05"),
        ("5 October 1998", None, "DATE", "1998-10-05"),
        ("March 2019", None, "DATE", "2019-03"),
        ("July last year", None, "DATE", "2024-07"),
        ("mid-2019", None, "DATE", "2019"),
        ("the third quarter", None, "DATE", "2025-Q3"),
        ("the first half of 1998", None, "DATE", "1998-H1"),
        ("last summer", None, "DATE", "2025-SU"),
        ("this morning", None, "TIME", "2025-12-11TMO"),
        ("last night", None, "TIME", "2025-12-10TNI"),
        ("Friday evening", "PAST", "TIME", "2025-12-05TEV"),
        ("10:30 a.m.", None, "TIME", "2025-12-11T10:30"),
        ("5 p.m. EST Dec. 9", None, "TIME", "2025-12-09T17:00"),
        ("nineteen ninety-six", None, "DATE", "1996"),
        ("the weekend", "PAST", "DATE", "2025-W49-WE"),
    ],
)
def test_resolves(normaliser: TimexNormaliser, text: str, tense: str | None, type_: str, value: str) -> None:
    resolution = normaliser.normalise(text, DCT, tense)
    assert resolution is not None, text
    assert (resolution.type, resolution.value) == (type_, value)


def test_year_ago_follows_the_reported_quarter(normaliser: TimexNormaliser) -> None:
    resolution = normaliser.normalise("a year ago", DCT, "PAST", anchor="2025-Q3")
    assert resolution is not None and resolution.value == "2024-Q3"


def test_month_year_is_guessed_by_tense(normaliser: TimexNormaliser) -> None:
    december = date(2025, 12, 11)
    assert normaliser.normalise("February", december, "PAST").value == "2025-02"
    assert normaliser.normalise("February", december, "FUTURE").value == "2026-02"


@pytest.mark.parametrize("text", ["", "the", "old", "decades old", "banana", "Theresa", "12345678", "of the"])
def test_non_expressions_are_rejected(normaliser: TimexNormaliser, text: str) -> None:
    assert normaliser.normalise(text, DCT) is None


@pytest.mark.parametrize(
    "value",
    ["2025", "2025-10", "2025-W49", "2025-W49-WE", "199", "19", "P2Y", "PT3H", "P1.5Y", "XXXX-WXX-1", "PAST_REF"],
)
def test_value_grammar_accepts_timeml_values(value: str) -> None:
    assert VALUE_GRAMMAR.fullmatch(value)


@pytest.mark.parametrize("value", ["2025-13x", "P", "PY", "W49", "2025-W", "yesterday", ""])
def test_value_grammar_rejects_other_strings(value: str) -> None:
    assert not VALUE_GRAMMAR.fullmatch(value)


WORDS = st.sampled_from(
    [
        "the",
        "last",
        "next",
        "this",
        "every",
        "each",
        "two",
        "a",
        "few",
        "several",
        "ago",
        "earlier",
        "later",
        "year",
        "years",
        "month",
        "week",
        "weeks",
        "day",
        "quarter",
        "third",
        "first",
        "half",
        "Monday",
        "Friday",
        "October",
        "May",
        "1998",
        "2025",
        "1990s",
        "14",
        "5",
        "p.m.",
        "a.m.",
        "10:30",
        "morning",
        "night",
        "now",
        "recently",
        "yesterday",
        "today",
        "tomorrow",
        "summer",
        "of",
        ",",
        "-",
        "'s",
        "nineteen",
        "ninety",
        "six",
        "twenty",
        "thousand",
        "hundred",
        "century",
        "20th",
    ]
)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40), dct=st.dates(), tense=st.sampled_from([None, "PAST", "PRESENT", "FUTURE"]))
def test_never_raises_on_arbitrary_text(text: str, dct: date, tense: str | None) -> None:
    normaliser = TimexNormaliser.from_package()
    resolution = normaliser.normalise(text, dct, tense)
    assert resolution is None or VALUE_GRAMMAR.fullmatch(resolution.value)


@settings(max_examples=600, deadline=None)
@given(
    words=st.lists(WORDS, min_size=1, max_size=5),
    dct=st.dates(),
    tense=st.sampled_from([None, "PAST", "PRESENT", "FUTURE"]),
    anchor=st.sampled_from([None, "1998-Q3", "2025-Q1"]),
)
def test_emitted_values_match_the_grammar(words: list[str], dct: date, tense: str | None, anchor: str | None) -> None:
    resolution = TimexNormaliser.from_package().normalise(" ".join(words), dct, tense, anchor)
    if resolution is not None:
        assert resolution.type in {"DATE", "TIME", "DURATION", "SET"}
        assert VALUE_GRAMMAR.fullmatch(resolution.value), resolution
