"""Resolve a temporal expression to a TimeML TIMEX3 type and ISO-TimeML value.

Pure: ``(expression text, document date, tense, anchor) -> Resolution | None``.
Words are classified with ``knowledge/timex/vocabulary.yaml``; the sequence of
classes is matched against the ordered rules of ``knowledge/timex/rules.yaml``,
and the first rule that matches names the resolver below that computes the
value. Resolvers do calendar arithmetic only; what counts as a temporal
expression, and its shape, lives in the data files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import pairwise
from typing import Any

from newsgraph.extract.timex_reference import ReferenceTime
from newsgraph.knowledge.loader import load_yaml

Tense = str | None  # "PAST", "PRESENT", "FUTURE" or None when unknown

# The ISO-TimeML value grammar (TimeML 1.2.1, as used in TempEval-3).
_DATE_VALUE = (
    r"(\d{4}|\d{3}|\d{2}|XXXX)(-(\d{2}|XX)(-(\d{2}|XX))?|-W(\d{2}|XX)(-(\d|WE))?|-Q[1-4X]|-H[12X]|-(SP|SU|FA|WI))?"
)
_TIME_SUFFIX = r"(T(\d{2}(:\d{2}(:\d{2})?)?|MO|AF|EV|NI|DT))?"
# "PXX" is a stretch of unknown unit and length ("a while"), as TimeBank writes it.
_DURATION_VALUE = r"P(((\d+(\.\d+)?|X)(Y|M|W|D|Q|E|C|L))+(T((\d+(\.\d+)?|X)[HMS])+)?|T((\d+(\.\d+)?|X)[HMS])+|XX)"
VALUE_GRAMMAR = re.compile(rf"(PAST_REF|PRESENT_REF|FUTURE_REF|{_DATE_VALUE}{_TIME_SUFFIX}|{_DURATION_VALUE})")

_WORD = re.compile(
    r"\d/\d|\d{1,2}:\d{2}(?::\d{2})?|'\d0s|\d{4}s|\d+(?:st|nd|rd|th)\b|\d+(?:\.\d+)?|[a-z]+(?:\.[a-z])*\.?|'s|[,']"
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_DEFINITE = re.compile(r"(?i)\b(the|this|that|end|year's)\b|^year")
_TIME_UNITS = {"H", "MIN", "S"}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


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


def _base(ctx: Context, unit: str) -> date:
    """The day a relative expression counts from: the story's last mentioned
    date for an anchored expression when it is precise enough, else the article date."""
    if ctx.anchored and ctx.reference is not None and ctx.reference.supports(unit):
        return ctx.reference.start
    return ctx.dct


# How far from the article date the story's last told day may lie and still
# be the day of a bare time of day ("in the morning", "at 10:35 a.m."):
# a week of news, not a date from the background.
_TOLD_DAY_REACH = timedelta(days=7)


def _told_day(ctx: Context) -> date:
    """The day a time of day without one belongs to: the day the story last
    told ("prices rose Friday ... in the morning"), else the article date."""
    if (
        ctx.reference is not None
        and ctx.reference.precision == "D"
        and abs(ctx.reference.start - ctx.dct) <= _TOLD_DAY_REACH
    ):
        return ctx.reference.start
    return ctx.dct


def _load(name: str) -> dict[str, Any]:
    return load_yaml(f"timex/{name}")


# ----------------------------------------------------------------- calendar


def _year(y: int) -> str:
    if not 0 <= y <= 9999:
        raise ValueError(f"year out of range: {y}")
    return f"{y:04d}"


def _month_value(y: int, m: int) -> str:
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return f"{_year(y)}-{m:02d}"


def _day_value(d: date) -> str:
    return f"{_year(d.year)}-{d.month:02d}-{d.day:02d}"


def _week_value(d: date) -> str:
    iso = d.isocalendar()
    return f"{_year(iso.year)}-W{iso.week:02d}"


def _quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _quarter_value(y: int, q: int) -> str:
    y, q = y + (q - 1) // 4, (q - 1) % 4 + 1
    return f"{_year(y)}-Q{q}"


def _nearest_year(month: int, day: int, ctx: Context) -> int:
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


def _weekday_date(weekday: int, shift: int, ctx: Context) -> date:
    """The date of a weekday: by the relative word (shift) or by tense."""
    dct = _base(ctx, "D")
    back = (dct.isoweekday() - weekday) % 7
    ahead = (weekday - dct.isoweekday()) % 7
    if shift < 0:
        return dct - timedelta(days=back or 7)
    if shift > 0:
        return dct + timedelta(days=ahead or 7)
    if ctx.tense == "FUTURE" or (ctx.tense == "PRESENT" and 0 < ahead < back):
        return dct + timedelta(days=ahead)  # the present of a schedule: "meet Monday"
    return dct - timedelta(days=back)


def _shift(dct: date, unit: str, n: int) -> str:
    """The point ``n`` units from the document date, at the unit's precision."""
    if unit == "Y":
        return _year(dct.year + n)
    if unit == "M":
        return _month_value(dct.year, dct.month + n)
    if unit in {"W", "2W"}:
        return _week_value(dct + timedelta(weeks=n * (2 if unit == "2W" else 1)))
    if unit == "D":
        return _day_value(dct + timedelta(days=n))
    if unit == "Q":
        return _quarter_value(dct.year, _quarter_of(dct) + n)
    if unit == "E":
        return _year(dct.year + 10 * n)[:3]
    if unit == "C":
        return _year(dct.year + 100 * n)[:2]
    raise ValueError(f"no point shift for unit {unit}")


# A half of a unit written in the next smaller one, as TimeML values are:
# "2 1/2 years" -> P2Y6M, "a day and a half" -> P1DT12H.
_HALF_IN = {"Y": ("M", 6), "D": ("H", 12), "H": ("MIN", 30), "MIN": ("S", 30)}


# Units written as a multiple of a smaller one: a fortnight in weeks; a decade
# in years, as TimeBank and AQUAINT write "two decades" (P20Y) and "decades"
# (PXY); a century in years when counted ("more than a century", P100Y), as
# centuries when not ("centuries", PXC).
_MULTIPLE_OF = {"2W": (2, "W"), "E": (10, "Y"), "C": (100, "Y")}


def _duration(amount: Any, unit: str) -> str:
    if unit in _MULTIPLE_OF and (unit != "C" or isinstance(amount, int | float)):
        factor, unit = _MULTIPLE_OF[unit]
        amount = amount * factor if isinstance(amount, int | float) else amount
    if isinstance(amount, float) and amount.is_integer():
        amount = int(amount)
    if isinstance(amount, float) and unit in _HALF_IN and (amount * 2).is_integer():
        whole = int(amount)
        smaller, half = _HALF_IN[unit]
        parts = [(whole, unit)] if whole else []
        return _period([*parts, (half, smaller)])
    return _period([(amount, unit)])


def _period(parts: list[tuple[Any, str]]) -> str:
    """An ISO 8601 duration from (amount, unit) parts, largest unit first."""
    dates = "".join(f"{amount}{unit}" for amount, unit in parts if unit not in _TIME_UNITS)
    times = "".join(f"{amount}{'M' if unit == 'MIN' else unit}" for amount, unit in parts if unit in _TIME_UNITS)
    return f"P{dates}" + (f"T{times}" if times else "")


# ----------------------------------------------------------------- resolvers


def _first(words: list[Word], kind: str, default: Any = None) -> Any:
    return next((w.value for w in words if w.kind == kind), default)


def _has(words: list[Word], kind: str) -> bool:
    return any(w.kind == kind for w in words)


def _date(value: str) -> Resolution:
    return Resolution("DATE", value)


def fuzzy(words: list[Word], ctx: Context) -> Resolution:
    return _date(words[0].value)


def year(words: list[Word], ctx: Context) -> Resolution:
    return _date(_year(_first(words, "YEAR")))


def decade(words: list[Word], ctx: Context) -> Resolution:
    return _date(f"{_first(words, 'DECADE'):03d}")


def century(words: list[Word], ctx: Context) -> Resolution | None:
    if _first(words, "UNIT") != "C":
        return None
    return _date(f"{_first(words, 'NTH') - 1:02d}")


def month(words: list[Word], ctx: Context) -> Resolution:
    m = _first(words, "MONTH")
    y = _first(words, "YEAR")
    return _date(_month_value(y if y is not None else _nearest_year(m, 1, ctx), m))


def month_of_relative_year(words: list[Word], ctx: Context) -> Resolution | None:
    if _first(words, "UNIT") != "Y":
        return None
    return _date(_month_value(ctx.dct.year + _first(words, "RELATIVE"), _first(words, "MONTH")))


def relative_month(words: list[Word], ctx: Context) -> Resolution:
    m, shift = _first(words, "MONTH"), _first(words, "RELATIVE")
    y = ctx.dct.year
    if shift < 0 and m >= ctx.dct.month:
        y -= 1
    elif shift > 0 and m <= ctx.dct.month:
        y += 1
    return _date(_month_value(y, m))


def _day_from(words: list[Word], ctx: Context) -> date | None:
    """The calendar day named by a date expression's words, if any."""
    if _has(words, "MONTH"):
        m = _first(words, "MONTH")
        d = _first(words, "INT", _first(words, "NTH", _first(words, "ORDINAL")))
        if not d:  # none, or "latest"
            return None
        y = _first(words, "YEAR")
        return date(y if y is not None else _nearest_year(m, d, ctx), m, d)
    if _has(words, "WEEKDAY"):
        return _weekday_date(_first(words, "WEEKDAY"), _first(words, "RELATIVE", 0), ctx)
    if _has(words, "DEICTIC"):
        return ctx.dct + timedelta(days=_first(words, "DEICTIC"))
    return None


def month_day(words: list[Word], ctx: Context) -> Resolution | None:
    day = _day_from([w for w in words if w.kind != "WEEKDAY"], ctx)
    return None if day is None else _date(_day_value(day))


def weekday(words: list[Word], ctx: Context) -> Resolution | None:
    day = _day_from(words, ctx)
    return None if day is None else _date(_day_value(day))


def deictic(words: list[Word], ctx: Context) -> Resolution:
    return _date(_day_value(ctx.dct + timedelta(days=_first(words, "DEICTIC"))))


def _part_code(part: str) -> str:
    return part if part.startswith("T") else f"T{part}"


def day_part(words: list[Word], ctx: Context) -> Resolution | None:
    if any(w.kind == "PART_OF_DAY" and w.text.endswith("s") for w in words) and _has(words, "WEEKDAY"):
        return set_weekday(words, ctx)
    day = _day_from(words, ctx)
    if day is None:
        return None
    return Resolution("TIME", _day_value(day) + _part_code(_first(words, "PART_OF_DAY")))


def relative_part_of_day(words: list[Word], ctx: Context) -> Resolution:
    shift, part = _first(words, "RELATIVE"), _first(words, "PART_OF_DAY")
    day = _base(ctx, "D") + timedelta(days=shift)  # "that evening", "the next morning": of the day told
    return Resolution("TIME", _day_value(day) + _part_code(part))


def part_of_day(words: list[Word], ctx: Context) -> Resolution:
    part = _first(words, "PART_OF_DAY")
    if words[0].text == "tonight":
        day = ctx.dct
    elif words[0].text == "overnight" and ctx.tense == "PAST":
        day = _told_day(ctx) - timedelta(days=1)
    else:
        day = _told_day(ctx)
    return Resolution("TIME", _day_value(day) + _part_code(part))


def clock(words: list[Word], ctx: Context) -> Resolution | None:
    if _has(words, "CLOCK"):
        hour, minute = (int(p) for p in _first(words, "CLOCK").split(":")[:2])
    else:
        hour, minute = words[0].value, 0
        words = words[1:]
    if _has(words, "AMPM"):
        if hour > 12:
            return None
        hour = hour % 12 + _first(words, "AMPM")
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        return None
    day = _day_from(words, ctx) or _told_day(ctx)
    return Resolution("TIME", f"{_day_value(day)}T{hour:02d}:{minute:02d}")


def weekend(words: list[Word], ctx: Context) -> Resolution:
    shift = _first(words, "RELATIVE")
    dct = ctx.dct
    if shift is None:  # "the weekend": the one just gone in the past tense, unless it is under way
        shift = -1 if ctx.tense == "PAST" and dct.isoweekday() < 5 else 0
    return _date(_week_value(dct + timedelta(weeks=shift)) + "-WE")


def _easter(y: int) -> date:
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


def _holiday_date(spec: str, y: int) -> date:
    """The day of a holiday (vocabulary.yaml HOLIDAY) in year ``y``."""
    if spec.startswith("easter"):
        return _easter(y) + timedelta(days=int(spec[len("easter") :] or 0))
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


def holiday(words: list[Word], ctx: Context) -> Resolution | None:
    """ "Thanksgiving Day", "last Christmas", "Christmas Eve 1998"."""
    if _has(words, "UNIT") and _first(words, "UNIT") != "D":
        return None
    spec, shift, y = _first(words, "HOLIDAY"), _first(words, "RELATIVE"), _first(words, "YEAR")
    offset = timedelta(days=_first(words, "EVE", 0))
    if y is not None:
        return _date(_day_value(_holiday_date(spec, y) + offset))
    days = [_holiday_date(spec, year) + offset for year in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)]
    if shift is not None and shift < 0:
        day = max(d for d in days if d < ctx.dct)
    elif shift is not None and shift > 0:
        day = min(d for d in days if d > ctx.dct)
    elif shift == 0:
        day = days[1]
    else:
        this_year = days[1]
        day = _holiday_date(spec, _nearest_year(this_year.month, this_year.day, ctx)) + offset
    return _date(_day_value(day))


def season(words: list[Word], ctx: Context) -> Resolution:
    code, shift, y = _first(words, "SEASON"), _first(words, "RELATIVE"), _first(words, "YEAR")
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
    return _date(f"{_year(y)}-{code}")


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
    n = _first(words, "ORDINAL")
    y = _first(words, "YEAR")
    if y is None and _has(words, "RELATIVE"):
        y = ctx.dct.year + _first(words, "RELATIVE")
    if n == 0:  # "the latest quarter": the document's quarter, or the last one ended
        if ctx.anchor and unit == "Q":
            return _date(ctx.anchor)
        return _date(_quarter_value(ctx.dct.year, _quarter_of(ctx.dct) - 1)) if unit == "Q" else None
    if n > (4 if unit == "Q" else 2):
        return None
    if y is None and ctx.fiscal:
        y = ctx.dct.year  # a fiscal year is not the calendar one: "the fiscal third quarter" reported in March
    if y is None and words[-1] is not period and words[-1].kind == "UNIT":
        y = ctx.dct.year  # "the second half of the year": "the year" is the article's, as on its own
    if y is None:
        current = _quarter_of(ctx.dct) if unit == "Q" else (ctx.dct.month - 1) // 6 + 1
        y = ctx.dct.year - 1 if n > current and ctx.tense != "FUTURE" else ctx.dct.year
    return _date(f"{_year(y)}-{unit}{n}")


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
    count = _first(words[1:], "NUM", _first(words[1:], "INT", 1))
    if _has(words, "DECADE"):
        return decade(words, ctx) if part.kind == "HALF" and count == 1 else None
    unit = "H" if part.kind == "HALF" else part.value
    if unit not in _MONTHS_IN or not isinstance(count, int):
        return None
    codes = _YEAR_PARTS.get(_MONTHS_IN[unit] * count)
    if codes is None:
        return None
    y = _first(words, "YEAR")
    if y is None:
        units = [w.value for w in words if w.kind == "UNIT"]
        if units[-1] != "Y":
            return None  # "the last half of next month" is not a part of a year
        y = ctx.dct.year + _first(words[1:], "RELATIVE")
    return _date(_year(y) + codes[last])


def _anchor_shift(anchor: str, unit: str, n: int) -> str | None:
    match = re.fullmatch(r"(\d{4})-Q([1-4])", anchor)
    if match is None:
        return None
    quarters = {"Y": 4, "Q": 1}.get(unit)
    if quarters is None:
        return None
    return _quarter_value(int(match[1]), int(match[2]) + n * quarters)


def year_ago_period(words: list[Word], ctx: Context) -> Resolution | None:
    units = [w.value for w in words if w.kind in {"UNIT", "PERIOD"}]
    sign = _first(words, "AGO")
    if units[-1] == "Q" and ctx.anchor:
        value = _anchor_shift(ctx.anchor, units[0], sign)
        if value:
            return _date(value)
    if units[-1] == "Q":
        return _date(_quarter_value(ctx.dct.year - (1 if units[0] == "Y" else 0), _quarter_of(ctx.dct) - 1))
    return None


def year_ago_quarter(words: list[Word], ctx: Context) -> Resolution | None:
    """ "the year-ago third quarter": that quarter of the year before the reported one."""
    units = [w.value for w in words if w.kind == "UNIT"]
    n = _first(words, "ORDINAL")
    if units != ["Y", "Q"] or not 1 <= n <= 4:
        return None
    reported = int(ctx.anchor[:4]) if ctx.anchor else ctx.dct.year
    return _date(_quarter_value(reported + _first(words, "AGO"), n))


def reported_period(words: list[Word], ctx: Context) -> Resolution | None:
    """ "the latest period": the quarter the document reports on, if it names one."""
    return _date(ctx.anchor) if ctx.anchor and _first(words, "ORDINAL") == 0 else None


def vague_duration(words: list[Word], ctx: Context) -> Resolution:
    return Resolution("DURATION", "PXX")


def relative_unit(words: list[Word], ctx: Context) -> Resolution | None:
    shift, unit = _first(words, "RELATIVE"), _first(words, "UNIT")
    if next(w for w in words if w.kind == "UNIT").text.endswith("s"):
        # "in coming weeks", "in past years" (TimeBank): vaguely ahead or behind
        if shift:
            return _date("FUTURE_REF" if shift > 0 else "PAST_REF")
        return Resolution("DURATION", _duration("X", unit))
    if unit in _TIME_UNITS:
        return None
    if words[0].text == "past" and unit != "Y":
        return Resolution("DURATION", _duration(1, unit))
    if ctx.anchored and shift == 0 and not (ctx.reference and ctx.reference.supports(unit)):
        return None  # "that day" with no day told before it is generic
    if unit == "Q" and ctx.anchor and shift == 0 and not ctx.anchored and not ctx.in_progress:
        return _date(ctx.anchor)
    if unit == "D" and not ctx.anchored and words[0].text != "next":
        return None  # "the last day" is not yesterday
    return _date(_shift(_base(ctx, unit), unit, shift))


def units_ago(words: list[Word], ctx: Context) -> Resolution | None:
    unit, sign = _first(words, "UNIT"), _first(words, "AGO")
    plural = next(w for w in words if w.kind == "UNIT").text.endswith("s")
    amount = _first(words, "NUM", _first(words, "INT", _first(words, "FEW", "X" if plural else 1)))
    if amount == "X":  # "a few years ago", "months ago"
        return _date("PAST_REF" if sign < 0 else "FUTURE_REF")
    if not isinstance(amount, int) or unit in _TIME_UNITS:
        return None
    if unit == "E":  # "a decade ago": the year ten years back (TimeBank and AQUAINT give a year)
        unit, amount = "Y", amount * 10
    if unit == "Y" and amount == 1 and ctx.anchor:
        value = _anchor_shift(ctx.anchor, "Y", sign)
        if value:
            return _date(value)
    return _date(_shift(_base(ctx, unit), unit, sign * amount))


def duration(words: list[Word], ctx: Context) -> Resolution | None:
    units = [w for w in words if w.kind == "UNIT"]
    unit_word = units[-1]
    amount: Any = None
    for kind in ("NUM", "INT", "YEAR"):
        if _has(words, kind):
            amount = _first(words, kind)
            break
    if amount is None and _has(words, "FEW") and _first(words, "FEW") == "FUTURE_REF":
        return _date("FUTURE_REF")
    if amount is None and ctx.definite and len(words) == 1 and not unit_word.text.endswith("s"):
        if unit_word.value == "Q" and ctx.anchor:
            return _date(ctx.anchor)
        if unit_word.value == "Q":
            return _date(_quarter_value(ctx.dct.year, _quarter_of(ctx.dct) - 1))
        if unit_word.value in {"Y", "M", "W", "D", "E"}:
            return _date(_shift(ctx.dct, unit_word.value, 0))  # "the year", "the end of the decade"
    if amount is None:
        amount = "X" if _has(words, "FEW") or unit_word.text.endswith("s") else 1
    if _has(words, "YEAR") and not unit_word.text.endswith("s"):
        return year_quarter(words, ctx)
    if _has(words, "HALF") and isinstance(amount, int):
        numbers = [w for w in words if w.kind in {"NUM", "INT"}]
        # "a year and a half", "2 1/2 years" add a half; "a half year" is one
        whole = len(numbers) > 1 or (numbers and numbers[0].text not in {"a", "an"})
        amount = amount + 0.5 if whole else 0.5
    return Resolution("DURATION", _duration(amount, unit_word.value))


def period_ended(words: list[Word], ctx: Context) -> Resolution | None:
    """ "the year ended June 30", "the six months ending in March": the span
    of the period (TimeBank); "the quarter ended Sept. 30" is the reported quarter."""
    units = [w for w in words if w.kind == "UNIT"]
    if len(units) != 1 or units[0].value in _TIME_UNITS:
        return None
    if units[0].value == "Q" and not _has(words, "NUM") and not _has(words, "INT"):
        return duration([w for w in words if w.kind != "ENDED"], ctx)
    amount = _first(words, "NUM", _first(words, "INT", 1))
    return Resolution("DURATION", _duration(amount, units[0].value)) if isinstance(amount, int) else None


def year_quarter(words: list[Word], ctx: Context) -> Resolution | None:
    """ "the 1988 quarter", "the 1988 period": the document's quarter in the named year."""
    if _first(words, "UNIT", _first(words, "PERIOD")) != "Q":
        return None
    q = int(ctx.anchor[-1]) if ctx.anchor else _quarter_of(ctx.dct) - 1 or 4
    return _date(_quarter_value(_first(words, "YEAR"), q))


def year_of_unit(words: list[Word], ctx: Context) -> Resolution | None:
    """ "the year two thousand", "the year 2000", "fiscal year 1999"."""
    amount = _first(words, "NUM", _first(words, "YEAR"))
    if words[0].text not in {"year", "yr"} or not isinstance(amount, int) or not 1000 <= amount <= 2199:
        return None
    return _date(_year(amount))


def set_weekday(words: list[Word], ctx: Context) -> Resolution:
    value = f"XXXX-WXX-{_first(words, 'WEEKDAY', _first(words, 'WEEKDAYS'))}"
    if _has(words, "PART_OF_DAY"):
        value += _part_code(_first(words, "PART_OF_DAY"))
    return Resolution("SET", value)


def set_month(words: list[Word], ctx: Context) -> Resolution:
    return Resolution("SET", f"XXXX-{_first(words, 'MONTH'):02d}")


def set_season(words: list[Word], ctx: Context) -> Resolution:
    return Resolution("SET", f"XXXX-{_first(words, 'SEASON')}")


def set_part_of_day(words: list[Word], ctx: Context) -> Resolution:
    return Resolution("SET", "XXXX-XX-XX" + _part_code(_first(words, "PART_OF_DAY")))


def set_frequency(words: list[Word], ctx: Context) -> Resolution:
    """ "three times a year": the SET's period is one unit, whatever the count."""
    return Resolution("SET", _duration(1, _first(words, "UNIT")))


def set_period(words: list[Word], ctx: Context) -> Resolution:
    amount = _first(words, "NUM", _first(words, "INT", "X" if _has(words, "FEW") else 1))  # "every few years"
    unit = _first(words, "UNIT", "W")
    return Resolution("SET", _duration(amount, unit))


def set_adverb(words: list[Word], ctx: Context) -> Resolution:
    return Resolution("SET", words[0].value)


RESOLVERS: dict[str, Callable[[list[Word], Context], Resolution | None]] = {
    f.__name__: f
    for f in (
        fuzzy,
        year,
        decade,
        month_of_relative_year,
        year_quarter,
        year_of_unit,
        century,
        month,
        relative_month,
        month_day,
        weekday,
        deictic,
        day_part,
        relative_part_of_day,
        part_of_day,
        clock,
        weekend,
        holiday,
        season,
        quarter,
        part_of_period,
        year_ago_period,
        year_ago_quarter,
        reported_period,
        vague_duration,
        relative_unit,
        units_ago,
        duration,
        period_ended,
        set_weekday,
        set_month,
        set_season,
        set_frequency,
        set_part_of_day,
        set_period,
        set_adverb,
    )
}


# ----------------------------------------------------------------- normaliser


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    action: Callable[[list[Word], Context], Resolution | None]


class TimexNormaliser:
    """Turns the text of a temporal expression into a TIMEX3 type and value."""

    def __init__(self, vocabulary: dict[str, Any], rules: list[dict[str, str]]) -> None:
        self.lexicon: dict[str, tuple[str, Any]] = {}
        self.fuzzy: dict[str, str] = dict(vocabulary.get("FUZZY", {}))
        self.anchored: frozenset[str] = frozenset(str(word) for word in vocabulary.get("ANCHORED", ()))
        self.context_after: frozenset[str] = frozenset(str(kind) for kind in vocabulary.get("CONTEXT_AFTER", ()))
        self.in_progress: frozenset[str] = frozenset(str(word) for word in vocabulary.get("IN_PROGRESS", ()))
        self.phrases: dict[tuple[str, ...], str] = {
            tuple(str(phrase).split()): str(word) for phrase, word in vocabulary.get("PHRASES", {}).items()
        }
        if any(len(phrase) < 2 for phrase in self.phrases):
            raise ValueError("timex vocabulary PHRASES: every phrase is two words or more (see _read_phrases)")
        self.longest_phrase = max((len(phrase) for phrase in self.phrases), default=0)
        for kind, entries in vocabulary.items():
            if kind in {"version", "FUZZY", "ANCHORED", "CONTEXT_AFTER", "IN_PROGRESS", "PHRASES"}:
                continue
            items = entries.items() if isinstance(entries, dict) else ((word, None) for word in entries)
            for word, value in items:
                self.lexicon.setdefault(str(word), (kind, value))
        self.rules = tuple(Rule(rule["name"], re.compile(rule["pattern"]), RESOLVERS[rule["action"]]) for rule in rules)

    @classmethod
    def from_package(cls) -> TimexNormaliser:
        return _packaged_normaliser()

    def words(self, text: str) -> list[Word]:
        """The expression's words with their classes, numbers combined."""
        lowered = _THOUSANDS.sub("", text.lower().replace("\u2019", "'").replace("-", " "))  # "8,000 years"
        raw = self._read_phrases(_WORD.findall(lowered))
        words: list[Word] = []
        for i, token in enumerate(raw):
            following = raw[i + 1].replace(".", "") if i + 1 < len(raw) else ""
            words.append(self._classify(token, following, first=not words))
        return _combine_numbers(words)

    def names_day(self, text: str) -> bool:
        """Whether the expression names its day ("Friday morning", "last night"),
        not only a time of day ("in the morning", "at 10 a.m.")."""
        return any(w.kind in _DAY_KINDS for w in self.words(text))

    def names_holiday(self, text: str) -> bool:
        """Whether the expression names a holiday ("Thanksgiving Day", "New Year's Eve")."""
        return any(w.kind == "HOLIDAY" for w in self.words(text))

    def is_fiscal(self, text: str) -> bool:
        """Whether the expression names a company's fiscal period ("the fiscal third quarter")."""
        return _fiscal(self.words(text))

    def _read_phrases(self, raw: list[str]) -> list[str]:
        """The tokens with each listed phrase replaced by the word it means
        ("this past" -> "last", "new year 's day" -> "newyearsday"), longest first."""
        out: list[str] = []
        i = 0
        while i < len(raw):
            for length in range(min(self.longest_phrase, len(raw) - i), 1, -1):
                replacement = self.phrases.get(tuple(raw[i : i + length]))
                if replacement is not None:
                    out.append(replacement)
                    i += length
                    break
            else:
                out.append(raw[i])
                i += 1
        return out

    def _classify(self, token: str, following: str, first: bool) -> Word:
        bare = token.replace(".", "") if not re.fullmatch(r"\d+\.\d+", token) else token
        if bare == "1/2":
            return Word(bare, "HALF", 0.5)
        if re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", bare):
            return Word(bare, "CLOCK", bare)
        if re.fullmatch(r"\d{4}s", bare):
            return Word(bare, "DECADE", int(bare[:3]))
        if re.fullmatch(r"'\d0s", bare):
            return Word(bare, "DECADE", 190 + int(bare[1]))
        if re.fullmatch(r"\d+(st|nd|rd|th)", bare):
            return Word(bare, "NTH", int(bare[:-2]))
        if re.fullmatch(r"\d+\.\d+", bare):
            return Word(bare, "NUM", float(bare))
        if re.fullmatch(r"([01]\d|2[0-3])[0-5]\d", bare) and self.lexicon.get(following, ("",))[0] == "TIMEZONE":
            return Word(bare, "CLOCK", f"{bare[:2]}:{bare[2:]}")  # "1400 GMT": a 24-hour clock
        if bare.isdigit():
            n = int(bare)
            return Word(bare, "YEAR" if len(bare) == 4 and 1000 <= n <= 2199 else "INT", n)
        if bare == "second" and following in {"quarter", "half", "quarters"}:
            return Word(bare, "ORDINAL", 2)
        if bare in {"earlier", "later"} and first:
            return Word(bare, "MOD", bare)
        if bare == "a" and following in {"few", "couple", "dozen"}:
            return Word(bare, "IGNORE", None)
        kind, value = self.lexicon.get(bare, ("OTHER", None))
        return Word(bare, kind, value)

    def normalise(
        self,
        text: str,
        dct: date,
        tense: Tense = None,
        anchor: str | None = None,
        reference: ReferenceTime | None = None,
        following: str = "",
    ) -> Resolution | None:
        """The TIMEX3 type and value of ``text``, or None if it is not a
        temporal expression we can resolve. ``anchor`` is the quarter the
        document reports on; ``reference`` the story's last mentioned date,
        which anchored expressions ("the following year") count from;
        ``following`` the word after the expression, which counts only if it
        is of a class listed under ``CONTEXT_AFTER`` ("the year" before
        "ended June 30" is a year's span). Never raises on any input."""
        try:
            return self._normalise(text, dct, tense, anchor, reference, following)
        except (ValueError, OverflowError, ArithmeticError):
            return None

    def _normalise(
        self,
        text: str,
        dct: date,
        tense: Tense,
        anchor: str | None,
        reference: ReferenceTime | None,
        following: str,
    ) -> Resolution | None:
        all_words = self.words(text)
        counted = [w for w in all_words if w.kind != "MOD"]  # "later this year" counts from the article date
        anchored = any(w.text in self.anchored for w in counted) or any(
            f"{a.text} {b.text}" in self.anchored for a, b in pairwise(counted)
        )
        in_progress = any(w.text in self.in_progress for w in counted)
        fiscal = _fiscal(all_words)
        ctx = Context(dct, tense, anchor, _DEFINITE.search(text) is not None, reference, anchored, in_progress, fiscal)
        words = [w for w in all_words if w.kind not in {"IGNORE", "MOD"}]
        phrase = " ".join(w.text for w in words)
        if phrase in self.fuzzy:
            return Resolution("DATE", self.fuzzy[phrase], "fuzzy phrase")
        if not words:
            return None
        rule = None
        after = self._classify(following.lower(), "", first=False) if following else None
        if after is not None and after.kind in self.context_after:
            # the word after counts only where a rule expects it ("the year ended")
            rule = self._rule_for([*words, after])
            words = [*words, after] if rule is not None else words
        rule = rule or self._rule_for(words)
        if rule is None:
            return None
        resolution = rule.action(words, ctx)
        if resolution is not None and VALUE_GRAMMAR.fullmatch(resolution.value):
            return Resolution(resolution.type, resolution.value, rule.name)
        return None

    def _rule_for(self, words: list[Word]) -> Rule | None:
        """The first rule whose pattern matches the words' classes."""
        signature = " ".join(w.kind for w in words)
        return next((rule for rule in self.rules if rule.pattern.fullmatch(signature)), None)


# Classes of the words that name a day, not only a time of day.
_DAY_KINDS = frozenset({"WEEKDAY", "DEICTIC", "MONTH", "YEAR", "HOLIDAY", "RELATIVE"})


def _fiscal(words: list[Word]) -> bool:
    return any(w.kind == "MOD" and w.value == "FISCAL" for w in words)


def _combine_numbers(words: list[Word]) -> list[Word]:
    """Merge runs of number words: "twenty four" -> 24, "two hundred" -> 200."""
    out: list[Word] = []
    for word in words:
        previous = out[-1] if out else None
        if previous is not None and previous.kind == "NUM" and isinstance(previous.value, int):
            if word.kind == "MULTIPLIER":
                out[-1] = Word(f"{previous.text} {word.text}", "NUM", previous.value * word.value)
                continue
            if word.kind == "NUM" and previous.value >= 20 and previous.value % 10 == 0 and word.value < 10:
                out[-1] = Word(f"{previous.text} {word.text}", "NUM", previous.value + word.value)
                continue
            if word.kind in {"NTH", "ORDINAL"} and previous.value in {20, 30} and 0 < word.value < 10:
                out[-1] = Word(f"{previous.text} {word.text}", "NTH", previous.value + word.value)
                continue
        if (
            previous is not None
            and previous.kind == "YEAR"
            and previous.value % 10 == 0
            and word.kind == "NUM"
            and isinstance(word.value, int)
            and word.value < 10
        ):
            out[-1] = Word(f"{previous.text} {word.text}", "YEAR", previous.value + word.value)
            continue
        if (
            previous is not None
            and previous.kind == "NUM"
            and word.kind == "NUM"
            and previous.value in range(11, 21)
            and isinstance(word.value, int)
            and word.value >= 10
        ):
            out[-1] = Word(f"{previous.text} {word.text}", "YEAR", previous.value * 100 + word.value)
            continue
        if word.kind == "MULTIPLIER":
            word = Word(word.text, "NUM", word.value)
        out.append(word)
    return out


@cache
def _packaged_normaliser() -> TimexNormaliser:
    return TimexNormaliser(_load("vocabulary.yaml"), _load("rules.yaml")["rules"])
