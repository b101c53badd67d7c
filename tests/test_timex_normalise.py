"""The pure normaliser: expression text + document date + tense -> TIMEX3 type and value."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.timex_normalise import TimexNormaliser
from newsgraph.extract.timex_reference import ReferenceTime
from newsgraph.extract.timex_resolution import VALUE_GRAMMAR

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
        ("every winter", None, "SET", "XXXX-WI"),
        ("twice a day", None, "SET", "P1D"),
        ("every few years", None, "SET", "PXY"),
        ("7:52 a.m. Nov. 18, 2003", None, "TIME", "2003-11-18T07:52"),
        ("5 p.m. MST Saturday", "FUTURE", "TIME", "2025-12-13T17:00"),
        ("at least 8,000 years", None, "DURATION", "P8000Y"),
        ("more than a century", None, "DURATION", "P100Y"),
        ("centuries", None, "DURATION", "PXC"),
        ("a decade ago", None, "DATE", "2015"),
        ("half an hour", None, "DURATION", "PT30M"),
        ("the second half of the year", None, "DATE", "2025-H2"),
        ("the end of the decade", None, "DATE", "202"),
        ("the coming week", None, "DATE", "2025-W51"),
        ("the coming months", None, "DATE", "FUTURE_REF"),
        ("past years", None, "DATE", "PAST_REF"),
        ("three times a year", None, "SET", "P1Y"),
        ("1400 GMT", None, "TIME", "2025-12-11T14:00"),
        ("the second quarter of next year", None, "DATE", "2026-Q2"),
        ("the first half of last year", None, "DATE", "2024-H1"),
        ("months ago", "PAST", "DATE", "PAST_REF"),
        # decades in years, as TimeBank and AQUAINT write them
        ("two decades", None, "DURATION", "P20Y"),
        ("decades", None, "DURATION", "PXY"),
        ("a decade and a half", None, "DURATION", "P15Y"),
        ("year-long", None, "DURATION", "P1Y"),
    ],
)
def test_resolves(normaliser: TimexNormaliser, text: str, tense: str | None, type_: str, value: str) -> None:
    resolution = normaliser.normalise(text, DCT, tense)
    assert resolution is not None, text
    assert (resolution.type, resolution.value) == (type_, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # the opening or closing part of a year is the half, quarter or month it amounts to
        ("the last half of 2019", "2019-H2"),
        ("the first two quarters of 2027", "2027-H1"),
        ("the last quarter of 2024", "2024-Q4"),
        ("the first six months of 2030", "2030-H1"),
        ("the last month of 2023", "2023-12"),
        ("the last quarter of next year", "2026-Q4"),
        # a decade has no halves: the decade itself
        ("the last half of the '70s", "197"),
    ],
)
def test_the_first_or_last_part_of_a_year(normaliser: TimexNormaliser, text: str, value: str) -> None:
    resolution = normaliser.normalise(text, DCT, "PAST")
    assert resolution is not None, text
    assert (resolution.type, resolution.value) == ("DATE", value)


@pytest.mark.parametrize(
    "text", ["the first nine months of 2019", "the last two weeks of 2019", "the last half of next month"]
)
def test_parts_that_are_no_calendar_period_are_not_resolved(normaliser: TimexNormaliser, text: str) -> None:
    # left to their parts ("the first nine months", "2019"), as TimeML marks them
    assert normaliser.normalise(text, DCT, "PAST") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("the year 2030", "2030"), ("fiscal year 2026", "2026"), ("the year nineteen ninety-nine", "1999")],
)
def test_a_year_named_after_the_word_year(normaliser: TimexNormaliser, text: str, value: str) -> None:
    resolution = normaliser.normalise(text, DCT, None)
    assert resolution is not None, text
    assert (resolution.type, resolution.value) == ("DATE", value)
    assert normaliser.normalise("years 2030", DCT, None) is None


@pytest.mark.parametrize(
    ("text", "type_", "value"),
    [
        # "this past" is "last" and "this coming" is "next": a point, not a stretch
        ("this past week", "DATE", "2025-W49"),
        ("this past weekend", "DATE", "2025-W49-WE"),
        ("this coming week", "DATE", "2025-W51"),
        ("this coming Monday", "DATE", "2025-12-15"),
        # "the past week" stays a duration
        ("the past week", "DURATION", "P1W"),
    ],
)
def test_this_past_and_this_coming(normaliser: TimexNormaliser, text: str, type_: str, value: str) -> None:
    resolution = normaliser.normalise(text, DCT, "PAST")
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
    [
        "2025",
        "2025-10",
        "2025-W49",
        "2025-W49-WE",
        "199",
        "19",
        "P2Y",
        "PT3H",
        "P1.5Y",
        "P2Y6M",
        "P1DT12H",
        "PXX",
        "XXXX-WXX-1",
        "PAST_REF",
    ],
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
        "following",
        "previous",
        "past",
        "coming",
        "'80s",
        "that",
        "same",
        "period",
        "latest",
        "while",
        "1/2",
        "near",
        "future",
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
    reference=st.sampled_from([None, "1995-05-22", "2019-03", "2019-W10", "1998-Q2", "2010", "0001-01-01", "9999-12"]),
    following=st.sampled_from(["", "ended", "ending", "later", "said"]),
)
def test_emitted_values_match_the_grammar(
    words: list[str], dct: date, tense: str | None, anchor: str | None, reference: str | None, following: str
) -> None:
    told = None if reference is None else ReferenceTime.from_value(reference)
    resolution = TimexNormaliser.from_package().normalise(" ".join(words), dct, tense, anchor, told, following)
    if resolution is not None:
        assert resolution.type in {"DATE", "TIME", "DURATION", "SET"}
        assert VALUE_GRAMMAR.fullmatch(resolution.value), resolution


@pytest.mark.parametrize(
    ("text", "tense", "type_", "value"),
    [
        ("2 1/2 years", None, "DURATION", "P2Y6M"),
        ("a year and a half", None, "DURATION", "P1Y6M"),
        ("a half year", None, "DURATION", "P6M"),
        ("a day and a half", None, "DURATION", "P1DT12H"),
        ("a minute and a half", None, "DURATION", "PT1M30S"),
        ("a while", None, "DURATION", "PXX"),
        ("current", None, "DATE", "PRESENT_REF"),
        ("recent", None, "DATE", "PAST_REF"),
        ("the near future", None, "DATE", "FUTURE_REF"),
        ("the near term", None, "DATE", "FUTURE_REF"),
        ("a later date", None, "DATE", "FUTURE_REF"),
        ("these days", None, "DATE", "PRESENT_REF"),
        ("next year's first quarter", None, "DATE", "2026-Q1"),
        ("Saturday", "PRESENT", "DATE", "2025-12-13"),  # a schedule: "meet Saturday", two days ahead
        ("Monday", "PRESENT", "DATE", "2025-12-08"),  # nearer three days back than four ahead
        ("later this year", None, "DATE", "2025"),
        # holidays: fixed, n-th weekday and movable, placed like a month day
        ("Christmas Eve", None, "DATE", "2025-12-24"),
        ("Halloween", "PAST", "DATE", "2025-10-31"),
        ("last Thanksgiving", None, "DATE", "2025-11-27"),
        ("Thanksgiving Day 2019", None, "DATE", "2019-11-28"),
        ("next Easter", None, "DATE", "2026-04-05"),
        ("Easter 2024", None, "DATE", "2024-03-31"),
        ("Good Friday 2024", None, "DATE", "2024-03-29"),  # two days before Easter
        ("Labor Day 2019", None, "DATE", "2019-09-02"),  # first Monday of September
        ("last Memorial Day", None, "DATE", "2025-05-26"),  # last Monday of May
        ("Veterans Day", "PAST", "DATE", "2025-11-11"),
        ("next Boxing Day", None, "DATE", "2025-12-26"),
    ],
)
def test_resolves_vague_fractional_and_scheduled(
    normaliser: TimexNormaliser, text: str, tense: str | None, type_: str, value: str
) -> None:
    resolution = normaliser.normalise(text, DCT, tense)
    assert resolution is not None, text
    assert (resolution.type, resolution.value) == (type_, value)


@pytest.mark.parametrize(
    ("text", "reference", "value"),
    [
        ("the following year", "1995-05-22", "1996"),
        ("the following month", "2019-03", "2019-04"),
        ("two days later", "2019-03-03", "2019-03-05"),
        ("three weeks earlier", "2019-03-03", "2019-W06"),
        ("that year", "2010-06", "2010"),
        ("the same day", "2019-03-03", "2019-03-03"),
        ("later that month", "2019-03-03", "2019-03"),
        ("the next day", "2019-03-03", "2019-03-04"),
        ("the previous Friday", "2025-12-09", "2025-12-05"),
        ("the following Monday", "2019-03-03", "2019-03-04"),
        # not precise enough for the unit: counted from the article date
        ("two days later", "2019", "2025-12-13"),
        # deictic words keep counting from the article date
        ("next year", "1995-05-22", "2026"),
        ("later this year", "1995-05-22", "2025"),
        ("two years ago", "1995-05-22", "2023"),
    ],
)
def test_anchored_expressions_count_from_the_story_reference(
    normaliser: TimexNormaliser, text: str, reference: str, value: str
) -> None:
    resolution = normaliser.normalise(text, DCT, "PAST", reference=ReferenceTime.from_value(reference))
    assert resolution is not None, text
    assert resolution.value == value


def test_that_day_without_a_told_day_is_not_resolved(normaliser: TimexNormaliser) -> None:
    assert normaliser.normalise("that day", DCT, "PAST") is None
    assert normaliser.normalise("that day", DCT, "PAST", reference=ReferenceTime.from_value("2019")) is None


def test_reported_periods_follow_the_reported_quarter(normaliser: TimexNormaliser) -> None:
    def value(text: str) -> str | None:
        resolution = normaliser.normalise(text, DCT, "PAST", anchor="2025-Q3")
        return None if resolution is None else resolution.value

    assert value("the latest period") == "2025-Q3"
    assert value("the year-earlier period") == "2024-Q3"
    assert value("the year-ago third quarter") == "2024-Q3"
    assert value("the 2024 period") == "2024-Q3"
    assert normaliser.normalise("the latest period", DCT, "PAST") is None


def test_the_current_quarter_is_the_one_under_way(normaliser: TimexNormaliser) -> None:
    # a December report on the third quarter: "this quarter" may be the reported
    # one, "the current quarter" is the fourth, in progress at the article date
    def value(text: str) -> str | None:
        resolution = normaliser.normalise(text, DCT, "PRESENT", anchor="2025-Q3")
        return None if resolution is None else resolution.value

    assert value("this quarter") == "2025-Q3"
    assert value("the current quarter") == "2025-Q4"


@pytest.mark.parametrize(
    ("text", "following", "type_", "value"),
    [
        # a financial period closed by a date is a span (TimeBank)
        ("the year", "ended", "DURATION", "P1Y"),
        ("the fiscal year", "ending", "DURATION", "P1Y"),
        ("the nine months", "ended", "DURATION", "P9M"),
        # ... but a named quarter stays the quarter, and the word only counts after a period
        ("the third quarter", "ended", "DATE", "2025-Q3"),
        ("the year", "", "DATE", "2025"),
        ("the year", "ahead", "DATE", "2025"),
    ],
)
def test_a_period_ended_by_a_date_is_a_duration(
    normaliser: TimexNormaliser, text: str, following: str, type_: str, value: str
) -> None:
    resolution = normaliser.normalise(text, DCT, "PAST", following=following)
    assert resolution is not None, text
    assert (resolution.type, resolution.value) == (type_, value)


def test_a_time_of_day_belongs_to_the_day_last_told_in_the_news_week(normaliser: TimexNormaliser) -> None:
    def value(text: str, reference: str) -> str | None:
        resolution = normaliser.normalise(text, DCT, "PAST", reference=ReferenceTime.from_value(reference))
        return None if resolution is None else resolution.value

    assert value("the morning", "2025-12-05") == "2025-12-05TMO"
    assert value("10:35 a.m.", "2025-12-10") == "2025-12-10T10:35"
    # a day from the story's background is not the day of the clock time
    assert value("10:35 a.m.", "1995-05-22") == "2025-12-11T10:35"
    # nor is any day that of "tonight"
    assert value("tonight", "2025-12-10") == "2025-12-11TNI"


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        ("December nineteenth", "FUTURE", "2025-12-19"),
        ("the twenty-third of December", "FUTURE", "2025-12-23"),
        ("the first of January", "FUTURE", "2026-01-01"),
        ("this coming Saturday, December thirteenth", None, "2025-12-13"),
    ],
)
def test_days_spelled_as_ordinal_words(normaliser: TimexNormaliser, text: str, tense: str | None, value: str) -> None:
    # as broadcast transcripts write dates; "twenty-second" stays ambiguous (a 20-second ad)
    resolution = normaliser.normalise(text, DCT, tense)
    assert resolution is not None, text
    assert (resolution.type, resolution.value) == ("DATE", value)
    assert normaliser.normalise("the twentieth century", DCT).value == "19"


def test_a_phrase_of_one_word_is_refused() -> None:
    from newsgraph.extract.timex_normalise import _load

    vocabulary = {**_load("vocabulary.yaml"), "PHRASES": {"past": "last"}}
    with pytest.raises(ValueError, match="two words or more"):
        TimexNormaliser(vocabulary, _load("rules.yaml")["rules"])


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("New Year's Day", "2026-01-01"),
        ("New Year\u2019s Eve", "2025-12-31"),
        ("St. Stephen's Day", "2025-12-26"),
        ("All Saints' Day", "2025-11-01"),
        ("this past weekend", "2025-W49-WE"),  # two-word phrases still read
    ],
)
def test_phrases_of_several_words(normaliser: TimexNormaliser, text: str, value: str) -> None:
    resolution = normaliser.normalise(text, DCT, None)
    assert resolution is not None and resolution.value == value


def test_last_weekend_said_on_a_weekend_is_the_one_before(normaliser: TimexNormaliser) -> None:
    sunday = date(2025, 12, 14)  # ISO week 50
    assert normaliser.normalise("last weekend", sunday, "PAST").value == "2025-W49-WE"
    assert normaliser.normalise("the weekend", sunday, "PAST").value == "2025-W50-WE"
    assert normaliser.normalise("this weekend", sunday, "PAST").value == "2025-W50-WE"
