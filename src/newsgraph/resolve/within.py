"""Resolution within one article: what each mention refers to.

A pure function of an article's text, mentions and roles, so it runs equally
on a fresh ``Extraction`` or on mentions read back from the store:

- short forms link to the full name earlier (or else later) in the article:
  "Kumar" -> "Sanjeev Kumar", "Adani Defence" -> "Adani Defence and
  Aerospace", "L&T" -> "Larsen & Toubro" (initials, or the abbreviations of
  ``knowledge/resolve/abbreviations.yaml``); "the company" is no mention and
  stays unlinked;
- country names and demonyms link to the country ("Russian" -> Russia);
- capitals stand for their country ("Moscow said", "New Delhi's ties"),
  except where they are a location ("meetings in Moscow"), in which case
  they stay the city, with its country recorded;
- a role's organisation or country is the resolved target of its mention, or,
  when the article does not say, the article's main country for government
  titles and the nearest organisation in the sentence for others.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from newsgraph.knowledge.loader import load_yaml
from newsgraph.model import Mention, PersonRole, normalise_name
from newsgraph.resolve.gazetteer import country_name, load_resolve_data, lookup

PLACE_TYPES = frozenset({"GPE", "LOC", "NORP", "FAC"})
_WORD = re.compile(r"[\w’'-]+")


@dataclass(frozen=True, slots=True)
class MentionLink:
    """Mention ``mention`` (index) refers to the entity (``type``, ``name``)."""

    mention: int
    type: str
    name: str
    # self | short_form | abbreviation | country | demonym | metonym | location | line_break | headline | person_name
    # | place_in_name | majority_type
    rule: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class RoleLink:
    """Role ``role`` (index) of the person (``person``) of an organisation or
    country (``organisation``), each an entity (type, name)."""

    role: int
    person: tuple[str, str]
    organisation: tuple[str, str] | None
    country: str | None
    rule: str  # stated | article_country | sentence_organisation | unknown


@dataclass(frozen=True, slots=True)
class WithinResolution:
    links: tuple[MentionLink, ...]
    roles: tuple[RoleLink, ...]


@cache
def _metonymy() -> dict[str, frozenset[str]]:
    data = load_resolve_data("metonymy.yaml")
    return {key: frozenset(str(word).lower() for word in data.get(key, [])) for key in data if key != "version"}


@cache
def known_abbreviations() -> dict[str, str]:
    """Normalised short form -> full organisation name."""
    data = load_resolve_data("abbreviations.yaml")
    return {normalise_name(short): full for short, full in (data.get("organisations") or {}).items()}


@cache
def name_stopwords() -> frozenset[str]:
    return frozenset(
        normalise_name(str(w)) or str(w) for w in load_resolve_data("abbreviations.yaml")["name_stopwords"]
    )


def initials(name: str) -> str:
    """Initials of a name's capitalised words, keeping "&": "Larsen & Toubro" -> "l&t"."""
    letters = []
    for word in name.split():
        if word == "&":
            letters.append("&")
        elif word[:1].isupper():
            letters.append(word[0].lower())
    return "".join(letters)


_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[\"“‘']?[A-Z])|\n")


def is_location(text: str, mention: Mention) -> bool:
    """Whether a city name stands for the place ("meetings in Moscow") rather
    than for its country's government or industry ("Moscow said")."""
    words = _metonymy()
    if re.match(r"[’']s\b", text[mention.end : mention.end + 3]) or re.search(r"[’']s$", mention.text):
        return False
    if text[mention.end : mention.end + 6].lower() == "-based":
        return True  # "a London-based think tank"
    # words of the same sentence only ("…as long as it needs to". Norland supplies")
    window = _SENTENCE_END.split(text[max(0, mention.start - 60) : mention.start + 1])[-1][:-1]
    before = [w.lower() for w in _WORD.findall(window)]
    if before and before[-1] in words["modifier_before"]:
        return True  # a modifier, not an actor: "a Paris diamond store"
    if before and before[-1] in words["place_modifiers"]:
        return True  # "downtown Athens", "central Paris": only a place is downtown
    while before and (before[-1] == "the" or before[-1] in words["place_modifiers"]):
        before.pop()  # "in the old city of"
    if before and before[-1] in words["locative_before"]:
        return True
    if _DATELINE.match(text[mention.end : mention.end + 40]) and _line_start(text, mention.start):
        return True  # a dateline: "WASHINGTON - ...", "New Delhi / Mumbai: ..."
    after = _WORD.findall(text[mention.end : mention.end + 30])
    return bool(after) and after[0].lower() in words["locative_after"]


# What follows a dateline's city: its country, state or date, then a dash,
# colon or slash before the report, or the agency in brackets and a dash
# ("ATHENS, Greece —", "New Delhi / Mumbai:", "LISBON, Nov 29 (Harbour Times) -").
_DATELINE = re.compile(r"(?:,\s*[\w. ]+)?\s*(?:[-–—:/]|\([^()\n]{1,40}\)\s*[-–—])")


def named_after_place(name: str) -> bool:
    """Whether an organisation's name is a place or people and one word more
    ("Indianapolis Colts", "Kansas City Chiefs", "Indian Navy"): that last
    word alone names it too."""
    words = name.split()
    return len(words) >= 2 and lookup(" ".join(words[:-1])) is not None


def _line_start(text: str, start: int) -> bool:
    """Whether only spaces stand between the start of the line and ``start``."""
    return not text[text.rfind("\n", 0, start) + 1 : start].strip()


def _place_link(index: int, text: str, mention: Mention) -> MentionLink | None:
    place = lookup(mention.text)
    if place is None or mention.type not in PLACE_TYPES:
        return None
    country = place.country or None
    if place.kind in ("country", "alias", "demonym") and country:
        rule = "demonym" if place.kind == "demonym" else "country"
        return MentionLink(index, "GPE", country_name(country), rule, country)
    if place.kind == "capital" and country and not is_location(text, mention):
        return MentionLink(index, "GPE", country_name(country), "metonym", country)
    if place.kind in ("capital", "city", "us_state"):
        return MentionLink(index, "GPE", display_name(_as_written(text, mention.text)), "location", country)
    return None


def _as_written(text: str, name: str) -> str:
    """A place name in capitals (a dateline's "LISBON —") as the article
    writes it in running text, else with the capitals of a name ("Rio de
    Janeiro"): the caps are the dateline's style, not the place's name."""
    if not name.isupper() or len(name) < 4:
        return name
    for found in re.finditer(re.escape(name), text, re.IGNORECASE):
        if not found.group().isupper():
            return found.group()
    inner = name_inner_words()
    words = name.lower().split()
    return " ".join(w if i and w in inner else w.capitalize() for i, w in enumerate(words))


@cache
def name_inner_words() -> frozenset[str]:
    """Lower-case words inside names ("of", "de", "la"): entities/boundaries.yaml."""
    return frozenset(str(w).lower() for w in load_yaml("entities/boundaries.yaml")["name_inner_words"])


@cache
def surname_particles() -> frozenset[str]:
    """Words that open a surname of several words ("Lo Presti"): entities/boundaries.yaml."""
    return frozenset(str(w).lower() for w in load_yaml("entities/boundaries.yaml")["surname_particles"])


def display_name(text: str) -> str:
    """A mention's text as an entity name: without a trailing possessive."""
    return re.sub(r"[’']s?$", "", text.strip()).strip()


def _nearest(candidates: list[int], index: int) -> int:
    """The closest candidate before ``index``, else the closest after it."""
    before = [c for c in candidates if c < index]
    return before[-1] if before else min(candidates, key=lambda c: abs(c - index))


def _tokens(name: str) -> list[str]:
    return normalise_name(name).split()


def resolve_within(
    text: str, mentions: Sequence[Mention], roles: Sequence[PersonRole] = (), outlet: str | None = None
) -> WithinResolution:
    """What each mention and role of one article refers to (see module doc).
    The article's own ``outlet`` is never taken as a role's organisation."""
    tokens = [_tokens(m.text) for m in mentions]
    full_people = [i for i, m in enumerate(mentions) if m.type == "PERSON" and len(tokens[i]) >= 2]
    retyped = {
        i
        for i, m in enumerate(mentions)
        if m.type in RETYPED
        and "\n" not in m.text.strip()
        and _place_link(i, text, m) is None
        and _is_person_named(tokens[i], tokens, mentions, full_people, m.text)
    }
    full_people = sorted({*full_people, *retyped})
    organisations = [i for i, m in enumerate(mentions) if m.type == "ORG" and len(tokens[i]) >= 2 and i not in retyped]
    abbreviations = known_abbreviations()
    links: list[MentionLink] = []
    for index, mention in enumerate(mentions):
        link = _split_name_link(index, text, mention, mentions, tokens, full_people)
        if link is not None:
            links.append(link)
            continue
        link = _place_link(index, text, mention)
        own = tokens[index]
        if index in retyped:
            # one type per real thing: the tagger called a person's name a place or an organisation here
            link = MentionLink(index, "PERSON", display_name(mention.text), "person_name")
        if link is None and len(own) >= 2 and (mention.type == "PERSON" or mention.type in RETYPED):
            # a surname of several words, whatever the tagger called it: "Lo
            # Presti" after "Gaetano Lo Presti", "Van Osterby said" tagged ORG
            longer = [
                i
                for i in full_people
                if own[0] in surname_particles() and len(tokens[i]) > len(own) and tokens[i][-len(own) :] == own
            ]
            if longer:
                link = MentionLink(index, "PERSON", display_name(mentions[_nearest(longer, index)].text), "short_form")
        if link is None and len(own) == 1 and mention.type in SHORT_FORM_TYPES:
            word = own[0]
            people = [i for i in full_people if word in (tokens[i][-1], tokens[i][0])]
            unknown_place = mention.type not in ("PERSON", "ORG") and lookup(mention.text) is None
            if people and (mention.type in ("PERSON", "ORG") or unknown_place):
                target = mentions[_nearest(people, index)]
                link = MentionLink(index, "PERSON", display_name(target.text), "short_form")
            elif mention.type in ("ORG", "PERSON") or unknown_place:
                firsts = [i for i in organisations if tokens[i][0] == word]
                if firsts and is_location(text, mention):
                    # a town named as a place is not short for its team or
                    # port authority ("fans in Jacksonville", "the port of
                    # Valdora"): the place the organisation is named after
                    link = MentionLink(index, "GPE", display_name(mention.text), "place_in_name")
                elif firsts:
                    link = MentionLink(index, "ORG", display_name(mentions[_nearest(firsts, index)].text), "short_form")
                else:
                    lasts = [i for i in organisations if tokens[i][-1] == word and named_after_place(mentions[i].text)]
                    if lasts:
                        # "the Colts" after "the Indianapolis Colts", "the Navy" after "the Indian Navy"
                        target = mentions[_nearest(lasts, index)]
                        link = MentionLink(index, "ORG", display_name(target.text), "short_form")
        if link is None and mention.type == "ORG" and own:
            key = normalise_name(mention.text)
            acronym = [i for i in organisations if initials(mentions[i].text) == mention.text.lower().replace(".", "")]
            longer = [
                i for i in organisations if len(tokens[i]) > len(own) and tokens[i][: len(own)] == own and i != index
            ]
            if acronym and mention.text.upper() == mention.text:
                link = MentionLink(index, "ORG", display_name(mentions[_nearest(acronym, index)].text), "abbreviation")
            elif key in abbreviations:
                link = MentionLink(index, "ORG", abbreviations[key], "abbreviation")
            elif longer:
                link = MentionLink(index, "ORG", display_name(mentions[_nearest(longer, index)].text), "short_form")
        if link is None:
            link = MentionLink(index, mention.type, display_name(mention.text), "self")
        links.append(link)
    links = _one_type_per_name(links)
    outlets = {normalise_name(outlet or ""), *_outlet_words(outlet)}
    return WithinResolution(tuple(links), tuple(_role_links(mentions, roles, links, outlets)))


def _one_type_per_name(links: list[MentionLink]) -> list[MentionLink]:
    """One name, one thing in an article: a name the article links to
    itself under several types ("Colts" an organisation in nine sentences
    and a person in one) takes the type it has most often, when that type
    has more mentions than all others together. Places the gazetteer knows
    keep their own rules (a capital is the city or its country)."""
    types: dict[str, Counter[str]] = {}
    for link in links:
        if link.rule == "self" and link.type in SHORT_FORM_TYPES:
            types.setdefault(normalise_name(link.name), Counter())[link.type] += 1
    retype: dict[str, str] = {}
    for name, counts in types.items():
        if len(counts) < 2 or not name or lookup(name) is not None:
            continue
        (first, most), *_ = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if most * 2 > sum(counts.values()):
            retype[name] = first
    if not retype:
        return links
    return [
        MentionLink(link.mention, retype[key], link.name, "majority_type", link.country)
        if link.rule == "self" and (key := normalise_name(link.name)) in retype and link.type != retype[key]
        else link
        for link in links
    ]


def _split_name_link(
    index: int,
    text: str,
    mention: Mention,
    mentions: Sequence[Mention],
    tokens: list[list[str]],
    full_people: list[int],
) -> MentionLink | None:
    """A mention that is not one name: a span across a line break ("…Flaw
    Affects All Versions\nMicrosoft") is the line that is named elsewhere in
    the article (else the longest); a headline in title case that runs a
    person's full name into its verb ("Lindsay Lohan Checks Into Rehab") is
    that person. None for any other mention."""
    if "\n" in mention.text.strip():
        lines = [line.strip() for line in mention.text.split("\n") if normalise_name(line)]
        named = {normalise_name(m.text): m for i, m in enumerate(mentions) if i != index and "\n" not in m.text}
        known = [line for line in lines if normalise_name(line) in named]
        if known:
            other = named[normalise_name(known[0])]
            return MentionLink(index, other.type, display_name(other.text), "line_break")
        if lines:
            longest = max(lines, key=lambda line: (len(normalise_name(line).split()), lines.index(line)))
            return MentionLink(index, mention.type, display_name(longest), "line_break")
        return None
    if "\n" in text[: mention.start] or len(tokens[index]) < 3:
        return None  # not in the headline (the first line), or too short to hold a name and more
    own = tokens[index]
    for i in full_people:
        name = tokens[i]
        if i == index or len(name) >= len(own) or own[: len(name)] != name:
            continue
        rest = mention.text.split()[len(name) :]
        if rest and all(w[:1].isupper() for w in rest) and not {normalise_name(w) for w in rest} & name_stopwords():
            return MentionLink(index, "PERSON", display_name(mentions[i].text), "headline")
    return None


# Types of a one-word mention that may be a short form of a longer name in
# the article: the tagger calls "Colts" a person, a work of art or a product
# in one sentence and an organisation in the next; a word the gazetteer
# knows as a place stays a place.
SHORT_FORM_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"})

RETYPED = frozenset({"GPE", "LOC", "ORG", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"})


def _is_person_named(
    own: list[str], tokens: list[list[str]], mentions: Sequence[Mention], full_people: list[int], text: str
) -> bool:
    """Whether a name of two words or more, typed other than PERSON and
    unknown to the gazetteer, is a person's: the same words are a person's
    full name elsewhere in the article ("Hugh Jackman" tagged a place once),
    or its last word is a person named by surname alone ("Jackman") and no
    word of it is a place."""
    if len(own) < 2:
        return False
    mention_words = text.split()
    if any(tokens[i] == own for i in full_people):
        return True
    if any(lookup(word) is not None for word in mention_words):
        return False  # a team or company named after a place: "Kansas City Chiefs" beside "Chiefs"
    return any(m.type == "PERSON" and tokens[i] == own[-1:] for i, m in enumerate(mentions))


def _outlet_words(outlet: str | None) -> set[str]:
    """Short forms an outlet uses for itself ("The Northern Courier" -> "courier")."""
    words = normalise_name(outlet or "").split()
    return {" ".join(words[i:]) for i in range(len(words))}


def _role_links(
    mentions: Sequence[Mention], roles: Sequence[PersonRole], links: list[MentionLink], outlets: set[str]
) -> list[RoleLink]:
    # The article's main country: the most mentioned, ties to the first mentioned.
    stated = [link.country for link in links if link.rule in ("country", "demonym", "metonym") and link.country]
    countries = Counter(stated)
    main_country = min(countries, key=lambda c: (-countries[c], stated.index(c))) if countries else None
    government = _metonymy()["government_title_words"]
    result = []
    for index, role in enumerate(roles):
        person_link = links[role.person]
        person = (person_link.type, person_link.name)
        if role.organisation is not None:
            target = links[role.organisation]
            result.append(RoleLink(index, person, (target.type, target.name), target.country, "stated"))
            continue
        title_words = {w.lower() for w in _WORD.findall(role.title)}
        if title_words & government and main_country:
            result.append(RoleLink(index, person, ("GPE", country_name(main_country)), main_country, "article_country"))
            continue
        same_sentence = [
            i
            for i, m in enumerate(mentions)
            if m.sentence == role.sentence and links[i].type == "ORG" and normalise_name(m.text) not in outlets
        ]
        if same_sentence:
            nearest = min(same_sentence, key=lambda i: abs(mentions[i].start - role.title_start))
            target = links[nearest]
            result.append(RoleLink(index, person, (target.type, target.name), None, "sentence_organisation"))
            continue
        result.append(RoleLink(index, person, None, None, "unknown"))
    return result
