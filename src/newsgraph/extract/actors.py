"""Country and sector of event participants.

A participant's country comes, in order, from: the entity itself when it is a
place ("Russia", "Moscow" -> RUS) or a people ("Indian" -> IND, "Western" ->
WST); the title a person holds ("India's Defence Production Secretary Sanjeev
Kumar" -> IND, via ``Doc._.person_roles``); a place or people word inside the
participant's noun phrase ("Indian arms makers" -> IND). Which country a name
stands for is the gazetteer's answer (``newsgraph.knowledge.gazetteer``:
country names, capitals, demonyms, and the bloc codes of
``knowledge/plover/countries.yaml``). The sector comes from the words of the
phrase and of the person's title (``knowledge/plover/sectors.yaml``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.phrases import entity_of
from newsgraph.knowledge.gazetteer import country_of
from newsgraph.knowledge.loader import load_yaml
from newsgraph.model import normalise_name

PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})


def load_plover(name: str) -> dict[str, Any]:
    """One of the versioned data files under ``knowledge/plover`` (shared: not to be changed)."""
    return load_yaml(f"plover/{name}")


@dataclass(frozen=True, slots=True)
class SectorLexicon:
    by_word: dict[str, str]
    international: frozenset[str]
    group_heads: frozenset[str]
    actor_nouns: frozenset[str]


@cache
def sector_lexicon() -> SectorLexicon:
    data = load_plover("sectors.yaml")
    by_word: dict[str, str] = {}
    for sector, words in data["sectors"].items():
        for word in words:
            by_word.setdefault(str(word).lower(), sector)
    return SectorLexicon(
        by_word,
        frozenset(normalise_name(n) for n in data["international_organisations"]),
        frozenset(data["group_heads"]),
        frozenset(data["actor_nouns"]),
    )


NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})


def can_act(token: Token) -> bool:
    """Whether the noun phrase headed by ``token`` can be an actor: a name, a
    pronoun, or a people or body noun ("officials", "the government", "both
    sides"), as opposed to a thing ("restraint", "national security")."""
    if (token.ent_type_ in NAMED and entity_of(token, NAMED) is not None) or token.pos_ == "PRON":
        return True
    lexicon = sector_lexicon()
    lemma = token.lemma_.lower()
    return lemma in lexicon.by_word or lemma in lexicon.group_heads or lemma in lexicon.actor_nouns


def country_of_text(text: str) -> str | None:
    """The country or bloc a place, people or bloc name stands for (the gazetteer's answer)."""
    return country_of(text)


def _entity_at(doc: Doc, token: Token) -> Span | None:
    return entity_of(token, PLACE_LABELS)


def country_in_tokens(doc: Doc, tokens: Iterable[Token]) -> str | None:
    """The first place or people word among ``tokens`` that names a country."""
    for token in tokens:
        if token.ent_type_ in PLACE_LABELS:
            ent = _entity_at(doc, token)
            code = country_of_text(ent.text if ent is not None else token.text)
            if code:
                return code
        elif token.text[:1].isupper() and token.pos_ in {"ADJ", "PROPN"}:
            code = country_of_text(token.text)
            if code:
                return code
    return None


def title_of(doc: Doc, person: Span) -> tuple[Span, Span | None] | None:
    """The (title, organisation) ``Doc._.person_roles`` gives for ``person``."""
    roles = doc._.person_roles if Doc.has_extension("person_roles") else None
    found = None
    for role_person, title, organisation in roles or ():
        same = role_person.start == person.start and role_person.end == person.end
        # Prefer the role with an organisation when a person has several.
        if same and (found is None or (found[1] is None and organisation is not None)):
            found = (title, organisation)
    return found


def country_and_sector(doc: Doc, span: Span, entity_label: str | None) -> tuple[str | None, str | None]:
    """Country code and sector of the participant written as ``span``."""
    lexicon = sector_lexicon()
    country = None
    if entity_label in PLACE_LABELS:
        country = country_of_text(span.text)
    words: list[Token] = list(reversed(span))
    if entity_label == "PERSON":
        role = title_of(doc, span)
        if role is not None:
            title, organisation = role
            words = list(reversed(title)) + words
            if organisation is not None:
                country = country or country_of_text(organisation.text)
            # "India's Defence Production Secretary": the possessive before the title.
            country = country or country_in_tokens(doc, doc[max(title.start - 3, 0) : title.start])
        country = country or country_in_tokens(doc, (t for t in span.root.lefts if t.i < span.start))
    if country is None and entity_label not in PLACE_LABELS:
        country = country_in_tokens(doc, span) or (country_of_text(span.text) if entity_label == "ORG" else None)
    sector = None
    if entity_label == "ORG" and normalise_name(span.text) in lexicon.international:
        sector = "international organisation"
    for token in words:
        if sector:
            break
        sector = lexicon.by_word.get(token.lemma_.lower()) or lexicon.by_word.get(token.lower_)
    if entity_label in {"GPE", "LOC", "NORP"} and sector == "government":
        sector = None
    return country, sector
