"""Resolve a temporal expression to a TimeML TIMEX3 type and ISO-TimeML value.

Pure: ``(expression text, document date, tense, anchor) -> Resolution | None``.
Words are classified with ``knowledge/timex/vocabulary.yaml``; the sequence of
classes is matched against the ordered rules of ``knowledge/timex/rules.yaml``,
and the first rule that matches names the resolver (``RESOLVERS``, gathered
from ``timex_dates``, ``timex_periods``, ``timex_durations`` and ``timex_sets``)
that computes the value. Resolvers do calendar arithmetic only; what counts as
a temporal expression, and its shape, lives in the data files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import pairwise
from typing import Any

from newsgraph.extract.timex_dates import (
    century,
    clock,
    day_part,
    decade,
    deictic,
    fuzzy,
    holiday,
    month,
    month_day,
    month_of_relative_year,
    part_of_day,
    relative_month,
    relative_part_of_day,
    season,
    weekday,
    weekend,
    year,
)
from newsgraph.extract.timex_durations import duration, period_ended, vague_duration
from newsgraph.extract.timex_periods import (
    part_of_period,
    quarter,
    relative_unit,
    reported_period,
    units_ago,
    year_ago_period,
    year_ago_quarter,
    year_of_unit,
    year_quarter,
)
from newsgraph.extract.timex_reference import ReferenceTime
from newsgraph.extract.timex_resolution import VALUE_GRAMMAR, Context, Resolution, Tense, Word
from newsgraph.extract.timex_sets import (
    set_adverb,
    set_frequency,
    set_month,
    set_part_of_day,
    set_period,
    set_season,
    set_weekday,
)
from newsgraph.knowledge.loader import load_yaml

_WORD = re.compile(
    r"\d/\d|\d{1,2}:\d{2}(?::\d{2})?|'\d0s|\d{4}s|\d+(?:st|nd|rd|th)\b|\d+(?:\.\d+)?|[a-z]+(?:\.[a-z])*\.?|'s|[,']"
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_DEFINITE = re.compile(r"(?i)\b(the|this|that|end|year's)\b|^year")


def _load(name: str) -> dict[str, Any]:
    return load_yaml(f"timex/{name}")


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
