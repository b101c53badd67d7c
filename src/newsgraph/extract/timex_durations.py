"""Resolvers of durations: how long something lasted or will last ("two and a
half years", "the six months ended in March", "a while").
"""

from __future__ import annotations

from typing import Any

from newsgraph.extract.timex_calendar import TIME_UNITS, duration_code, quarter_code, quarter_of, shift_point
from newsgraph.extract.timex_periods import year_quarter
from newsgraph.extract.timex_resolution import Context, Resolution, Word, date_resolution, first_value, has_kind


def vague_duration(words: list[Word], ctx: Context) -> Resolution:
    return Resolution("DURATION", "PXX")


def duration(words: list[Word], ctx: Context) -> Resolution | None:
    units = [w for w in words if w.kind == "UNIT"]
    unit_word = units[-1]
    amount: Any = None
    for kind in ("NUM", "INT", "YEAR"):
        if has_kind(words, kind):
            amount = first_value(words, kind)
            break
    if amount is None and has_kind(words, "FEW") and first_value(words, "FEW") == "FUTURE_REF":
        return date_resolution("FUTURE_REF")
    if amount is None and ctx.definite and len(words) == 1 and not unit_word.text.endswith("s"):
        if unit_word.value == "Q" and ctx.anchor:
            return date_resolution(ctx.anchor)
        if unit_word.value == "Q":
            return date_resolution(quarter_code(ctx.dct.year, quarter_of(ctx.dct) - 1))
        if unit_word.value in {"Y", "M", "W", "D", "E"}:
            return date_resolution(shift_point(ctx.dct, unit_word.value, 0))  # "the year", "the end of the decade"
    if amount is None:
        amount = "X" if has_kind(words, "FEW") or unit_word.text.endswith("s") else 1
    if has_kind(words, "YEAR") and not unit_word.text.endswith("s"):
        return year_quarter(words, ctx)
    if has_kind(words, "HALF") and isinstance(amount, int):
        numbers = [w for w in words if w.kind in {"NUM", "INT"}]
        # "a year and a half", "2 1/2 years" add a half; "a half year" is one
        whole = len(numbers) > 1 or (numbers and numbers[0].text not in {"a", "an"})
        amount = amount + 0.5 if whole else 0.5
    return Resolution("DURATION", duration_code(amount, unit_word.value))


def period_ended(words: list[Word], ctx: Context) -> Resolution | None:
    """ "the year ended June 30", "the six months ending in March": the span
    of the period (TimeBank); "the quarter ended Sept. 30" is the reported quarter."""
    units = [w for w in words if w.kind == "UNIT"]
    if len(units) != 1 or units[0].value in TIME_UNITS:
        return None
    if units[0].value == "Q" and not has_kind(words, "NUM") and not has_kind(words, "INT"):
        return duration([w for w in words if w.kind != "ENDED"], ctx)
    amount = first_value(words, "NUM", first_value(words, "INT", 1))
    return Resolution("DURATION", duration_code(amount, units[0].value)) if isinstance(amount, int) else None
