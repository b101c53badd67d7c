"""Stories: articles about the same happening.

Each article gets a fingerprint: a MinHash (datasketch) of its word
shingles, for near-duplicates and syndicated copies, and the distinctive
names, countries, event types and dates it mentions, for rewrites that share
little wording. Its blocking keys are the MinHash's LSH bands and its names;
two articles sharing a key are compared with ``link_score``, a pure function
of the two fingerprints, so the links, and the stories as their connected
components, do not depend on the order articles arrive in."""

from __future__ import annotations

import hashlib
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from datasketch import MinHash
from rapidfuzz.fuzz import ratio
from rapidfuzz.process import extractOne

from newsgraph.model import normalise_name
from newsgraph.resolve.gazetteer import load_resolve_data

NUM_PERM = 64
BANDS = 16  # of 4 rows: pairs above ~0.5 Jaccard share a band
SHINGLE = 3
NAME_TYPES = frozenset({"PERSON", "ORG", "FAC", "EVENT"})
NAME_WINDOW_DAYS = 7
NEAR_DUPLICATE = 0.40  # estimated Jaccard of word 3-shingles: a copy with edits
LINK = 0.37
# feature -> (weight, value at which it counts in full); set on the training
# gold (docs/resolution.md): above every cross-story pair of the demo corpus.
LINK_WEIGHTS = {
    "topic_jaccard": (0.45, 0.15),
    "shared_names": (0.30, 2.0),
    "countries": (0.10, 1.0),
    "dates": (0.05, 1.0),
    "events": (0.05, 1.0),
    "shared_places": (0.05, 1.0),
}
TOPIC_KEYS = 12  # bottom-k sketch of the topic words, used as blocking keys
_WORDS = re.compile(r"\w+")
_TOPIC_WORD = re.compile(r"[^\W\d_]{4,}")


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(load_resolve_data("stories.yaml")["stopwords"])


def topic_words(text: str) -> set[str]:
    """An article's content words: lower-cased, four letters or more, no stop words."""
    stop = _stopwords()
    return {w for w in (m.lower() for m in _TOPIC_WORD.findall(text)) if w not in stop}


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
    its mentions resolved to; ``dates`` the values of its day-precise timexes."""
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
        elif entity_type in NAME_TYPES and (entity_type != "PERSON" or " " in normalise_name(name)):
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
    """Keys looked up within a few days of publication: names, places and
    the bottom-k topic words."""
    return (
        [f"n:{name}" for name in print_.names]
        + [f"p:{place}" for place in print_.places]
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


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    left, right = set(a), set(b)
    return len(left & right) / len(left | right) if left and right else 0.0


NAME_VARIANT = 85  # rapidfuzz ratio from which two names are spellings of one


def shared_names(a: Iterable[str], b: Iterable[str]) -> list[str]:
    """Names in both, allowing spelling variants ("rajiv malhotra" ~ "rajeev malhotra")."""
    right = list(b)
    exact = set(right)
    return [
        name
        for name in a
        if name in exact or extractOne(name, right, scorer=ratio, score_cutoff=NAME_VARIANT) is not None
    ]


@dataclass(frozen=True, slots=True)
class LinkScore:
    score: float
    linked: bool
    features: dict[str, float]


def link_score(left: Fingerprint, right: Fingerprint) -> LinkScore:
    """Whether two articles report the same happening, and why."""
    text = sum(map(operator.eq, left.minhash, right.minhash)) / NUM_PERM  # share of equal MinHash slots
    topic = _jaccard(left.topic, right.topic)
    places = set(left.places) & set(right.places)
    names = shared_names(left.names, right.names)
    days = abs((left.published - right.published).days)
    features = {
        "text_jaccard": round(text, 4),
        "topic_jaccard": round(topic, 4),
        "shared_names": float(len(names)),
        "shared_places": float(len(places)),
        "countries": round(_jaccard(left.countries, right.countries), 4),
        "events": round(_jaccard(left.events, right.events), 4),
        "dates": float(bool(set(left.dates) & set(right.dates))),
        "proximity": round(max(0.0, 1 - days / NAME_WINDOW_DAYS), 4),
    }
    weighted = sum(weight * min(1.0, features[name] / full) for name, (weight, full) in LINK_WEIGHTS.items())
    near_duplicate = text >= NEAR_DUPLICATE
    score = round(1.0 if near_duplicate else weighted, 4)
    linked = near_duplicate or (days <= NAME_WINDOW_DAYS and weighted >= LINK)
    return LinkScore(score, linked, features)
