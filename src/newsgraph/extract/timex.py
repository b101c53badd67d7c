"""Temporal expression component ``newsgraph_timex_v1``.

Candidates are the base model's DATE and TIME entities plus the Matcher
patterns of ``knowledge/timex/patterns.yaml``. Each candidate is trimmed to a
TimeML extent (no leading preposition, no trailing punctuation) and kept only
if the normaliser resolves it against the document date (``Doc._.published``);
on overlap the longest resolvable candidate wins. The tense of the governing
verb decides "Tuesday" and "October" when the document date alone cannot.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from typing import Any

import numpy as np
from spacy.attrs import LIKE_NUM, LOWER, ORTH, SHAPE
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from newsgraph.extract.flags import native, string_ids
from newsgraph.extract.timex_normalise import TimexNormaliser
from newsgraph.extract.timex_reference import ReferenceTime
from newsgraph.extract.timex_resolution import Resolution
from newsgraph.extract.timex_tense import clause_tense
from newsgraph.knowledge.loader import load_yaml
from newsgraph.model import Timex

if not Doc.has_extension("timexes"):
    Doc.set_extension("timexes", default=None)

ENTITY_LABELS = frozenset({"DATE", "TIME"})
# Dependencies of an expression that only modifies a noun ("the 1998 budget").
MODIFIER_DEPS = frozenset({"compound", "nummod", "amod", "nmod", "poss"})
HOLIDAY_LABELS = frozenset({"EVENT", "FAC", "ORG", "GPE", "LOC", "PERSON"})
# The base model may call a duration a measure ("about 5 1/2 hours" QUANTITY).
MEASURE_LABELS = frozenset({"QUANTITY"})


def _knowledge_file(name: str) -> dict[str, Any]:
    """A file of ``knowledge/timex``, read and parsed once (not to be changed by callers)."""
    return load_yaml(f"timex/{name}")


def _patterns_file() -> dict[str, Any]:
    return _knowledge_file("patterns.yaml")


def _patterns() -> list[dict[str, Any]]:
    return _patterns_file()["patterns"]


@cache
def _vocabulary_words(kind: str) -> frozenset[str]:
    """The words of one class of ``vocabulary.yaml`` ("UNIT", "TIMEZONE")."""
    return frozenset(str(word) for word in _knowledge_file("vocabulary.yaml")[kind])


@cache
def _extent_words(name: str) -> frozenset[str]:
    return frozenset(str(word) for word in _patterns_file()["extent"][name])


def _expand(value: Any, vocabulary: dict[str, Any]) -> Any:
    """Replace "@CLASS" in pattern IN lists by the words of that vocabulary class."""
    if isinstance(value, dict):
        return {key: _expand(item, vocabulary) for key, item in value.items()}
    if isinstance(value, list):
        return [_expand(item, vocabulary) for item in value]
    if isinstance(value, str) and value.startswith("@"):
        words = [str(word) for word in vocabulary[value[1:]]]
        return sorted({*words, *(f"{word}." for word in words)})
    return value


class AnchoredMatcher:
    """The Matcher of the timex patterns, run only around the tokens that can
    anchor a match, with the same matches as on the whole document.

    Every pattern has tokens that are not optional; the most telling of them
    (a listed word rather than a shape, a shape rather than any number) is
    the pattern's anchor. A match holds its pattern's anchor and is at most
    as long as the longest pattern, so it lies inside the window of that many
    tokens either side of the anchor: matching the merged windows instead of
    the document finds the same matches, and most news text is far from any
    anchor. (spaCy evaluates the word lists of a pattern in Python for every
    token, which made the matcher most of the component's time.)"""

    def __init__(self, nlp: Language, vocabulary: dict[str, Any]) -> None:
        self.stop_words = frozenset(nlp.Defaults.stop_words)
        self.lowers: set[str] = set()
        self.texts: set[str] = set()
        self.shapes: set[str] = set()
        self.any_number = False
        self.reach = 0
        patterns: list[tuple[str, list[dict[str, Any]]]] = []
        self.matcher = Matcher(nlp.vocab, validate=False)  # patterns validated by ``native``
        for entry in _patterns():
            pattern = _expand(entry["pattern"], vocabulary)
            if any(spec.get("OP", "!") not in ("!", "?") for spec in pattern):
                raise ValueError(f"timex pattern {entry['name']!r}: only optional tokens are supported")
            self.reach = max(self.reach, len(pattern))
            self._add_anchor(entry["name"], [spec for spec in pattern if "OP" not in spec])
            plain = [{k: v for k, v in spec.items() if k != "ANCHOR"} for spec in pattern]
            patterns.append((entry["name"], plain))
        # The word lists as lexeme flags (see ``flags``), one call so that the
        # tokens tried at every position get the flags first.
        for (name, _), pattern in zip(patterns, native(nlp.vocab, [p for _, p in patterns], "timex"), strict=True):
            self.matcher.add(name, [pattern])
        # the anchor words, texts and shapes as the token arrays hold them
        strings = nlp.vocab.strings
        self.anchor_ids = (
            string_ids(strings, self.lowers),
            string_ids(strings, self.texts),
            string_ids(strings, self.shapes),
        )

    def _add_anchor(self, name: str, required: list[dict[str, Any]]) -> None:
        """File the pattern's anchor: the token marked ``ANCHOR: true`` in the
        data file, else the required token least likely in any sentence (the
        fewest function words, then a word list before a shape before any
        number, then the shortest)."""

        def choices(spec: dict[str, Any]) -> Iterator[tuple[tuple[int, int, int], str, list[str]]]:
            for key in ("LOWER", "ORTH", "SHAPE"):
                value = spec.get(key)
                found = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) else None
                if found:
                    found = [str(w) for w in found]
                    stops = sum(w.lower() in self.stop_words for w in found) if key != "SHAPE" else 0
                    yield (stops, 1 if key == "SHAPE" else 0, len(found)), key, found
            if spec.get("LIKE_NUM") is True:
                yield (0, 2, 0), "LIKE_NUM", []

        marked = [spec for spec in required if spec.get("ANCHOR")]
        found = [choice for spec in (marked or required) for choice in choices(spec)]
        if not found:
            raise ValueError(f"timex pattern {name!r} has no word, shape or number that every match holds")
        _, key, values = min(found, key=lambda choice: choice[0])
        if key == "LOWER":
            self.lowers.update(w.lower() for w in values)
        elif key == "ORTH":
            self.texts.update(values)
        elif key == "SHAPE":
            self.shapes.update(values)
        else:
            self.any_number = True

    def anchors(self, doc: Doc) -> list[int]:
        """Indices of the document's tokens that anchor a pattern."""
        lowers, texts, shapes = self.anchor_ids
        columns = doc.to_array([LOWER, ORTH, SHAPE, LIKE_NUM]).reshape(len(doc), 4)
        hits = np.isin(columns[:, 0], lowers) | np.isin(columns[:, 1], texts) | np.isin(columns[:, 2], shapes)
        if self.any_number:
            hits |= columns[:, 3] != 0
        return np.flatnonzero(hits).tolist()

    def __call__(self, doc: Doc) -> list[tuple[int, int]]:
        windows: list[list[int]] = []
        for i in self.anchors(doc):
            start, end = max(i - self.reach + 1, 0), min(i + self.reach, len(doc))
            if windows and start <= windows[-1][1]:
                windows[-1][1] = end
            else:
                windows.append([start, end])
        return [
            (start + match_start, start + match_end)
            for start, end in windows
            for _, match_start, match_end in self.matcher(doc[start:end])
        ]


def _hedge(doc: Doc, start: int, end: int) -> str | None:
    """ "at least"/"at most" opening doc[start:end]: "keep" before an amount
    ("at least 30 days", as TimeBank marks it), "drop" before a date ("until
    at least Wednesday" marks the day); None if there is none."""
    if start + 2 >= end or doc[start].lower_ != "at" or doc[start + 1].lower_ not in {"least", "most"}:
        return None
    amount = doc[start + 2].like_num or doc[start + 2].lower_ in {"the", "a", "an", "half", "several", "few", "some"}
    return "keep" if amount else "drop"


def trim(span: Span, from_entity: bool) -> Span | None:
    """The part of a candidate that TimeML marks: no leading preposition or
    punctuation, no trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end:
        hedge = _hedge(doc, start, end)
        if hedge == "drop":
            start += 2
            continue
        token = doc[start]
        leading = (
            token.lower_ in _extent_words("leading")
            and not (from_entity and token.lower_ in _extent_words("kept_leading"))
            and hedge != "keep"
        )
        complementizer = token.lower_ == "that" and token.dep_ == "mark"  # "bet that Thursday's cut ..."
        if not (leading or complementizer or token.is_punct or token.is_space):
            break
        start += 1
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].lower_ in _extent_words("trailing")
    ):
        end -= 1
    if end - start > 1 and end < len(doc) and doc[end].lower_ == "than" and doc[end - 1].lower_ in {"earlier", "later"}:
        end -= 1  # "two weeks earlier than last year": a comparison, whose amount is the duration
    if start >= end:
        return None
    kept = doc[start:end]
    # TimeML extents keep the article ("the third quarter"), which other
    # components may have cut from the entity; not when the expression only
    # modifies a noun ("the 1998 budget") or is an adverb ("the recently passed law").
    if start > 0 and doc[start - 1].lower_ == "the" and kept.root.dep_ not in MODIFIER_DEPS and kept.root.pos_ != "ADV":
        kept = doc[start - 1 : end]
    return kept


def range_ends(span: Span) -> list[Span]:
    """The two ends of a range entity ("between 1994 and 1997", "1991 to 1997"),
    which TimeML marks as two expressions; none if ``span`` is not a range."""
    joints = [token.i for token in span[1:-1] if token.lower_ in _extent_words("range_joints")]
    if len(joints) != 1:
        return []
    return [span.doc[span.start : joints[0]], span.doc[joints[0] + 1 : span.end]]


def period_parts(span: Span) -> list[Span]:
    """The period and its closing date in an entity ("year ended June 30,
    1990" -> "year", "June 30, 1990"), which TimeML marks as two expressions."""
    ends = [t.i for t in span[1:-1] if t.lower_ in _extent_words("period_ends")]
    if len(ends) != 1:
        return []
    period_end = ends[0]
    while period_end > span.start + 1 and span.doc[period_end - 1].lower_ in {"that", "which"}:
        period_end -= 1  # "the quarter that ended Sept. 30"
    return [span.doc[span.start : period_end], span.doc[ends[0] + 1 : span.end]]


def day_of_time(span: Span, following: Span | None) -> Span | None:
    """The expression naming the day of a time of day marked on its own:
    "Sunday" in "at midnight on Sunday", "Wednesday" in "3:30 p.m. local time
    on Wednesday", "March 5" in "at 10 a.m., March 5", "Saturday" right after
    the time ("about 2 a.m. Saturday")."""
    if following is None:
        return None
    between = [token.lower_ for token in span.doc[span.end : following.start]]
    links = _extent_words("day_links")
    if between and (len(between) > 4 or not set(between) <= links or not set(between) & {"on", ","}):
        return None
    return following


def of_parts(span: Span) -> list[Span]:
    """The two expressions of an entity joined by "of" that is no calendar
    period as a whole ("the first nine months of the year" -> "the first nine
    months", "the year", as TimeBank marks them); tried after the whole."""
    ofs = [t.i for t in span[1:-1] if t.lower_ == "of"]
    if len(ofs) != 1:
        return []
    return [span.doc[span.start : ofs[0]], span.doc[ofs[0] + 1 : span.end]]


def quantity_tails(span: Span) -> list[Span]:
    """The ends of an entity from each indefinite article inside it ("as long
    as a month" -> "a month"), tried when the whole entity does not resolve."""
    return [span.doc[t.i : span.end] for t in span[1:] if t.lower_ in {"a", "an"}]


def _hyphenated(first: Token, second: Token) -> bool:
    """Whether two tokens are one word joined by a hyphen: "after-hours"."""
    doc = first.doc
    return (
        second.i == first.i + 2
        and doc[first.i + 1].text == "-"
        and not first.whitespace_
        and not doc[first.i + 1].whitespace_
    )


def _compound_word(word: Token) -> bool:
    """A word that makes a compound with the expression it is hyphenated to;
    a number never does ("40-year-old" is an age, "two-year" a duration)."""
    return word.is_alpha and not word.like_num


def is_excluded(span: Span, holiday: bool = False) -> bool:
    """Words that only look temporal: ages ("decades-old"), parts of compound
    words ("after-hours"), names ("May"), kinds of things ("a winter storm"),
    words of another entity ("asteroid 2001 KV86"). ``holiday``: the span
    names a holiday, which stays a date whatever the base model calls it."""
    return (
        _age_or_compound(span)
        or _month_used_as_name(span)
        or _kind_of_thing(span)
        or _inside_other_entity(span, holiday)
    )


def _age_or_compound(span: Span) -> bool:
    doc = span.doc
    following = doc[span.end : span.end + 2]
    if any(token.lower_ in _extent_words("age_words") for token in following if token.lower_ != "-"):
        return True  # "decades-old", "a 40-year-old envoy"
    before = doc[span.start - 2] if span.start >= 2 else None
    if (
        before is not None
        and _hyphenated(before, span[0])
        and _compound_word(before)
        and before.lower_ not in _extent_words("hyphen_prefixes")
    ):
        return True  # the end of a compound word: "after-hours trading"
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None
    return after is not None and _hyphenated(span[-1], after) and _compound_word(after)  # "a quarter-century high"


def _month_used_as_name(span: Span) -> bool:
    doc = span.doc
    if len(span) > 1 and any(t.lower_ in _extent_words("name_months") and t.is_lower for t in span):
        return True  # month names are capitalised: "this march" is a procession
    if len(span) != 1 or span[0].lower_ not in _extent_words("name_months"):
        return False
    if span[0].pos_ in {"VERB", "AUX"} or span[0].is_lower:
        return True  # "may", "to march"
    previous = doc[span.start - 1] if span.start > 0 else None
    if previous is not None and previous.is_title and previous.pos_ == "PROPN" and not previous.is_sent_start:
        return True  # "Theresa May", "Brian June"
    after = doc[span.end : span.end + 2]
    if len(after) == 2 and after[0].lower_ in {"for", "of", "on"} and after[1].is_title:
        return True  # "the March for Life", "the March on Washington"
    return bool(
        after
        and after[0].is_title
        and after[0].is_alpha
        and after[0].pos_ == "PROPN"
        and after[0].lower_ not in _vocabulary_words("MONTH") | _vocabulary_words("WEEKDAY")
    )  # "a sister, May Robinson", "her daughter, June Carter"


def _kind_of_thing(span: Span) -> bool:
    if (
        len(span) == 1
        and span[0].lower_ in _vocabulary_words("UNIT")
        and any(child.dep_ in MODIFIER_DEPS and child.i == span.start - 1 for child in span[0].children)
    ):
        return True  # a lone unit a word makes into a thing: "opening hours"
    words = [token.lower_ for token in span if token.lower_ != "the"]
    if len(words) == 2 and words[0] in _extent_words("night_hours") and words[1] == "hours":
        return True  # "in the early hours of Sunday": the night
    return (
        len(span) == 1
        and span[0].lower_ in _vocabulary_words("SEASON") | _extent_words("kind_parts_of_day")
        and span[0].dep_ in {"compound", "amod"}
        and span[0].head.i > span[0].i
    )  # "a winter storm warning", "summer jobs", "its evening crossings"


def _inside_other_entity(span: Span, holiday: bool) -> bool:
    allowed = ENTITY_LABELS | MEASURE_LABELS | (HOLIDAY_LABELS if holiday else frozenset())
    units, zones = _vocabulary_words("UNIT"), _vocabulary_words("TIMEZONE")
    # "at least 20 more years", "1400 GMT": the base model's count, then the unit or zone it counts in
    counted = span[-1].lower_ in units | zones and span[-1].ent_type_ != "CARDINAL"

    def foreign(token: Token) -> bool:
        if not token.ent_type_ or token.ent_type_ in allowed:
            return False
        if token.lower_ in zones or token.shape_ in {"d:dd", "dd:dd"}:
            return False  # "10:00 GMT" as a PRODUCT, "GMT" as an ORG: a clock is never a name
        return not (counted and token.ent_type_ == "CARDINAL")

    return any(foreign(token) for token in span)


# Stand-in for the quarter a document reports on, while choosing candidates.
_ANY_QUARTER = "2000-Q1"


class TimexRecogniser:
    """Finds and resolves the temporal expressions of one document."""

    def __init__(self, nlp: Language, normaliser: TimexNormaliser, vocabulary: dict[str, Any]) -> None:
        self.normaliser = normaliser
        self.matcher = AnchoredMatcher(nlp, vocabulary)

    def candidates(self, doc: Doc) -> Iterable[tuple[Span, bool]]:
        for ent in doc.ents:
            if ent.label_ in ENTITY_LABELS:
                yield ent, True
                for end in range_ends(ent):
                    yield end, True
                for tail in quantity_tails(ent):
                    yield tail, True
                for part in (*period_parts(ent), *of_parts(ent)):
                    yield part, True
        for start, end in self.matcher(doc):
            span = doc[start:end]
            yield span, False
            if not is_excluded(span, self.normaliser.names_holiday(span.text)):  # not "rose from 1500 to 2005"
                for end_span in range_ends(span):
                    yield end_span, False

    def __call__(self, doc: Doc) -> Doc:
        published: date | None = doc._.published
        if published is None:
            doc._.timexes = []
            return doc
        chosen: list[Span] = []
        taken: set[int] = set()
        trimmed = {}
        for span, from_entity in self.candidates(doc):
            kept = trim(span, from_entity)
            if kept is not None and not is_excluded(kept, self.normaliser.names_holiday(kept.text)):
                trimmed[(kept.start, kept.end)] = kept
        for span in sorted(trimmed.values(), key=lambda s: (-(s.end - s.start), s.start)):
            if taken.intersection(range(span.start, span.end)):
                continue
            # any day will do as the story's reference here, and any quarter as
            # the reported one: whether "that day" or "the latest period" has
            # one is known only in document order, in resolve()
            if (
                self.normaliser.normalise(span.text, published, None, _ANY_QUARTER, ReferenceTime(published, "D"))
                is None
            ):
                continue
            chosen.append(span)
            taken.update(range(span.start, span.end))
        doc._.timexes = self.resolve(doc, sorted(chosen, key=lambda s: s.start), published)
        return doc

    def resolve(self, doc: Doc, spans: list[Span], published: date) -> list[Timex]:
        sentence_starts = [sentence.start_char for sentence in doc.sents]
        anchor: str | None = None
        reference: ReferenceTime | None = None
        timexes = []
        for index, span in enumerate(spans):
            following = doc[span.end].text if span.end < len(doc) else ""
            resolution: Resolution | None = self.normaliser.normalise(
                span.text, published, clause_tense(span), anchor, reference, following
            )
            if resolution is None:
                continue
            day = day_of_time(span, spans[index + 1] if index + 1 < len(spans) else None)
            if resolution.type == "TIME" and day is not None:
                # "at midnight on Sunday": the time of day is on that day
                on_day = self.normaliser.normalise(f"{span.text} {day.text}", published, clause_tense(day))
                if on_day is not None and on_day.type == "TIME":
                    resolution = Resolution(resolution.type, on_day.value, resolution.rule)
            if resolution.type == "DATE" or (resolution.type == "TIME" and self.normaliser.names_day(span.text)):
                # a time of day alone ("by morning") is on the day told, or the article's: no new reference
                reference = ReferenceTime.from_value(resolution.value) or reference
            elif resolution.type == "DURATION" and following.lower() == "later" and reference is not None:
                # "Two days later" is marked as the duration, but the story has moved on by it:
                # "... that evening" is the evening of the day it reaches
                reached = self.normaliser.normalise(f"{span.text} later", published, None, anchor, reference)
                if reached is not None and reached != self.normaliser.normalise(f"{span.text} later", published):
                    reference = ReferenceTime.from_value(reached.value) or reference
            if resolution.rule in {"quarter of year", "duration"} and resolution.value[4:6] == "-Q":
                # only a quarter already over can be the one the article reports on
                current = f"{published.year:04d}-Q{(published.month - 1) // 3 + 1}"
                if resolution.value < current or self.normaliser.is_fiscal(span.text):
                    anchor = resolution.value  # a fiscal quarter is numbered by the company's own year
            sentence = max(bisect_right(sentence_starts, span.start_char) - 1, 0)
            timexes.append(
                Timex(span.start_char, span.end_char, span.text, resolution.type, resolution.value, sentence)
            )
        return timexes


@Language.factory("newsgraph_timex_v1", assigns=["doc._.timexes"], requires=["doc._.published"])
def make_timex(nlp: Language, name: str) -> TimexRecogniser:
    return TimexRecogniser(nlp, TimexNormaliser.from_package(), _knowledge_file("vocabulary.yaml"))
