"""The model's attribute ruler and lemmatizer, read from lookup tables.

spaCy's English models set each token's coarse part of speech, morphology
and lemma with two components after the parser: an ``attribute_ruler``
(179 token patterns run by a ``Matcher``) and a rule ``lemmatizer``. Both
work token by token through Python objects, and together they cost about a
quarter of the model's time on news text (bench/throughput.py), more than
the tagger's neural network.

``AttributeLemmas`` gives every token the same part of speech, morphology,
fine tag, dependency label and lemma as those two components, from the
ruler's own patterns and the lemmatizer's own rules, read from the loaded
model when the pipeline is built (nothing of them is copied here):

- each pattern of the ruler is a fixed run of tokens, each token a test of
  its fine tag, lower-case form, dependency label or being a space
  (equal to, in a list, not in a list, or a regular expression). The tests
  are indexed by the first token's lower-case form or tag, so a token is
  tested against a handful of patterns, not all; a token takes the
  attributes of every pattern it is the target of, later patterns last, as
  the ruler does;
- a token without a lemma gets the lemmatizer's answer for its (form, part
  of speech, morphology), asked once per distinct triple: the lemmatizer's
  own cache key, so the answer is the one it would give.

A ruler with patterns of another kind (an operator such as ``"OP": "+"``,
or a test of another attribute) cannot be read this way: ``supports``
says so, and the pipeline keeps spaCy's components.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

# The token attributes a pattern may test, with the column each is read from.
_TESTED = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_READ = [TAG, LOWER, DEP, IS_SPACE, ORTH, POS, MORPH, LEMMA]
_SET = {TAG: "tag", DEP: "dep"}  # set token by token (rare: spaces); the rest by array

Test = Callable[[int], bool]
CACHE_LIMIT = 100_000  # distinct tokens remembered (matched rules, lemmas) before starting afresh


class Unsupported(ValueError):
    """A ruler pattern this component cannot read as a table."""


def _value_test(vocab, attribute: str, spec: Any) -> Test:  # type: ignore[no-untyped-def]
    """A test of one attribute's value (a string hash, or 0/1 for IS_SPACE)."""
    strings = vocab.strings
    if attribute == "IS_SPACE":
        if not isinstance(spec, bool):
            raise Unsupported(f"IS_SPACE test {spec!r}")
        wanted = int(spec)
        return lambda value: value == wanted
    if isinstance(spec, str):
        key = strings.add(spec)
        return lambda value: value == key
    if isinstance(spec, dict) and len(spec) == 1:
        ((operator, argument),) = spec.items()
        if operator in ("IN", "NOT_IN") and isinstance(argument, list):
            keys = frozenset(strings.add(str(item)) for item in argument)
            if operator == "IN":
                return lambda value: value in keys
            return lambda value: value not in keys
        if operator == "REGEX" and isinstance(argument, str):
            pattern = re.compile(argument)
            return lambda value: pattern.search(strings[value]) is not None
    raise Unsupported(f"{attribute} test {spec!r}")


def _first_keys(vocab, spec: dict[str, Any]) -> tuple[str, frozenset[int]] | None:  # type: ignore[no-untyped-def]
    """The index a pattern is filed under: the values its first token's
    lower-case form (else fine tag) must equal; None when it has no such test."""
    for attribute in ("LOWER", "TAG"):
        value = spec.get(attribute)
        if isinstance(value, str):
            return attribute, frozenset({vocab.strings.add(value)})
        if isinstance(value, dict) and set(value) == {"IN"}:
            return attribute, frozenset(vocab.strings.add(str(v)) for v in value["IN"])
    return None


class _FirstTokenIndex:
    """Positions of patterns filed under what their first token's lower-case
    form or tag must be (``_first_keys``), or under neither (generic)."""

    def __init__(self) -> None:
        self.by_lower: dict[int, list[int]] = {}
        self.by_tag: dict[int, list[int]] = {}
        self.generic: list[int] = []

    def file(self, vocab, first: dict[str, Any] | None, position: int) -> None:  # type: ignore[no-untyped-def]
        filed = _first_keys(vocab, first) if first else None
        if filed is None:
            self.generic.append(position)
            return
        table = self.by_lower if filed[0] == "LOWER" else self.by_tag
        for key in filed[1]:
            table.setdefault(key, []).append(position)

    def candidates(self, lower: int, tag: int) -> tuple[int, ...]:
        """The positions of the patterns a token with this form and tag can open."""
        return (*self.by_lower.get(lower, ()), *self.by_tag.get(tag, ()), *self.generic)


class AttributeLemmas:
    """The ``attribute_lemmas`` pipe: see the module docstring."""

    def __init__(self, vocab, ruler, lemmatizer) -> None:  # type: ignore[no-untyped-def]
        self.vocab = vocab
        self.lemmatizer = lemmatizer
        # (rule number, token tests per position, target position) per pattern of several tokens
        self.patterns: list[tuple[int, list[list[tuple[int, Test]]], int]] = []
        self.attrs: list[dict[int, int]] = [dict(attrs) for attrs in ruler.attrs]
        self.index = _FirstTokenIndex()  # positions in ``patterns``
        # (rule number, token tests) of the patterns of one token
        self.single_patterns: list[tuple[int, list[tuple[int, Test]]]] = []
        self.single_index = _FirstTokenIndex()  # positions in ``single_patterns``
        self.single_rules: dict[tuple[int, int, int, int], tuple[int, ...]] = {}
        for number, described in enumerate(ruler.patterns):
            index = described["index"]
            for pattern in described["patterns"]:
                tests = []
                for spec in pattern:
                    unknown = set(spec) - set(_TESTED)
                    if unknown:
                        raise Unsupported(f"pattern {number} tests {sorted(unknown)}")
                    tests.append([(_TESTED[name], _value_test(vocab, name, value)) for name, value in spec.items()])
                target = index if index >= 0 else len(pattern) + index
                if not 0 <= target < len(pattern):
                    raise Unsupported(f"pattern {number} sets token {index} of {len(pattern)}")
                if len(tests) == 1:
                    self.single_index.file(vocab, pattern[0], len(self.single_patterns))
                    self.single_patterns.append((number, tests[0]))
                    continue
                self.index.file(vocab, pattern[0] if pattern else None, len(self.patterns))
                self.patterns.append((number, tests, target))
        for attrs in self.attrs:
            for attribute in attrs:
                if attribute not in (POS, MORPH, LEMMA, TAG, DEP):
                    raise Unsupported(f"ruler sets attribute {attribute}")
        self.lemma_overwrite = bool(getattr(lemmatizer, "overwrite", False))
        self.lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        columns = doc.to_array(_READ).tolist()
        tags, lowers, deps, spaces = ([row[i] for row in columns] for i in range(4))
        read = (tags, lowers, deps, spaces)
        size = len(columns)
        # the rules of one-token patterns a token matches depend on its four
        # tested values alone: found once per distinct (tag, lower, dep, space)
        singles = self.single_rules
        if len(singles) > CACHE_LIMIT:
            singles.clear()
        several: dict[int, list[int]] = {}  # target -> rules of patterns of several tokens
        own: list[tuple[int, ...]] = []
        for i in range(size):
            key = (tags[i], lowers[i], deps[i], spaces[i])
            numbers = singles.get(key)
            if numbers is None:
                numbers = singles[key] = self._single_rules(key)
            own.append(numbers)
            for position in self.index.candidates(lowers[i], tags[i]):
                number, tests, target = self.patterns[position]
                if i + len(tests) > size:
                    continue
                if all(test(read[column][i + offset]) for offset, token in enumerate(tests) for column, test in token):
                    several.setdefault(i + target, []).append(number)
        pos, morph, lemma = ([row[i] for row in columns] for i in (5, 6, 7))
        token_sets: dict[int, dict[str, int]] = {}
        for i in range(size):
            numbers = own[i]
            if i in several:
                numbers = tuple(sorted({*numbers, *several[i]}))
            for number in numbers:
                for attribute, value in self.attrs[number].items():
                    if attribute == POS:
                        pos[i] = value
                    elif attribute == MORPH:
                        morph[i] = value
                    elif attribute == LEMMA:
                        lemma[i] = value
                    else:
                        token_sets.setdefault(i, {})[_SET[attribute]] = value
        values = numpy.array([pos, morph, lemma], dtype="uint64").T
        doc.from_array([POS, MORPH], values[:, :2])
        for i, settings in token_sets.items():
            token = doc[i]
            for name, value in settings.items():
                setattr(token, name, value)
        self._lemmatize(doc, [row[4] for row in columns], values)
        return doc

    def _single_rules(self, values: tuple[int, int, int, int]) -> tuple[int, ...]:
        """The rules, in order, of the one-token patterns a token with these
        (tag, lower, dep, space) values matches: only those filed under its
        lower-case form or tag, or under neither, can."""
        found = set()
        for position in self.single_index.candidates(values[1], values[0]):
            number, tests = self.single_patterns[position]
            if all(test(values[column]) for column, test in tests):
                found.add(number)
        return tuple(sorted(found))

    def _lemmatize(self, doc: Doc, orths: list[int], values: numpy.ndarray) -> None:
        """Lemmas of the tokens the ruler gave none (all, when the lemmatizer
        overwrites), the lemmatizer's own answer per (form, POS, morphology)."""
        lemmas = values[:, 2].copy()
        cache = self.lemmas
        if len(cache) > CACHE_LIMIT:
            cache.clear()
        for i, (pos, morph, lemma) in enumerate(values.tolist()):
            if lemma and not self.lemma_overwrite:
                continue
            key = (orths[i], pos, morph)
            found = cache.get(key)
            if found is None:
                found = self.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                cache[key] = found
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))


def supports(nlp: Language) -> bool:
    """Whether ``nlp`` has an attribute ruler then a rule lemmatizer whose
    patterns ``AttributeLemmas`` can read."""
    names = nlp.pipe_names
    if "attribute_ruler" not in names or "lemmatizer" not in names:
        return False
    if names.index("lemmatizer") != names.index("attribute_ruler") + 1:
        return False
    if getattr(nlp.get_pipe("lemmatizer"), "mode", None) != "rule":
        return False
    try:
        AttributeLemmas(nlp.vocab, nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))
    except Unsupported:
        return False
    return True


@Language.factory("newsgraph_attribute_lemmas_v1", assigns=["token.pos", "token.morph", "token.lemma"])
def make_attribute_lemmas(nlp: Language, name: str) -> AttributeLemmas:
    """Built from the model's own ``attribute_ruler`` and ``lemmatizer``,
    which must still be in the pipeline (``replace_ruler_and_lemmatizer``)."""
    return AttributeLemmas(nlp.vocab, nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


PIPE_NAME = "attribute_lemmas"  # not "newsgraph_…": it runs with spaCy's own components, on the pieces


def replace_ruler_and_lemmatizer(nlp: Language) -> bool:
    """Put ``AttributeLemmas`` in place of the model's attribute ruler and
    lemmatizer when it can read them (``supports``); True when it did."""
    if not supports(nlp):
        return False
    nlp.add_pipe("newsgraph_attribute_lemmas_v1", name=PIPE_NAME, after="lemmatizer")
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")  # its tables stay with the new pipe
    return True
