"""Whether two entities are the same thing: small named feature functions
with declared weights, each returning its score and the values it compared,
so that every decision can explain itself ("merged because: name similarity
0.91, same title, co-mentioned entities 0.60").

The total is the weighted sum; ``POSITIVE`` and ``UNSURE`` are the decision
thresholds. Weights and thresholds were set on the training gold only
(docs/resolution.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz.distance import JaroWinkler
from rapidfuzz.fuzz import ratio, token_sort_ratio

from newsgraph.model import normalise_name
from newsgraph.resolve.keys import acronym_pair, is_place_short_form, name_tokens

POSITIVE = 0.65
UNSURE = 0.55


@dataclass(frozen=True)
class EntityProfile:
    """What resolution knows of an entity: its name and type, the titles and
    organisations of its roles, and the names co-mentioned with it."""

    id: int
    type: str
    name: str
    titles: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    co_mentions: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class FeatureScore:
    name: str
    weight: float
    score: float
    compared: tuple[str, str]

    @property
    def contribution(self) -> float:
        return self.weight * self.score


Feature = Callable[[EntityProfile, EntityProfile], tuple[float, tuple[str, str]]]


def aligned_ratio(left: list[str], right: list[str]) -> float:
    """Similarity (0-100) of two names token by token, each token paired with
    its most alike token of the other name (best pairs first), weighted by
    length; unpaired tokens count 0. Insensitive to order and to a spelling
    variant in one token: "Shahbaz Sharif" / "Sharif, Shehbaz" score 92,
    where sorting the tokens first would put them in different orders."""
    total = sum(map(len, left)) + sum(map(len, right))
    if not total:
        return 0.0
    pairs = sorted(
        ((ratio(a, b), i, j) for i, a in enumerate(left) for j, b in enumerate(right)),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    used_left: set[int] = set()
    used_right: set[int] = set()
    score = 0.0
    for similarity, i, j in pairs:
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        score += similarity * (len(left[i]) + len(right[j]))
    return score / total


def name_score(a: str, b: str) -> float:
    """How alike two names are (0-100), whatever the order of their tokens
    and allowing a spelling variant ("Defence"/"Defense")."""
    a, b = normalise_name(a), normalise_name(b)
    return max(token_sort_ratio(a, b), aligned_ratio(a.split(), b.split()))


def name_similarity(left: EntityProfile, right: EntityProfile) -> tuple[float, tuple[str, str]]:
    """Token-order-insensitive string similarity of the normalised names."""
    a, b = normalise_name(left.name), normalise_name(right.name)
    return name_score(a, b) / 100, (a, b)


GIVEN_PREFIX = 3  # letters a short given name needs to stand for a longer one ("Fred" for "Frederick")
PERSON_EXTRA_WORDS = 2  # words a person's name may carry around a full name: "Coroner Gary Hargrove", "W. Mark Felt"


def person_contained(left: EntityProfile, right: EntityProfile) -> bool:
    """One person's full name (two words or more) is a run of the other's,
    which has at most ``PERSON_EXTRA_WORDS`` more: a title or initial before
    it ("Comedian Ellen DeGeneres", "W. Mark Felt"), a suffix or a headline's
    verb after it ("Mark Felt Sr.", "Lindsay Lohan Checks")."""
    if left.type != "PERSON" or right.type != "PERSON":
        return False
    a, b = normalise_name(left.name).split(), normalise_name(right.name).split()
    short, long = sorted((a, b), key=len)
    if len(short) < 2 or len(long) == len(short) or len(long) - len(short) > PERSON_EXTRA_WORDS:
        return False
    if any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1)):
        return True
    # the same surname, a given name and its short form, middle names or initials
    # between: "Fred LaRue" / "Frederick C. LaRue"
    given = (short[0], long[0]) if len(short[0]) <= len(long[0]) else (long[0], short[0])
    return short[-1] == long[-1] and len(given[0]) >= GIVEN_PREFIX and given[1].startswith(given[0]) and len(short) == 2


def name_containment(left: EntityProfile, right: EntityProfile) -> tuple[float, tuple[str, str]]:
    """One organisation name starts with the other ("Adani Defence" and
    "Adani Defence and Aerospace"), or is the last word of one named after a
    place ("Colts" and "Indianapolis Colts", also when the tagger called
    "Colts" a person), or one person's full name is a
    run of the other's (``person_contained``)."""
    a, b = name_tokens(left.name), name_tokens(right.name)
    short, long = sorted((a, b), key=len)
    contained = left.type != "PERSON" and bool(short) and long[: len(short)] == short
    contained = contained or is_place_short_form((left.type, left.name), (right.type, right.name))
    return float(contained or person_contained(left, right)), (" ".join(a), " ".join(b))


def given_name_conflict(left: EntityProfile, right: EntityProfile) -> tuple[float, tuple[str, str]]:
    """Two people whose given names differ beyond a spelling variant: "Rajiv
    Malhotra" and "Vikram Malhotra" share only a surname."""
    a, b = normalise_name(left.name).split(), normalise_name(right.name).split()
    if left.type != "PERSON" or len(a) < 2 or len(b) < 2 or person_contained(left, right):
        return 0.0, ("", "")
    similarity = JaroWinkler.similarity(a[0], b[0])
    return float(similarity < 0.8), (a[0], b[0])


def surname_conflict(left: EntityProfile, right: EntityProfile) -> tuple[float, tuple[str, str]]:
    """Two people whose surnames differ beyond a spelling variant."""
    a, b = normalise_name(left.name).split(), normalise_name(right.name).split()
    if left.type != "PERSON" or len(a) < 2 or len(b) < 2 or person_contained(left, right):
        return 0.0, ("", "")
    return float(ratio(a[-1], b[-1]) < 75), (a[-1], b[-1])


def same_title(left: EntityProfile, right: EntityProfile) -> tuple[float, tuple[str, str]]:
    """The best fuzzy match between the two people's titles."""
    if not left.titles or not right.titles:
        return 0.0, (", ".join(sorted(left.titles)), ", ".join(sorted(right.titles)))
    best = max(token_sort_ratio(a.lower(), b.lower()) / 100 for a in left.titles for b in right.titles)
    return (best if best >= 0.6 else 0.0), (", ".join(sorted(left.titles)), ", ".join(sorted(right.titles)))


def country_conflict(left: EntityProfile, right: EntityProfile) -> tuple[float, tuple[str, str]]:
    """Both roles name a country, and they have none in common."""
    a, b = left.countries, right.countries
    return float(bool(a and b) and not (a & b)), (",".join(sorted(a)), ",".join(sorted(b)))


def co_mentions(left: EntityProfile, right: EntityProfile) -> tuple[float, tuple[str, str]]:
    """Overlap coefficient of the entities named alongside each one."""
    a = left.co_mentions - {normalise_name(right.name), normalise_name(left.name)}
    b = right.co_mentions - {normalise_name(right.name), normalise_name(left.name)}
    shared = a & b
    score = len(shared) / min(len(a), len(b)) if a and b else 0.0
    return score, (f"{len(shared)} shared of {len(a)}", f"{len(shared)} shared of {len(b)}")


def acronym(left: EntityProfile, right: EntityProfile) -> tuple[float, tuple[str, str]]:
    """One organisation's name is an acronym of the other's: "AMD" and
    "Advanced Micro Devices", "HP" and "Hewlett-Packard"."""
    if left.type == "PERSON" or right.type == "PERSON":
        return 0.0, ("", "")
    pair = acronym_pair(left.name, right.name)
    return (0.0, ("", "")) if pair is None else (1.0, pair)


def seen_together(left: EntityProfile, right: EntityProfile) -> tuple[float, tuple[str, str]]:
    """Both named in one article, where resolution within the article kept
    them apart ("ISRO" and "Satish Dhawan Space Centre"). An acronym beside
    its expansion ("Hewlett-Packard (HP)") is no sign of two things."""
    a, b = normalise_name(left.name), normalise_name(right.name)
    if acronym(left, right)[0]:
        return 0.0, (a, b)
    return float(b in left.co_mentions or a in right.co_mentions), (a, b)


SURNAME_CONTEXT = 2  # names two people's articles must share for a surname alone to be the full name
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def surname_in_context(left: EntityProfile, right: EntityProfile) -> tuple[float, tuple[str, str]]:
    """A person named by surname alone in one article ("Comeaux") is the
    full name of another ("Arcade Joseph Comeaux Jr.") when the surname is
    the same and their articles name at least ``SURNAME_CONTEXT`` of the
    same other things: without shared context a surname is anyone's."""
    if left.type != "PERSON" or right.type != "PERSON":
        return 0.0, ("", "")
    a, b = normalise_name(left.name).split(), normalise_name(right.name).split()
    one, full = sorted((a, b), key=len)
    if len(one) != 1 or len(full) < 2:
        return 0.0, ("", "")
    surname = full[-2] if full[-1] in _NAME_SUFFIXES and len(full) > 2 else full[-1]
    names = {" ".join(a), " ".join(b)}
    shared = (left.co_mentions - names) & (right.co_mentions - names)
    found = one[0] == surname and len(shared) >= SURNAME_CONTEXT
    return float(found), (one[0], f"{surname}; {len(shared)} shared names")


def same_name_other_type(left: EntityProfile, right: EntityProfile) -> tuple[float, tuple[str, str]]:
    """The same name of two words or more, tagged a different type in
    different sentences ("Bettie Page" a person, then an organisation): one
    thing when their articles also share context (co_mentions)."""
    a, b = normalise_name(left.name), normalise_name(right.name)
    found = left.type != right.type and a == b and len(a.split()) >= 2
    return float(found), (f"{left.type} {a}", f"{right.type} {b}")


def same_type(left: EntityProfile, right: EntityProfile) -> tuple[float, tuple[str, str]]:
    return float(left.type == right.type), (left.type, right.type)


# (feature, weight): the declared weights of the match score.
FEATURES: tuple[tuple[Feature, float], ...] = (
    (name_similarity, 0.55),
    (name_containment, 0.30),
    (acronym, 0.45),  # with what they are named beside: alone, NWR may be any N. W. R.
    (same_type, 0.05),
    (surname_in_context, 0.40),
    (same_name_other_type, 0.05),  # stands in for same_type: the match then rests on shared context
    (same_title, 0.15),
    (co_mentions, 0.25),
    (given_name_conflict, -0.60),
    (surname_conflict, -0.60),
    (country_conflict, -0.30),
    (seen_together, -0.35),
)


@dataclass(frozen=True, slots=True)
class MatchScore:
    left: EntityProfile
    right: EntityProfile
    features: tuple[FeatureScore, ...]

    @property
    def score(self) -> float:
        return round(max(0.0, min(1.0, sum(f.contribution for f in self.features))), 4)

    @property
    def verdict(self) -> str:
        if self.score >= POSITIVE:
            return "positive"
        return "unsure" if self.score >= UNSURE else "negative"

    def features_json(self) -> dict[str, dict[str, object]]:
        return {
            f.name: {"score": round(f.score, 4), "weight": f.weight, "compared": list(f.compared)}
            for f in self.features
        }


def score_pair(left: EntityProfile, right: EntityProfile) -> MatchScore:
    """The match score of two entities with every feature's part in it."""
    scores = []
    for feature, weight in FEATURES:
        value, compared = feature(left, right)
        scores.append(FeatureScore(feature.__name__, weight, value, compared))
    return MatchScore(left, right, tuple(scores))
