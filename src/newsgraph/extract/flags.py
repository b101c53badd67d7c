"""Word lists and word regexes of token patterns as lexeme flags.

In a spaCy ``Matcher`` pattern, ``{"ORTH": {"IN": [...]}}``, ``NOT_IN`` and
``{"TEXT": {"REGEX": ...}}`` are Python predicates that the matcher calls at
every token it tries, which makes a few such patterns cost more than the
rest of a component. Their answer depends on the word only, so a lexeme flag
can hold it: it is set once on the words the vocabulary holds, computed for
every new word by the vocabulary (as its ``lex_attr_getters``), and the
matcher tests it natively. ``native`` rewrites patterns that way; the matches
are the same.

A vocabulary has 64 flag bits, of which spaCy's own attributes use those
below ``FLAG19``: 45 are ours to take, and the word lists past them stay
predicates. spaCy's pattern validation knows no flags, so ``native``
validates the patterns as written and the matcher that gets the rewritten
ones must not validate again (``Matcher(vocab, validate=False)``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from spacy.attrs import FLAG19
from spacy.errors import MatchPatternError
from spacy.schemas import validate_token_pattern
from spacy.strings import StringStore
from spacy.vocab import Vocab

FLAG_BITS = 64
# Token attributes whose value depends on the word alone.
WORD_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER"}


class WordTest:
    """Whether a word (a lexeme's text) is in a list or matches a regex, as
    the matcher would judge its ``ORTH``/``LOWER`` value. Comparable and
    hashable, so that the same test shares one flag; picklable."""

    __slots__ = ("attr", "regex", "words")

    def __init__(self, attr: str, words: Iterable[str] | None = None, regex: str | None = None) -> None:
        self.attr = attr
        self.words = frozenset(words) if words is not None else None
        self.regex = re.compile(regex) if regex is not None else None

    def _key(self) -> tuple[str, frozenset[str] | None, str | None]:
        return self.attr, self.words, self.regex.pattern if self.regex is not None else None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordTest) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __call__(self, text: str) -> bool:
        value = text.lower() if self.attr == "LOWER" else text
        if self.regex is not None:
            return self.regex.search(value) is not None  # as spaCy's REGEX predicate
        return self.words is not None and value in self.words


def word_flags(vocab: Vocab, tests: Sequence[WordTest]) -> dict[WordTest, int]:
    """The flag ids holding ``tests`` in ``vocab``, in their order while bits
    last (a test left out has none). A test equal to one registered before
    shares its flag. New flags are set on the words the vocabulary holds in
    one pass (``Vocab.add_flag`` would call every test on every word) and
    computed for new words by the vocabulary."""
    flags = {
        getter: flag_id
        for flag_id, getter in vocab.lex_attr_getters.items()
        if isinstance(getter, WordTest) and isinstance(flag_id, int)
    }
    free = iter([bit for bit in range(FLAG19, FLAG_BITS) if bit not in vocab.lex_attr_getters])
    new: dict[WordTest, int] = {}
    for test in dict.fromkeys(tests):
        if test not in flags and (bit := next(free, None)) is not None:
            new[test] = flags[test] = bit
    if new:
        by_word: dict[tuple[str, str], list[int]] = defaultdict(list)
        regexes = []
        for test, bit in new.items():
            if test.regex is not None:
                regexes.append((test, bit))
            for word in test.words or ():
                by_word[(test.attr, word)].append(bit)
        for lexeme in vocab:
            text = lexeme.orth_
            hits = [*by_word.get(("ORTH", text), ()), *by_word.get(("LOWER", text.lower()), ())]
            hits += [bit for test, bit in regexes if test(text)]
            for bit in hits:
                lexeme.set_flag(bit, True)
        for test, bit in new.items():
            vocab.lex_attr_getters[bit] = test
    return flags


def string_ids(strings: StringStore, words: Iterable[str]) -> np.ndarray:
    """The hashes of ``words`` as spaCy's token arrays (``Doc.to_array``)
    hold them, sorted, to look tokens up with ``numpy.isin``."""
    return np.array(sorted({strings.add(word) for word in words}), dtype="uint64")


def _as_test(attr: str, value: Any) -> tuple[WordTest, bool] | None:
    """The flag test and the value the flag must have for one attribute of a
    token spec, or None when it is no word list or regex."""
    if not isinstance(attr, str) or attr.upper() not in WORD_ATTRS or not isinstance(value, dict) or len(value) != 1:
        return None
    ((operator, argument),) = value.items()
    kind = WORD_ATTRS[attr.upper()]
    if operator in ("IN", "NOT_IN") and all(isinstance(word, str) for word in argument):
        return WordTest(kind, words=argument), operator == "IN"
    if operator == "REGEX" and isinstance(argument, str):
        return WordTest(kind, regex=argument), True
    return None


def _leading(pattern: list[dict[str, Any]]) -> int:
    """How many tokens of ``pattern`` the matcher tests at every token it
    starts from: those up to and including the first required one."""
    for index, spec in enumerate(pattern):
        if spec.get("OP") not in ("?", "*"):
            return index + 1
    return len(pattern)


def native(vocab: Vocab, patterns: Sequence[list[dict[str, Any]]], key: str = "pattern") -> list[list[dict[str, Any]]]:
    """``patterns`` (validated as spaCy would) with their word lists and word
    regexes as lexeme flags while flag bits last: first those of the tokens
    tried at every token, then the others. A one-word ``IN`` list becomes a
    plain value. ``key`` names the patterns in errors."""
    errors = {i: found for i, pattern in enumerate(patterns) if (found := validate_token_pattern(pattern))}
    if errors:
        raise MatchPatternError(key, errors)
    rewritten = [[dict(spec) for spec in pattern] for pattern in patterns]
    leading = [(p, t) for p, pattern in enumerate(patterns) for t in range(_leading(pattern))]
    others = [(p, t) for p, pattern in enumerate(patterns) for t in range(_leading(pattern), len(pattern))]
    found: list[tuple[dict[Any, Any], str, WordTest, bool]] = []
    for p, t in leading + others:
        spec = rewritten[p][t]
        for attr, value in list(spec.items()):
            if isinstance(value, dict) and list(value) == ["IN"] and len(value["IN"]) == 1:
                spec[attr] = value["IN"][0]
            elif (test := _as_test(attr, value)) is not None:
                found.append((spec, attr, *test))
    flags = word_flags(vocab, [test for _, _, test, _ in found])
    for spec, attr, test, wanted in found:
        if test in flags:  # else the matcher tests the list itself
            del spec[attr]
            spec[flags[test]] = wanted
    return rewritten
