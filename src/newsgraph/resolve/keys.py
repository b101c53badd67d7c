"""Blocking keys: the indexed strings under which an entity is filed, so that
a new entity's candidates are found by a few index lookups, never by a scan.

Two entities can only be compared if they share a key: the same normalised
name, the first four letters of a name token ("Sanjeev"/"Sanjay" -> "sanj",
"Kostyuk"/"Kostiuk" -> "kost"), or the same initials ("Larsen & Toubro" and
"L&T" -> "l&t")."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.fuzz import token_sort_ratio

from newsgraph.model import normalise_name
from newsgraph.resolve.within import initials, name_stopwords

# Types whose entities are compared across articles. Places and peoples are
# resolved by the gazetteer instead (within.py).
RESOLVED_TYPES = frozenset({"PERSON", "ORG", "FAC", "WEAPON", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART"})
PREFIX = 4


def name_tokens(name: str) -> list[str]:
    """A name's tokens without the words that say nothing about identity."""
    stop = name_stopwords()
    return [token for token in normalise_name(name).split() if token not in stop]


SURNAME_LETTERS = 3  # a one-word person name shorter than this is never compared ("Al", "Jo")


def is_resolvable(entity_type: str, name: str) -> bool:
    """Whether an entity is compared across articles: a resolved type; a
    person named by one word ("Comeaux") only against full names, with the
    same surname and shared context (features.surname_in_context)."""
    if entity_type not in RESOLVED_TYPES:
        return False
    tokens = normalise_name(name).split()
    if entity_type == "PERSON" and len(tokens) == 1:
        return len(tokens[0]) >= SURNAME_LETTERS and tokens[0].isalpha()
    return bool(tokens)


# Types the tagger confuses for one another on the same name ("Bettie Page"
# a person in one sentence, an organisation or a place in the next): a name
# of two words or more of these is also compared across them, by its exact
# normalised form (features.same_name_other_type).
CROSS_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"})


def is_cross_typed(entity_type: str, name: str) -> bool:
    """Whether an entity is also compared with entities of other types named
    exactly the same: a name of two words or more of ``CROSS_TYPES``."""
    return entity_type in CROSS_TYPES and len(normalise_name(name).split()) >= 2


# Types the tagger gives a team's or service's short name ("Jaguars",
# "Colts") when it misses that it is an organisation.
SHORT_NAME_TYPES = frozenset({"PERSON", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT"})


def place_short_form(entity_type: str, name: str) -> str | None:
    """The word an organisation named after a place goes by ("Indianapolis
    Colts" -> "colts"), or the one word of a name of ``SHORT_NAME_TYPES``
    that may be such a short form ("Colts" tagged a person); else None."""
    from newsgraph.resolve.within import named_after_place

    tokens = normalise_name(name).split()
    if entity_type == "ORG" and named_after_place(name) and tokens:
        return tokens[-1]
    if entity_type in SHORT_NAME_TYPES and len(tokens) == 1 and len(tokens[0]) >= SURNAME_LETTERS:
        return tokens[0]
    return None


def is_place_short_form(left: tuple[str, str], right: tuple[str, str]) -> bool:
    """Whether one entity (type, name) is an organisation named after a
    place and the other its last word alone: "Indianapolis Colts" and
    "Colts", tagged an organisation too or, where the tagger missed that, a
    type of ``SHORT_NAME_TYPES`` ("Jaguars" tagged a person)."""
    from newsgraph.resolve.within import named_after_place

    for (long_type, long_name), (short_type, short_name) in ((left, right), (right, left)):
        if long_type != "ORG":
            continue
        if short_type == "ORG":
            short, long = name_tokens(short_name), name_tokens(long_name)
            if len(short) == 1 and len(long) > 1 and long[-1:] == short and named_after_place(long_name):
                return True
        elif short_type in SHORT_NAME_TYPES and len(normalise_name(short_name).split()) == 1:
            word = place_short_form(long_type, long_name)
            if word is not None and word == place_short_form(short_type, short_name):
                return True
    return False


def is_full_name(entity_type: str, name: str) -> bool:
    """A person's name of two words or more, or any other resolvable name."""
    return entity_type != "PERSON" or len(normalise_name(name).split()) >= 2


SIMILAR_NAMES = 80  # token_sort_ratio from which names sharing only a token's first letters are compared


def is_candidate(left: tuple[str, str, str], right: tuple[str, str, str], shared_keys: set[str]) -> bool:
    """Whether two entities, each (type, name, normalised name), that share
    the blocking keys ``shared_keys`` (those not too common) are compared.
    A test of the pair alone, the same from either side, so whether a pair
    is compared does not depend on what else the store holds: entities of
    one type that can be resolved (two one-word names never are) sharing the
    whole name, one written as the other's acronym (initials alone are
    not enough), a word of the name (of a person's, the surname), or
    spellings alike past ``SIMILAR_NAMES``; entities of two
    types only by the same name of two words or more, or as an organisation
    named after a place and its last word (``is_place_short_form``)."""
    if not shared_keys:
        return False
    (left_type, left_name, left_normalised), (right_type, right_name, right_normalised) = left, right
    if left_type != right_type:
        return (
            left_normalised == right_normalised
            and is_cross_typed(left_type, left_name)
            and is_cross_typed(right_type, right_name)
        ) or is_place_short_form((left_type, left_name), (right_type, right_name))
    if not (
        is_resolvable(left_type, left_name)
        and is_resolvable(right_type, right_name)
        and (is_full_name(left_type, left_name) or is_full_name(right_type, right_name))
    ):
        return False
    if any(not key.startswith(("t:", "a:")) for key in shared_keys):
        return True  # the same name
    if any(key.startswith("a:") for key in shared_keys) and acronym_pair(left_name, right_name):
        return True  # one the other's acronym
    if not any(key.startswith("t:") for key in shared_keys):
        return False  # initials alone: two names that begin alike ("Lomumai Aerospace", "Lalugi Aerospace")
    left_tokens, right_tokens = name_tokens(left_name), name_tokens(right_name)
    if left_type == "PERSON":
        # a person's surname, not a given name ("Rajiv Malhotra" / "Rajiv Kostyuk")
        if left_tokens and right_tokens and (left_tokens[-1] in right_tokens or right_tokens[-1] in left_tokens):
            return True
    elif {token for token in left_tokens if len(token) >= 3} & set(right_tokens):
        return True
    return token_sort_ratio(left_normalised, right_normalised) >= SIMILAR_NAMES


def acronyms(name: str) -> set[str]:
    """The acronyms a multi-word name can go by: the initials of its
    capitalised words, hyphenated parts counted apart ("Hewlett-Packard" ->
    "hp") and an abbreviation's letters kept ("U.S. Geological Survey" ->
    "usgs"), with and without its lower-case words ("Bank of America" ->
    "ba", "boa")."""
    if len(name.split()) < 2 and "-" not in name:
        return set()
    capitals: list[str] = []
    with_small: list[str] = []
    for word in name.replace("-", " ").split():
        if word == "&":
            letters = "&"
        elif re.fullmatch(r"(?:[A-Z]\.){2,}", word):
            letters = word.replace(".", "").lower()
        elif word[:1].isupper():
            letters = word[0].lower()
        else:
            if word[:1].isalpha():
                with_small.append(word[0].lower())
            continue
        capitals.append(letters)
        with_small.append(letters)
    found = {"".join(capitals), "".join(with_small)}
    return {a for a in found if len(a.replace("&", "")) >= 2}


def acronym_pair(left: str, right: str) -> tuple[str, str] | None:
    """(acronym, expansion) when one name is written as an acronym of the
    other's words ("AMD" / "Advanced Micro Devices", "HP" / "Hewlett-Packard");
    else None."""
    for short, long in ((left, right), (right, left)):
        letters = as_acronym(short)
        if letters is not None and letters in acronyms(long):
            return short, long
    return None


def as_acronym(name: str) -> str | None:
    """A one-word name written as an acronym ("AMD", "U.S.G.S.", "L&T"), in lower case; else None."""
    word = name.strip()
    if " " in word or not re.fullmatch(r"[A-Z][A-Z.&]{1,7}", word):
        return None
    return word.replace(".", "").lower()


def entity_keys(entity_type: str, name: str) -> set[str]:
    """The blocking keys of an entity of ``entity_type`` named ``name``."""
    normalised = normalise_name(name)
    keys = {f"n:{entity_type}:{normalised}"}
    if is_cross_typed(entity_type, name):
        keys.add(f"x:{normalised}")
    for token in name_tokens(name):
        if len(token) >= 3:
            keys.add(f"t:{entity_type}:{token[:PREFIX]}")
    word = place_short_form(entity_type, name)
    if word is not None:
        keys.add(f"l:{word}")
    if entity_type == "ORG":
        letters = initials(name) if " " in name.strip() else normalised.replace(" ", "")
        if len(letters) >= 2:
            keys.add(f"a:ORG:{letters}")
        keys.update(f"a:ORG:{letters}" for letters in acronyms(name))
    return keys


def display_rank(name: str) -> tuple[int, bool, int, int, str, str]:
    """Sort key of the spellings of one entity (one normalised name): the
    lowest names it. Fewest stray marks (punctuation other than a full stop
    or closing bracket at either end, quotes and apostrophes anywhere), then
    not all capitals, then shortest, then most accented letters ("Setúbal"
    over "Setubal": accents are dropped by wires, never added), then first by
    code point (without the surrounding white space, then as given). A total
    order over the spellings alone, so the name chosen is the same whatever
    order the spellings arrive in."""
    stripped = name.strip()
    edges = len(stripped) - len(stripped.strip("".join({c for c in stripped if not c.isalnum() and c not in ".)"})))
    quotes = sum(unicodedata.category(c) in ("Pi", "Pf") or c in "'\"`" for c in stripped)
    accented = sum(not c.isascii() and c.isalpha() for c in stripped)
    return (edges + quotes, stripped.isupper(), len(stripped), -accented, stripped, name)
