"""Calendar arithmetic for TIMEX3 values: ISO-TimeML codes of years, months,
days, weeks and quarters, the day a relative expression counts from, shifts by
a unit, holidays, and ISO 8601 durations. Pure functions of dates and numbers.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from newsgraph.extract.timex_resolution import Context

TIME_UNITS = {"H", "MIN", "S"}


def base_day(ctx: Context, unit: str) -> date:
    """The day a relative expression counts from: the story's last mentioned
    date for an anchored expression when it is precise enough, else the article date."""
    if ctx.anchored and ctx.reference is not None and ctx.reference.supports(unit):
        return ctx.reference.start
    return ctx.dct


# How far from the article date the story's last told day may lie and still
# be the day of a bare time of day ("in the morning", "at 10:35 a.m."):
# a week of news, not a date from the background.
TOLD_DAY_REACH = timedelta(days=7)


def told_day(ctx: Context) -> date:
    """The day a time of day without one belongs to: the day the story last
    told ("prices rose Friday ... in the morning"), else the article date."""
    if (
        ctx.reference is not None
        and ctx.reference.precision == "D"
        and abs(ctx.reference.start - ctx.dct) <= TOLD_DAY_REACH
    ):
        return ctx.reference.start
    return ctx.dct


def year_code(y: int) -> str:
    """A year as ISO-TimeML writes it (four digits); ValueError outside 0-9999."""
    if not 0 <= y <= 9999:
        raise ValueError(f"year out of range: {y}")
    return f"{y:04d}"


def month_code(y: int, m: int) -> str:
    """``YYYY-MM``; a month number outside 1-12 rolls over into the next or previous years."""
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return f"{year_code(y)}-{m:02d}"


def day_code(d: date) -> str:
    """``YYYY-MM-DD``."""
    return f"{year_code(d.year)}-{d.month:02d}-{d.day:02d}"


def week_code(d: date) -> str:
    """The ISO week the day lies in, ``YYYY-Www``."""
    iso = d.isocalendar()
    return f"{year_code(iso.year)}-W{iso.week:02d}"


def quarter_of(d: date) -> int:
    """The calendar quarter (1-4) of a day."""
    return (d.month - 1) // 3 + 1


def quarter_code(y: int, q: int) -> str:
    """``YYYY-Qn``; a quarter number outside 1-4 rolls over into the next or previous years."""
    y, q = y + (q - 1) // 4, (q - 1) % 4 + 1
    return f"{year_code(y)}-Q{q}"


def nearest_year(month: int, day: int, ctx: Context) -> int:
    """The year of a month (and day) named without one: the nearest occurrence
    to the document date, leaning towards the past or future by tense. Only
    leaning: a past clause in news often names a day ahead ("extended the
    offer to Nov. 20")."""
    here = ctx.dct.year * 12 + ctx.dct.month - 1 + (ctx.dct.day - 1) / 31
    lean = {"PAST": 5.0, "FUTURE": -5.0}.get(ctx.tense or "", 1.0)  # news reports mostly look back

    def cost(y: int) -> float:
        distance = y * 12 + month - 1 + (day - 1) / 31 - here
        return abs(distance) + (lean if distance > 0.5 else 0.0) - (lean if distance < -0.5 else 0.0)

    return min((ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1), key=cost)


def weekday_date(weekday: int, shift: int, ctx: Context) -> date:
    """The date of a weekday: by the relative word (shift) or by tense."""
    dct = base_day(ctx, "D")
    back = (dct.isoweekday() - weekday) % 7
    ahead = (weekday - dct.isoweekday()) % 7
    if shift < 0:
        return dct - timedelta(days=back or 7)
    if shift > 0:
        return dct + timedelta(days=ahead or 7)
    if ctx.tense == "FUTURE" or (ctx.tense == "PRESENT" and 0 < ahead < back):
        return dct + timedelta(days=ahead)  # the present of a schedule: "meet Monday"
    return dct - timedelta(days=back)


def shift_point(dct: date, unit: str, n: int) -> str:
    """The point ``n`` units from the document date, at the unit's precision."""
    if unit == "Y":
        return year_code(dct.year + n)
    if unit == "M":
        return month_code(dct.year, dct.month + n)
    if unit in {"W", "2W"}:
        return week_code(dct + timedelta(weeks=n * (2 if unit == "2W" else 1)))
    if unit == "D":
        return day_code(dct + timedelta(days=n))
    if unit == "Q":
        return quarter_code(dct.year, quarter_of(dct) + n)
    if unit == "E":
        return year_code(dct.year + 10 * n)[:3]
    if unit == "C":
        return year_code(dct.year + 100 * n)[:2]
    raise ValueError(f"no point shift for unit {unit}")


# A half of a unit written in the next smaller one, as TimeML values are:
# "2 1/2 years" -> P2Y6M, "a day and a half" -> P1DT12H.
_HALF_IN = {"Y": ("M", 6), "D": ("H", 12), "H": ("MIN", 30), "MIN": ("S", 30)}


# Units written as a multiple of a smaller one: a fortnight in weeks; a decade
# in years, as TimeBank and AQUAINT write "two decades" (P20Y) and "decades"
# (PXY); a century in years when counted ("more than a century", P100Y), as
# centuries when not ("centuries", PXC).
_MULTIPLE_OF = {"2W": (2, "W"), "E": (10, "Y"), "C": (100, "Y")}


def duration_code(amount: Any, unit: str) -> str:
    """An ISO 8601 duration of ``amount`` units; a half unit is written in the next smaller one."""
    if unit in _MULTIPLE_OF and (unit != "C" or isinstance(amount, int | float)):
        factor, unit = _MULTIPLE_OF[unit]
        amount = amount * factor if isinstance(amount, int | float) else amount
    if isinstance(amount, float) and amount.is_integer():
        amount = int(amount)
    if isinstance(amount, float) and unit in _HALF_IN and (amount * 2).is_integer():
        whole = int(amount)
        smaller, half = _HALF_IN[unit]
        parts = [(whole, unit)] if whole else []
        return period_code([*parts, (half, smaller)])
    return period_code([(amount, unit)])


def period_code(parts: list[tuple[Any, str]]) -> str:
    """An ISO 8601 duration from (amount, unit) parts, largest unit first."""
    dates = "".join(f"{amount}{unit}" for amount, unit in parts if unit not in TIME_UNITS)
    times = "".join(f"{amount}{'M' if unit == 'MIN' else unit}" for amount, unit in parts if unit in TIME_UNITS)
    return f"P{dates}" + (f"T{times}" if times else "")


def part_code(part: str) -> str:
    """The time suffix of a part of day (``MO`` -> ``TMO``)."""
    return part if part.startswith("T") else f"T{part}"


def easter(y: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(y, month, day + 1)


def holiday_date(spec: str, y: int) -> date:
    """The day of a holiday (vocabulary.yaml HOLIDAY) in year ``y``."""
    if spec.startswith("easter"):
        return easter(y) + timedelta(days=int(spec[len("easter") :] or 0))
    parts = spec.split("-")
    m = int(parts[0])
    if len(parts) == 2:
        return date(y, m, int(parts[1]))
    weekday = int(parts[2])
    if parts[1] != "L":
        first = date(y, m, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (int(parts[1]) - 1))
    last = date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def anchor_shift(anchor: str, unit: str, n: int) -> str | None:
    """The quarter ``n`` years or quarters from a ``YYYY-Qn`` anchor, or None for another anchor or unit."""
    match = re.fullmatch(r"(\d{4})-Q([1-4])", anchor)
    if match is None:
        return None
    quarters = {"Y": 4, "Q": 1}.get(unit)
    if quarters is None:
        return None
    return quarter_code(int(match[1]), int(match[2]) + n * quarters)
