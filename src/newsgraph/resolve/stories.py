"""Stories: articles about the same happening.

Each article gets a fingerprint: a MinHash (datasketch) of its word
shingles, for near-duplicates and syndicated copies, and what the happening
is made of (the names, places, figures and dates it states) next
to what only says which subject it is about (its topic words, countries and
event types). Its blocking keys are the MinHash's LSH bands and its names;
two articles sharing a key are compared with ``link_score``, a pure function
of the two fingerprints: a copy scores 1 at once, any other pair the
weighted cosine of their features, less when they tell different years.
Stories are made from the scores by average linkage (``story_clusters.py``)."""

from __future__ import annotations

import hashlib
import math
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from datasketch import MinHash

from newsgraph.model import normalise_name
from newsgraph.resolve.gazetteer import load_resolve_data

NUM_PERM = 64
BANDS = 16  # of 4 rows: pairs above ~0.5 Jaccard share a band
SHINGLE = 3
NAME_TYPES = frozenset({"PERSON", "ORG", "FAC", "EVENT"})
NAME_WINDOW_DAYS = 7
BAND_WINDOW_DAYS = 60  # copies (shared MinHash bands) are looked for this far apart
NEAR_DUPLICATE = 0.40  # estimated Jaccard of word 3-shingles: a copy with edits
LINK = 0.08  # weakest similarity stored as a link: below it two articles count as unrelated
# Two reports of one happening also share its subject: fewer topic words in
# common than this and two articles are unrelated, whatever names, places
# or dates they share (a tea-export report and a bridge collapse, both in Mombasa).
SHARED_WORDS = 3
# Weight of each kind of feature in the cosine: what a happening is made of
# (who, which figures, which days) counts more than what only says its
# subject (topic words, countries, event types). A town weighs as a topic
# word: two happenings of one kind often share it (two heists in Paris, two
# riots in Athens). Set on the ECB+ development topics (docs/resolution.md).
FEATURE_WEIGHTS = {
    "word": 1.0,
    "name": 2.0,
    "place": 1.0,
    "figure": 1.5,
    "date": 1.5,
    "country": 0.5,
    "event": 0.5,
}
# Two articles that both tell years in digits ("in 2008", "March 3, 2013")
# and share none tell, most likely, two happenings of one kind (a singer's
# rehab stays five years apart, two quakes in one region): their similarity
# is multiplied by this. Not a veto: a report may date only the background.
# Set on the ECB+ development topics (docs/resolution.md).
YEARS_DIFFER = 0.45
TOPIC_KEYS = 20  # bottom-k sketch of the topic words, used as blocking keys
_WORDS = re.compile(r"\w+")
_TOPIC_WORD = re.compile(r"[^\W\d_]{4,}")
# A figure as written: digits with their separators ("6.1", "1,200", "9"),
# not part of a word ("G20", "F-16" count as names, not figures).
_FIGURE = re.compile(r"(?<![\w.,-])\d+(?:[.,]\d+)*(?![\w-])")


@cache
def _stopwords() -> frozenset[str]:
    data = load_resolve_data("stories.yaml")
    return frozenset(data["stopwords"]) | {name for name in data["wire_names"] if " " not in name}


@cache
def _wire_names() -> frozenset[str]:
    return frozenset(normalise_name(name) for name in load_resolve_data("stories.yaml")["wire_names"])


def topic_words(text: str) -> set[str]:
    """An article's content words: lower-cased, four letters or more, no stop
    words, no words of news agencies' names."""
    stop = _stopwords()
    return {w for w in (m.lower() for m in _TOPIC_WORD.findall(text)) if w not in stop}


def figures(text: str) -> set[str]:
    """The figures an article states, without thousands separators: "1,200" and "1200" are one."""
    return {m.replace(",", "") for m in _FIGURE.findall(text)}


_TOLD_VALUE = re.compile(r"\d{4}(?:-\d\d){0,2}")
_DIGIT = re.compile(r"\d")


def told_dates(timexes: Iterable[tuple[str, str]]) -> list[str]:
    """The dates an article tells, from its DATE timexes (text, value): a
    year, month or day written with digits ("2009", "March 3, 2009", "Dec.
    11"). A date said relative to the publication ("Thursday", "yesterday",
    "last week") restates the publication date, which the time window already
    compares, so it is left out: two reports published on one day would
    otherwise share it whatever happenings they tell."""
    return sorted({value for text, value in timexes if _DIGIT.search(text) and _TOLD_VALUE.fullmatch(value)})


def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "big")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    article_id: str
    published: date
    minhash: tuple[int, ...]
    topic: tuple[str, ...]
    topic_keys: tuple[str, ...]
    names: tuple[str, ...]
    places: tuple[str, ...]
    countries: tuple[str, ...]
    events: tuple[str, ...]
    dates: tuple[str, ...]
    figures: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "minhash": list(self.minhash),
            "topic": list(self.topic),
            "topic_keys": list(self.topic_keys),
            "names": list(self.names),
            "places": list(self.places),
            "countries": list(self.countries),
            "events": list(self.events),
            "dates": list(self.dates),
            "figures": list(self.figures),
        }

    @classmethod
    def from_json(cls, article_id: str, published: date, data: dict) -> Fingerprint:  # type: ignore[type-arg]
        return cls(
            article_id,
            published,
            tuple(data["minhash"]),
            tuple(data["topic"]),
            tuple(data["topic_keys"]),
            tuple(data["names"]),
            tuple(data["places"]),
            tuple(data["countries"]),
            tuple(data["events"]),
            tuple(data["dates"]),
            tuple(data.get("figures", ())),
        )


def fingerprint(
    article_id: str,
    published: date,
    text: str,
    entities: Iterable[tuple[str, str, str | None]],
    events: Iterable[str] = (),
    dates: Iterable[str] = (),
) -> Fingerprint:
    """An article's fingerprint. ``entities`` are the (type, name, country)
    its mentions resolved to; ``dates`` the dates it tells (``told_dates``)."""
    words = [w.lower() for w in _WORDS.findall(text)]
    minhash = _empty_minhash().copy()
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    words = topic_words(text)
    lowest = sorted(words, key=lambda w: (_word_hash(w), w))[:TOPIC_KEYS]
    names: set[str] = set()
    places: set[str] = set()
    countries: set[str] = set()
    for entity_type, name, country in entities:
        if country:
            countries.add(country)
            if normalise_name(name) not in _country_names():
                places.add(normalise_name(name))
        elif (
            entity_type in NAME_TYPES
            and (entity_type != "PERSON" or " " in normalise_name(name))
            and normalise_name(name) not in _wire_names()
        ):
            names.add(normalise_name(name))
    return Fingerprint(
        article_id,
        published,
        tuple(int(v) for v in minhash.hashvalues),
        tuple(sorted(words)),
        tuple(sorted(lowest)),
        tuple(sorted(names)),
        tuple(sorted(places)),
        tuple(sorted(countries)),
        tuple(sorted(set(events))),
        tuple(sorted(set(dates))),
        tuple(sorted(figures(text))),
    )


def band_keys(print_: Fingerprint) -> list[str]:
    """The LSH band keys of a fingerprint's MinHash."""
    rows = NUM_PERM // BANDS
    keys = []
    for band in range(BANDS):
        chunk = ",".join(map(str, print_.minhash[band * rows : (band + 1) * rows]))
        keys.append(f"b{band}:{hashlib.sha1(chunk.encode()).hexdigest()[:16]}")
    return keys


def name_keys(print_: Fingerprint) -> list[str]:
    """Keys looked up within a few days of publication: names, places,
    day-precise dates, figures of two digits or more, and the bottom-k
    topic words."""
    return (
        [f"n:{name}" for name in print_.names]
        + [f"p:{place}" for place in print_.places]
        + [f"d:{day}" for day in print_.dates if len(day) == 10]
        + [f"f:{figure}" for figure in print_.figures if len(figure.replace(".", "")) >= 2]
        + [f"w:{word}" for word in print_.topic_keys]
    )


@cache
def _empty_minhash() -> MinHash:
    """A MinHash of nothing; copies of it share its permutations, which
    datasketch would otherwise draw again for every article."""
    return MinHash(num_perm=NUM_PERM, seed=7)


@cache
def _country_names() -> frozenset[str]:
    from newsgraph.resolve.gazetteer import places

    return frozenset(name for name, place in places().items() if place.kind in ("country", "alias", "demonym"))


@dataclass(frozen=True, slots=True)
class LinkScore:
    score: float
    linked: bool
    features: dict[str, object]


def _features(print_: Fingerprint) -> dict[str, float]:
    """The fingerprint as a weighted, unit-length feature vector."""
    weighted = {}
    for kind, values in (
        ("word", print_.topic),
        ("name", print_.names),
        ("place", print_.places),
        ("figure", print_.figures),
        ("date", print_.dates),
        ("country", print_.countries),
        ("event", print_.events),
    ):
        weight = FEATURE_WEIGHTS[kind]
        weighted.update({f"{kind}:{value}": weight for value in values})
    norm = sum(w * w for w in weighted.values()) ** 0.5 or 1.0
    return {key: w / norm for key, w in weighted.items()}


@dataclass(frozen=True, slots=True, eq=False)
class Comparable:
    """A fingerprint with what ``link_score`` reads of it made once: an
    article is compared with many."""

    print_: Fingerprint
    vector: dict[str, float]
    topic: frozenset[str]
    years: frozenset[str]


def comparable(print_: Fingerprint) -> Comparable:
    return Comparable(print_, _features(print_), frozenset(print_.topic), frozenset(_years(print_)))


def link_score(left_print: Fingerprint | Comparable, right_print: Fingerprint | Comparable) -> LinkScore:
    """How alike two articles' happenings are (0..1), and why: 1 for a copy
    with edits (MinHash Jaccard of word 3-shingles ≥ ``NEAR_DUPLICATE``),
    else the cosine of their weighted features, listing what they share."""
    left_made = left_print if isinstance(left_print, Comparable) else comparable(left_print)
    right_made = right_print if isinstance(right_print, Comparable) else comparable(right_print)
    left, right = left_made.print_, right_made.print_
    text = sum(map(operator.eq, left.minhash, right.minhash)) / NUM_PERM  # share of equal MinHash slots
    days = abs((left.published - right.published).days)
    if text >= NEAR_DUPLICATE:
        return LinkScore(1.0, True, {"text_jaccard": round(text, 4)})
    if days > NAME_WINDOW_DAYS:
        return LinkScore(0.0, False, {"text_jaccard": round(text, 4), "days": days})
    words = len(left_made.topic & right_made.topic)
    if words < SHARED_WORDS:
        return LinkScore(0.0, False, {"text_jaccard": round(text, 4), "shared_words": words})
    a, b = left_made.vector, right_made.vector
    shared = {key: a[key] * b[key] for key in a.keys() & b.keys()}
    cosine = round(math.fsum(shared.values()), 4)  # exact: the same whatever the order of the keys
    strongest = sorted(shared, key=lambda key: (-shared[key], key))[:8]
    features: dict[str, object] = {"text_jaccard": round(text, 4), "cosine": cosine, "shared": strongest}
    left_years, right_years = left_made.years, right_made.years
    if left_years and right_years and not left_years & right_years:
        cosine = round(cosine * YEARS_DIFFER, 4)
        features["years_differ"] = [sorted(left_years), sorted(right_years)]
        features["score"] = cosine
    return LinkScore(cosine, cosine >= LINK, features)


def _years(print_: Fingerprint) -> set[str]:
    """The years of the dates an article tells (``told_dates``)."""
    return {day[:4] for day in print_.dates}
