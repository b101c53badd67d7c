"""Resolvers of calendar points: years, decades, months, days, times of day,
weekends, holidays and seasons ("last Christmas", "Friday morning", "the 1990s").

Each resolver takes an expression's classified words and its context and
returns a ``Resolution`` or None; ``rules.yaml`` names which one applies.
"""

from __future__ import annotations

from datetime import date, timedelta

from newsgraph.extract.timex_calendar import (
    base_day,
    day_code,
    holiday_date,
    month_code,
    nearest_year,
    part_code,
    told_day,
    week_code,
    weekday_date,
    year_code,
)
from newsgraph.extract.timex_resolution import Context, Resolution, Word, date_resolution, first_value, has_kind
from newsgraph.extract.timex_sets import set_weekday

_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def fuzzy(words: list[Word], ctx: Context) -> Resolution:
    return date_resolution(words[0].value)


def year(words: list[Word], ctx: Context) -> Resolution:
    return date_resolution(year_code(first_value(words, "YEAR")))


def decade(words: list[Word], ctx: Context) -> Resolution:
    return date_resolution(f"{first_value(words, 'DECADE'):03d}")


def century(words: list[Word], ctx: Context) -> Resolution | None:
    if first_value(words, "UNIT") != "C":
        return None
    return date_resolution(f"{first_value(words, 'NTH') - 1:02d}")


def month(words: list[Word], ctx: Context) -> Resolution:
    m = first_value(words, "MONTH")
    y = first_value(words, "YEAR")
    return date_resolution(month_code(y if y is not None else nearest_year(m, 1, ctx), m))


def month_of_relative_year(words: list[Word], ctx: Context) -> Resolution | None:
    if first_value(words, "UNIT") != "Y":
        return None
    return date_resolution(month_code(ctx.dct.year + first_value(words, "RELATIVE"), first_value(words, "MONTH")))


def relative_month(words: list[Word], ctx: Context) -> Resolution:
    m, shift = first_value(words, "MONTH"), first_value(words, "RELATIVE")
    y = ctx.dct.year
    if shift < 0 and m >= ctx.dct.month:
        y -= 1
    elif shift > 0 and m <= ctx.dct.month:
        y += 1
    return date_resolution(month_code(y, m))


def _day_from(words: list[Word], ctx: Context) -> date | None:
    """The calendar day named by a date expression's words, if any."""
    if has_kind(words, "MONTH"):
        m = first_value(words, "MONTH")
        d = first_value(words, "INT", first_value(words, "NTH", first_value(words, "ORDINAL")))
        if not d:  # none, or "latest"
            return None
        y = first_value(words, "YEAR")
        return date(y if y is not None else nearest_year(m, d, ctx), m, d)
    if has_kind(words, "WEEKDAY"):
        return weekday_date(first_value(words, "WEEKDAY"), first_value(words, "RELATIVE", 0), ctx)
    if has_kind(words, "DEICTIC"):
        return ctx.dct + timedelta(days=first_value(words, "DEICTIC"))
    return None


def month_day(words: list[Word], ctx: Context) -> Resolution | None:
    day = _day_from([w for w in words if w.kind != "WEEKDAY"], ctx)
    return None if day is None else date_resolution(day_code(day))


def weekday(words: list[Word], ctx: Context) -> Resolution | None:
    day = _day_from(words, ctx)
    return None if day is None else date_resolution(day_code(day))


def deictic(words: list[Word], ctx: Context) -> Resolution:
    return date_resolution(day_code(ctx.dct + timedelta(days=first_value(words, "DEICTIC"))))


def day_part(words: list[Word], ctx: Context) -> Resolution | None:
    if any(w.kind == "PART_OF_DAY" and w.text.endswith("s") for w in words) and has_kind(words, "WEEKDAY"):
        return set_weekday(words, ctx)
    day = _day_from(words, ctx)
    if day is None:
        return None
    return Resolution("TIME", day_code(day) + part_code(first_value(words, "PART_OF_DAY")))


def relative_part_of_day(words: list[Word], ctx: Context) -> Resolution:
    shift, part = first_value(words, "RELATIVE"), first_value(words, "PART_OF_DAY")
    day = base_day(ctx, "D") + timedelta(days=shift)  # "that evening", "the next morning": of the day told
    return Resolution("TIME", day_code(day) + part_code(part))


def part_of_day(words: list[Word], ctx: Context) -> Resolution:
    part = first_value(words, "PART_OF_DAY")
    if words[0].text == "tonight":
        day = ctx.dct
    elif words[0].text == "overnight" and ctx.tense == "PAST":
        day = told_day(ctx) - timedelta(days=1)
    else:
        day = told_day(ctx)
    return Resolution("TIME", day_code(day) + part_code(part))


def clock(words: list[Word], ctx: Context) -> Resolution | None:
    if has_kind(words, "CLOCK"):
        hour, minute = (int(p) for p in first_value(words, "CLOCK").split(":")[:2])
    else:
        hour, minute = words[0].value, 0
        words = words[1:]
    if has_kind(words, "AMPM"):
        if hour > 12:
            return None
        hour = hour % 12 + first_value(words, "AMPM")
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        return None
    day = _day_from(words, ctx) or told_day(ctx)
    return Resolution("TIME", f"{day_code(day)}T{hour:02d}:{minute:02d}")


def weekend(words: list[Word], ctx: Context) -> Resolution:
    shift = first_value(words, "RELATIVE")
    dct = ctx.dct
    if shift is None:  # "the weekend": the one just gone in the past tense, unless it is under way
        shift = -1 if ctx.tense == "PAST" and dct.isoweekday() < 5 else 0
    return date_resolution(week_code(dct + timedelta(weeks=shift)) + "-WE")


def holiday(words: list[Word], ctx: Context) -> Resolution | None:
    """ "Thanksgiving Day", "last Christmas", "Christmas Eve 1998"."""
    if has_kind(words, "UNIT") and first_value(words, "UNIT") != "D":
        return None
    spec, shift, y = first_value(words, "HOLIDAY"), first_value(words, "RELATIVE"), first_value(words, "YEAR")
    offset = timedelta(days=first_value(words, "EVE", 0))
    if y is not None:
        return date_resolution(day_code(holiday_date(spec, y) + offset))
    days = [holiday_date(spec, year) + offset for year in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)]
    if shift is not None and shift < 0:
        day = max(d for d in days if d < ctx.dct)
    elif shift is not None and shift > 0:
        day = min(d for d in days if d > ctx.dct)
    elif shift == 0:
        day = days[1]
    else:
        this_year = days[1]
        day = holiday_date(spec, nearest_year(this_year.month, this_year.day, ctx)) + offset
    return date_resolution(day_code(day))


def season(words: list[Word], ctx: Context) -> Resolution:
    code, shift, y = first_value(words, "SEASON"), first_value(words, "RELATIVE"), first_value(words, "YEAR")
    if y is None:
        y = ctx.dct.year
        start = date(y, _SEASON_START[code], 1)
        started = ctx.dct >= start
        ended = ctx.dct.month >= _SEASON_START[code] + 3 if code != "WI" else False
        if shift is None:
            shift = {"PAST": -1, "FUTURE": 1}.get(ctx.tense or "", 0)
            if shift < 0 and started:
                shift = 0
            if shift > 0 and not started:
                shift = 0
        if shift < 0 and not ended:
            y -= 1
        elif shift > 0 and started:
            y += 1
    return date_resolution(f"{year_code(y)}-{code}")
