"""Resolvers of periods counted from a point: quarters and halves ("the third
quarter", "the last half of 1989"), the reported period and the one a year
before it ("the year-ago quarter"), and units counted from the article or the
story's date ("next month", "two years ago", "the 1988 quarter").
"""

from __future__ import annotations

from newsgraph.extract.timex_calendar import (
    TIME_UNITS,
    anchor_shift,
    base_day,
    duration_code,
    quarter_code,
    quarter_of,
    shift_point,
    year_code,
)
from newsgraph.extract.timex_dates import decade
from newsgraph.extract.timex_resolution import Context, Resolution, Word, date_resolution, first_value, has_kind


def quarter(words: list[Word], ctx: Context) -> Resolution | None:
    """ "the third quarter", "the first half of 1998", "the second quarter of next year"."""
    ordinal = next(i for i, w in enumerate(words) if w.kind == "ORDINAL")
    period = words[ordinal + 1]
    if period.kind == "HALF":
        unit = "H"
    elif period.value == "Q":
        unit = "Q"
    else:
        return None
    if any(w.kind == "UNIT" and w.value != "Y" for w in words if w is not period):
        return None  # the year named by a unit must be a year: not "the first quarter of next month"
    n = first_value(words, "ORDINAL")
    y = first_value(words, "YEAR")
    if y is None and has_kind(words, "RELATIVE"):
        y = ctx.dct.year + first_value(words, "RELATIVE")
    if n == 0:  # "the latest quarter": the document's quarter, or the last one ended
        if ctx.anchor and unit == "Q":
            return date_resolution(ctx.anchor)
        return date_resolution(quarter_code(ctx.dct.year, quarter_of(ctx.dct) - 1)) if unit == "Q" else None
    if n > (4 if unit == "Q" else 2):
        return None
    if y is None and ctx.fiscal:
        y = ctx.dct.year  # a fiscal year is not the calendar one: "the fiscal third quarter" reported in March
    if y is None and words[-1] is not period and words[-1].kind == "UNIT":
        y = ctx.dct.year  # "the second half of the year": "the year" is the article's, as on its own
    if y is None:
        current = quarter_of(ctx.dct) if unit == "Q" else (ctx.dct.month - 1) // 6 + 1
        y = ctx.dct.year - 1 if n > current and ctx.tense != "FUTURE" else ctx.dct.year
    return date_resolution(f"{year_code(y)}-{unit}{n}")


# The months that a part of a year counted in each unit spans.
_MONTHS_IN = {"H": 6, "Q": 3, "M": 1}
# A part of a year by its length in months: the code of its first and last such part.
_YEAR_PARTS = {6: ("-H1", "-H2"), 3: ("-Q1", "-Q4"), 1: ("-01", "-12"), 12: ("", "")}


def part_of_period(words: list[Word], ctx: Context) -> Resolution | None:
    """ "the last half of 1989", "the first two quarters of 2026", "the last quarter
    of next year": the opening or closing part of a year, as the half, quarter or
    month it amounts to; "the last half of the '80s" is the decade, which has no halves."""
    edge = words[0]
    if (edge.kind, edge.value) == ("ORDINAL", 1):
        last = False
    elif (edge.kind, edge.value) == ("RELATIVE", -1):
        last = True
    else:
        return None
    part = next(w for w in words[1:] if w.kind in {"HALF", "UNIT"})
    count = first_value(words[1:], "NUM", first_value(words[1:], "INT", 1))
    if has_kind(words, "DECADE"):
        return decade(words, ctx) if part.kind == "HALF" and count == 1 else None
    unit = "H" if part.kind == "HALF" else part.value
    if unit not in _MONTHS_IN or not isinstance(count, int):
        return None
    codes = _YEAR_PARTS.get(_MONTHS_IN[unit] * count)
    if codes is None:
        return None
    y = first_value(words, "YEAR")
    if y is None:
        units = [w.value for w in words if w.kind == "UNIT"]
        if units[-1] != "Y":
            return None  # "the last half of next month" is not a part of a year
        y = ctx.dct.year + first_value(words[1:], "RELATIVE")
    return date_resolution(year_code(y) + codes[last])


def year_ago_period(words: list[Word], ctx: Context) -> Resolution | None:
    units = [w.value for w in words if w.kind in {"UNIT", "PERIOD"}]
    sign = first_value(words, "AGO")
    if units[-1] == "Q" and ctx.anchor:
        value = anchor_shift(ctx.anchor, units[0], sign)
        if value:
            return date_resolution(value)
    if units[-1] == "Q":
        return date_resolution(quarter_code(ctx.dct.year - (1 if units[0] == "Y" else 0), quarter_of(ctx.dct) - 1))
    return None


def year_ago_quarter(words: list[Word], ctx: Context) -> Resolution | None:
    """ "the year-ago third quarter": that quarter of the year before the reported one."""
    units = [w.value for w in words if w.kind == "UNIT"]
    n = first_value(words, "ORDINAL")
    if units != ["Y", "Q"] or not 1 <= n <= 4:
        return None
    reported = int(ctx.anchor[:4]) if ctx.anchor else ctx.dct.year
    return date_resolution(quarter_code(reported + first_value(words, "AGO"), n))


def reported_period(words: list[Word], ctx: Context) -> Resolution | None:
    """ "the latest period": the quarter the document reports on, if it names one."""
    return date_resolution(ctx.anchor) if ctx.anchor and first_value(words, "ORDINAL") == 0 else None


def relative_unit(words: list[Word], ctx: Context) -> Resolution | None:
    shift, unit = first_value(words, "RELATIVE"), first_value(words, "UNIT")
    if next(w for w in words if w.kind == "UNIT").text.endswith("s"):
        # "in coming weeks", "in past years" (TimeBank): vaguely ahead or behind
        if shift:
            return date_resolution("FUTURE_REF" if shift > 0 else "PAST_REF")
        return Resolution("DURATION", duration_code("X", unit))
    if unit in TIME_UNITS:
        return None
    if words[0].text == "past" and unit != "Y":
        return Resolution("DURATION", duration_code(1, unit))
    if ctx.anchored and shift == 0 and not (ctx.reference and ctx.reference.supports(unit)):
        return None  # "that day" with no day told before it is generic
    if unit == "Q" and ctx.anchor and shift == 0 and not ctx.anchored and not ctx.in_progress:
        return date_resolution(ctx.anchor)
    if unit == "D" and not ctx.anchored and words[0].text != "next":
        return None  # "the last day" is not yesterday
    return date_resolution(shift_point(base_day(ctx, unit), unit, shift))


def units_ago(words: list[Word], ctx: Context) -> Resolution | None:
    unit, sign = first_value(words, "UNIT"), first_value(words, "AGO")
    plural = next(w for w in words if w.kind == "UNIT").text.endswith("s")
    amount = first_value(words, "NUM", first_value(words, "INT", first_value(words, "FEW", "X" if plural else 1)))
    if amount == "X":  # "a few years ago", "months ago"
        return date_resolution("PAST_REF" if sign < 0 else "FUTURE_REF")
    if not isinstance(amount, int) or unit in TIME_UNITS:
        return None
    if unit == "E":  # "a decade ago": the year ten years back (TimeBank and AQUAINT give a year)
        unit, amount = "Y", amount * 10
    if unit == "Y" and amount == 1 and ctx.anchor:
        value = anchor_shift(ctx.anchor, "Y", sign)
        if value:
            return date_resolution(value)
    return date_resolution(shift_point(base_day(ctx, unit), unit, sign * amount))


def year_quarter(words: list[Word], ctx: Context) -> Resolution | None:
    """ "the 1988 quarter", "the 1988 period": the document's quarter in the named year."""
    if first_value(words, "UNIT", first_value(words, "PERIOD")) != "Q":
        return None
    q = int(ctx.anchor[-1]) if ctx.anchor else quarter_of(ctx.dct) - 1 or 4
    return date_resolution(quarter_code(first_value(words, "YEAR"), q))


def year_of_unit(words: list[Word], ctx: Context) -> Resolution | None:
    """ "the year two thousand", "the year 2000", "fiscal year 1999"."""
    amount = first_value(words, "NUM", first_value(words, "YEAR"))
    if words[0].text not in {"year", "yr"} or not isinstance(amount, int) or not 1000 <= amount <= 2199:
        return None
    return date_resolution(year_code(amount))
