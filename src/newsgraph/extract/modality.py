"""Modality of an event: asserted, reported, potential, negated or denied.

The cues live in ``knowledge/plover/modality.yaml``; the precedence and the
rules are documented there. Only the trigger's own clause is searched: the
climb from the trigger to its governors stops at an adverbial or relative
clause, so "could invite scrutiny, as diplomats have raised concerns" does not
make the concerns potential.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from newsgraph.extract.actors import load_plover
from newsgraph.model import Modality

# Dependencies a trigger's clause continues through on the way up.
CLAUSE_INTERNAL = frozenset(
    {
        "xcomp",
        "dobj",
        "pobj",
        "prep",
        "acl",
        "conj",
        "nsubj",
        "nsubjpass",
        "compound",
        "amod",
        "pcomp",
        "attr",
        "appos",
        "nmod",
        "advcl",
    }
)
# "seeking to reorient ... for developing": purpose clauses stay inside; finite adverbial clauses do not.
FINITE_MARKERS = frozenset(
    {"as", "because", "while", "although", "though", "since", "after", "before", "when", "if", "whereas"}
)


@dataclass(frozen=True, slots=True)
class ModalityCues:
    denial_verbs: frozenset[str]
    denial_nouns: frozenset[str]
    negation_determiners: frozenset[str]
    negation_verbs: frozenset[str]
    auxiliaries: frozenset[str]
    potential_verbs: frozenset[str]
    potential_adjectives: frozenset[str]
    potential_nouns: frozenset[str]


@cache
def modality_cues() -> ModalityCues:
    data = load_plover("modality.yaml")
    potential = data["potential"]
    return ModalityCues(
        frozenset(data["denial"]["verbs"]),
        frozenset(data["denial"]["nouns"]),
        frozenset(data["negation"]["determiners"]),
        frozenset(data["negation"]["verbs"]),
        frozenset(potential["auxiliaries"]),
        frozenset(potential["verbs"]),
        frozenset(potential["adjectives"]),
        frozenset(potential["nouns"]),
    )


def _is_finite_adverbial(token: Token) -> bool:
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in FINITE_MARKERS for c in token.children)


def clause_chain(token: Token) -> Iterator[Token]:
    """``token`` and its governors within the same clause, bottom up."""
    yield token
    while token.dep_ in CLAUSE_INTERNAL and token.head.i != token.i and not _is_finite_adverbial(token):
        token = token.head
        yield token


def event_modality(triggers: list[Token], attributed: bool) -> Modality:
    """The modality of an event whose trigger tokens are ``triggers``."""
    cues = modality_cues()
    chain = [t for trigger in triggers for t in clause_chain(trigger)]
    top = chain[-1] if chain else None
    # What a denial or reporting verb governs lies one clause higher.
    above = top.head if top is not None and top.dep_ in {"ccomp", "xcomp"} and top.head is not top else None
    # "denied that ...", "rejected claims that ...": the clause's governor or its own clause.
    outer = [] if above is None else list(clause_chain(above))
    if any(t.lemma_.lower() in cues.denial_verbs and t not in triggers for t in outer[:3]):
        return Modality.DENIED
    for token in chain:
        if token not in triggers and token.lemma_.lower() in (cues.denial_verbs | cues.denial_nouns):
            return Modality.DENIED
    verbs = [t for t in chain if t.pos_ in {"VERB", "AUX"}]
    for token in chain[:3] + verbs:
        for child in token.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ in cues.negation_determiners):
                return Modality.NEGATED
    if any(t.lemma_.lower() in cues.negation_verbs for t in verbs if t not in triggers):
        return Modality.NEGATED
    for token in chain:
        lemma = token.lemma_.lower()
        if token not in triggers and token.pos_ == "VERB" and lemma in cues.potential_verbs:
            return Modality.POTENTIAL
        if token not in triggers and token.pos_ == "NOUN" and lemma in cues.potential_nouns:
            return Modality.POTENTIAL
        for child in token.children:
            if child.dep_ == "aux" and child.lower_ in cues.auxiliaries:
                return Modality.POTENTIAL
            if child.dep_ == "amod" and child.lower_ in cues.potential_adjectives and token.pos_ in {"NOUN", "PROPN"}:
                return Modality.POTENTIAL
    return Modality.REPORTED if attributed else Modality.ASSERTED
