"""Word lists of token patterns as lexeme flags: the same matches as spaCy's predicates."""

from __future__ import annotations

import pickle

import pytest
import spacy
from spacy.attrs import FLAG19
from spacy.errors import MatchPatternError
from spacy.matcher import Matcher

from newsgraph.extract.flags import FLAG_BITS, WordTest, native, word_flags

PATTERNS = [
    [{"LOWER": {"IN": ["last", "next"]}}, {"LOWER": {"IN": ["week", "month"]}}],
    [{"IS_TITLE": True, "ORTH": {"NOT_IN": ["The", "Minister"]}, "OP": "+"}, {"ORTH": {"IN": ["Forge", "Ltd"]}}],
    [{"TEXT": {"REGEX": r"^(?:MiG|Su)-\d{2}[A-Z]*$"}}],
    [{"LOWER": {"IN": ["every"]}}, {"LOWER": "day", "OP": "?"}],
]
TEXTS = [
    "Last week the Minister visited Bharat Forge and Kalyani Steels Ltd in Pune.",
    "NEXT MONTH the air force flies its MiG-29 and Su-30MKI jets every day.",
    "The Forge stayed shut; next month it reopens. A MiG-29K landed.",
    "Unseen words arrive later: Zorvath Ltd bought a Su-57 last month.",
]


def _matches(matcher: Matcher, nlp: spacy.Language) -> list[list[tuple[str, int, int]]]:
    return [
        sorted((nlp.vocab.strings[key], start, end) for key, start, end in matcher(nlp.make_doc(text)))
        for text in TEXTS
    ]


def _pair() -> tuple[spacy.Language, Matcher, Matcher]:
    nlp = spacy.blank("en")
    nlp.make_doc(TEXTS[0])  # some words known before the flags are set, others only after
    plain = Matcher(nlp.vocab)
    flagged = Matcher(nlp.vocab, validate=False)
    for i, (pattern, rewritten) in enumerate(zip(PATTERNS, native(nlp.vocab, PATTERNS), strict=True)):
        plain.add(f"p{i}", [pattern])
        flagged.add(f"p{i}", [rewritten])
    return nlp, plain, flagged


def test_flagged_patterns_match_as_the_predicates_do() -> None:
    nlp, plain, flagged = _pair()
    expected = _matches(plain, nlp)
    assert _matches(flagged, nlp) == expected
    assert any(name == "p2" for found in expected for name, _, _ in found)  # the regex matched something
    assert ("p1", 5, 7) in expected[0]  # "Bharat Forge"


def test_word_lists_become_flags_and_single_words_plain_values() -> None:
    nlp = spacy.blank("en")
    rewritten = native(nlp.vocab, PATTERNS)
    assert all(isinstance(key, int) and key >= FLAG19 for key in rewritten[0][0])
    assert rewritten[1][0]["IS_TITLE"] is True and rewritten[1][0]["OP"] == "+"
    assert [key for key, value in rewritten[1][0].items() if value is False]  # NOT_IN: the flag must be off
    assert rewritten[3][0] == {"LOWER": "every"}


def test_equal_lists_share_a_flag_across_calls() -> None:
    nlp = spacy.blank("en")
    first = native(nlp.vocab, [PATTERNS[0]])
    second = native(nlp.vocab, [list(reversed(PATTERNS[0]))])
    assert set(first[0][0]) == set(second[0][1])


def test_lists_past_the_free_bits_stay_predicates() -> None:
    nlp = spacy.blank("en")
    many = [[{"LOWER": {"IN": [f"word{i}", f"other{i}"]}}] for i in range(FLAG_BITS)]
    rewritten = native(nlp.vocab, many)
    flagged = [p for p in rewritten if isinstance(next(iter(p[0])), int)]
    assert len(flagged) == FLAG_BITS - FLAG19
    assert rewritten[-1] == many[-1]
    matcher = Matcher(nlp.vocab, validate=False)
    matcher.add("all", rewritten)
    assert len(matcher(nlp.make_doc("word0 and other63 but not word64"))) == 2


def test_the_first_tokens_of_patterns_get_the_flags_first() -> None:
    nlp = spacy.blank("en")
    word_flags(nlp.vocab, [WordTest("LOWER", words=[f"filler{i}"]) for i in range(FLAG_BITS - FLAG19 - 2)])
    two = [{"LOWER": {"IN": ["a", "b"]}}, {"LOWER": {"IN": ["c", "d"]}}]
    one = [{"LOWER": {"IN": ["e", "f"]}}]
    rewritten = native(nlp.vocab, [two, one])
    assert isinstance(next(iter(rewritten[0][0])), int)
    assert isinstance(next(iter(rewritten[1][0])), int)  # the second pattern's first token before…
    assert rewritten[0][1] == two[1]  # …the first pattern's second token, which keeps its list


def test_invalid_patterns_are_refused_before_rewriting() -> None:
    nlp = spacy.blank("en")
    with pytest.raises(MatchPatternError, match="timex"):
        native(nlp.vocab, [[{"LOWR": {"IN": ["a"]}}]], "timex")


def test_word_tests_pickle_and_compare() -> None:
    test = WordTest("LOWER", words=["may", "june"])
    copy = pickle.loads(pickle.dumps(test))
    assert copy == test and hash(copy) == hash(test)
    assert copy("June") and not copy("Junes")
    assert WordTest("ORTH", regex=r"^S-\d00$")("S-400") and WordTest("ORTH", regex=r"^S-\d00$") != test
