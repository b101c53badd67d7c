"""Resolvers of TIMEX3 SETs: how often something recurs ("every Monday",
"three times a year", "each summer").
"""

from __future__ import annotations

from newsgraph.extract.timex_calendar import duration_code, part_code
from newsgraph.extract.timex_resolution import Context, Resolution, Word, first_value, has_kind


def set_weekday(words: list[Word], ctx: Context) -> Resolution:
    value = f"XXXX-WXX-{first_value(words, 'WEEKDAY', first_value(words, 'WEEKDAYS'))}"
    if has_kind(words, "PART_OF_DAY"):
        value += part_code(first_value(words, "PART_OF_DAY"))
    return Resolution("SET", value)


def set_month(words: list[Word], ctx: Context) -> Resolution:
    return Resolution("SET", f"XXXX-{first_value(words, 'MONTH'):02d}")


def set_season(words: list[Word], ctx: Context) -> Resolution:
    return Resolution("SET", f"XXXX-{first_value(words, 'SEASON')}")


def set_part_of_day(words: list[Word], ctx: Context) -> Resolution:
    return Resolution("SET", "XXXX-XX-XX" + part_code(first_value(words, "PART_OF_DAY")))


def set_frequency(words: list[Word], ctx: Context) -> Resolution:
    """ "three times a year": the SET's period is one unit, whatever the count."""
    return Resolution("SET", duration_code(1, first_value(words, "UNIT")))


def set_period(words: list[Word], ctx: Context) -> Resolution:
    # "every few years"
    amount = first_value(words, "NUM", first_value(words, "INT", "X" if has_kind(words, "FEW") else 1))
    unit = first_value(words, "UNIT", "W")
    return Resolution("SET", duration_code(amount, unit))


def set_adverb(words: list[Word], ctx: Context) -> Resolution:
    return Resolution("SET", words[0].value)
