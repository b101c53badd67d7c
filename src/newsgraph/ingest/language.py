"""Which language an article is written in, from its function words and script.

Cheap and our own: the share of letters in a distinctive script, else the
language whose frequent function words cover most of the first words of the
text. Word lists live in ``knowledge/language/function_words.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from newsgraph.knowledge.loader import load_yaml
from newsgraph.model import UNDETERMINED_LANGUAGE

UNDETERMINED = UNDETERMINED_LANGUAGE
SAMPLE_WORDS = 400
MIN_WORDS = 12  # below this, a text is too short to judge
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@cache
def _knowledge() -> tuple[dict[str, frozenset[str]], list[tuple[str, int, int]]]:
    data = load_yaml("language/function_words.yaml")
    words = {code: frozenset(listed.casefold().split()) for code, listed in data["languages"].items()}
    scripts = [(code, low, high) for code, ranges in data["scripts"].items() for low, high in ranges]
    return words, scripts


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``'s language, or ``und`` when it cannot tell."""
    words, scripts = _knowledge()
    sample = text[:5000]
    letters = [] if sample.isascii() else [ch for ch in sample if ch.isalpha()]
    if letters:
        by_script: Counter[str] = Counter()
        for ch in letters:
            point = ord(ch)
            if point < 0x0370:
                continue
            for code, low, high in scripts:
                if low <= point <= high:
                    by_script[code] += 1
                    break
        if by_script:
            code, count = by_script.most_common(1)[0]
            if count > 0.3 * len(letters):
                return code
    tokens = [t.casefold() for t in _WORD.findall(sample)][:SAMPLE_WORDS]
    if len(tokens) < MIN_WORDS:
        return UNDETERMINED
    scores = {code: sum(1 for t in tokens if t in listed) / len(tokens) for code, listed in words.items()}
    best = max(scores, key=lambda code: scores[code])
    if scores[best] < 0.12:
        return UNDETERMINED
    return best
