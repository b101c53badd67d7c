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
from itertools import pairwise

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
TOPIC_PREPS = frozenset({"on", "over", "about", "regarding", "concerning"})
# "seeking to reorient ... for developing": purpose clauses stay inside; finite adverbial clauses do not.
FINITE_MARKERS = frozenset(
    {"as", "because", "while", "although", "though", "since", "after", "before", "when", "if", "whereas"}
)


@dataclass(frozen=True, slots=True)
class ModalityCues:
    denial_verbs: frozenset[str]
    denial_nouns: frozenset[str]
    content_nouns: frozenset[str]
    negation_determiners: frozenset[str]
    negation_verbs: frozenset[str]
    auxiliaries: frozenset[str]
    potential_verbs: frozenset[str]
    potential_verb_preps: dict[str, frozenset[str]]
    potential_adjectives: frozenset[str]
    potential_nouns: frozenset[str]
    topic_nouns: frozenset[str]
    implicative_verbs: frozenset[str]


@cache
def modality_cues() -> ModalityCues:
    data = load_plover("modality.yaml")
    denial, negation, potential = data["denial"], data["negation"], data["potential"]
    return ModalityCues(
        frozenset(denial["verbs"]),
        frozenset(denial["nouns"]),
        frozenset(denial["content_nouns"]),
        frozenset(negation["determiners"]),
        frozenset(negation["verbs"]),
        frozenset(potential["auxiliaries"]),
        frozenset(potential["verbs"]),
        {verb: frozenset(preps) for verb, preps in potential["verb_preps"].items()},
        frozenset(potential["adjectives"]),
        frozenset(potential["nouns"]),
        frozenset(potential["topic_nouns"]),
        frozenset(potential["implicative_verbs"]),
    )


def _is_finite_adverbial(token: Token) -> bool:
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in FINITE_MARKERS for c in token.children)


def clause_chain(token: Token) -> Iterator[Token]:
    """``token`` and its governors within the same clause, bottom up."""
    yield token
    while token.dep_ in CLAUSE_INTERNAL and token.head.i != token.i and not _is_finite_adverbial(token):
        token = token.head
        yield token


def _steps(chain: list[Token]) -> Iterator[tuple[Token, Token]]:
    """(dependent, governor) pairs up the chain, and on to the verb that
    governs the clause as its complement ("denied that ...")."""
    yield from pairwise(chain)
    top = chain[-1]
    if top.dep_ in {"ccomp", "xcomp"} and top.head.i != top.i:
        yield top, top.head


def _denied(chain: list[Token], triggers: list[Token], cues: ModalityCues) -> bool:
    """In what a denial verb denies: its clause ("denied that it had
    attacked", "denied attacking") or the clause of a claim it rejects
    ("rejected reports that ..."). A denial verb's object or coordinate verb
    is not denied ("rejected a request", "denied X and threatened Y")."""
    for dependent, governor in _steps(chain):
        if governor in triggers:
            continue
        lemma = governor.lemma_.lower()
        if lemma in cues.denial_verbs and dependent.dep_ in {"ccomp", "xcomp"}:
            return True
        if (
            lemma in cues.content_nouns
            and dependent.dep_ in {"acl", "ccomp", "relcl"}
            and governor.dep_ in {"dobj", "nsubjpass"}
            and governor.head.lemma_.lower() in cues.denial_verbs
        ):
            return True
        if lemma in cues.denial_nouns:
            return True
    return False


def _negative(token: Token, cues: ModalityCues) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in cues.negation_determiners) for c in token.children)


def _negated(trigger: Token, chain: list[Token], cues: ModalityCues, support_verbs: frozenset[str]) -> bool:
    """ "did not meet", "no talks were held", "neither side agreed", "failed
    to meet". A nominal trigger is negated only through a verb that carries
    it ("the meetings were not announced" does not negate the meetings)."""
    if _negative(trigger, cues):
        return True
    if trigger.pos_ not in {"VERB", "AUX"}:
        governor = trigger.head
        if trigger.dep_ not in {"dobj", "nsubj", "nsubjpass", "attr"} or governor.lemma_.lower() not in support_verbs:
            return False
        chain = chain[chain.index(governor) :] if governor in chain else [governor]
    verbs = [t for t in chain if t.pos_ in {"VERB", "AUX"}]
    for verb in verbs:
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if _negative(verb, cues) or any(_negative(s, cues) for s in subjects):
            return True
    return any(t.lemma_.lower() in cues.negation_verbs for t in verbs[1:])


def _infinitive_future(verb: Token, cues: ModalityCues) -> bool:
    """ "agreed to resume talks", "a memorandum to build a factory": a
    to-infinitive not governed by a verb that says it happened ("began to")."""
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return infinitive and verb.head.lemma_.lower() not in cues.implicative_verbs


def _potential(trigger: Token, chain: list[Token], triggers: list[Token], cues: ModalityCues) -> bool:
    if trigger.pos_ == "VERB" and _infinitive_future(trigger, cues):
        return True
    if trigger.pos_ != "VERB" and trigger.dep_ in {"dobj", "nsubjpass"} and _infinitive_future(trigger.head, cues):
        return True
    previous = None
    for token in chain:
        lemma = token.lemma_.lower()
        if token not in triggers:
            if token.pos_ == "VERB" and lemma in cues.potential_verbs:
                return True
            if token.pos_ == "NOUN" and lemma in cues.potential_nouns:
                return True
            # "called for talks"
            if previous is not None and previous.lower_ in cues.potential_verb_preps.get(lemma, ()):
                return True
            # "talks on a trade pact": what talks are about has not happened.
            if previous is not None and previous.lower_ in TOPIC_PREPS and lemma in cues.topic_nouns:
                return True
        for child in token.children:
            if child.dep_ == "aux" and child.lower_ in cues.auxiliaries:
                return True
            if child.dep_ == "amod" and child.lower_ in cues.potential_adjectives and token.pos_ in {"NOUN", "PROPN"}:
                return True
        previous = token
    # "urged Belgrade to ...", "demanded that the government cancel ...": what is asked for.
    governors = [g for d, g in _steps(chain) if d is chain[-1] and g is not chain[-1]]
    return any(g.pos_ == "VERB" and g.lemma_.lower() in cues.potential_verbs for g in governors)


def event_modality(triggers: list[Token], attributed: bool, support_verbs: frozenset[str] = frozenset()) -> Modality:
    """The modality of an event whose trigger tokens are ``triggers`` (the
    first one leads); ``support_verbs`` may carry a nominal trigger's negation
    ("no talks were held")."""
    cues = modality_cues()
    trigger = triggers[0]
    chain = list(clause_chain(trigger))
    if _denied(chain, triggers, cues):
        return Modality.DENIED
    if _negated(trigger, chain, cues, support_verbs):
        return Modality.NEGATED
    if _potential(trigger, chain, triggers, cues):
        return Modality.POTENTIAL
    return Modality.REPORTED if attributed else Modality.ASSERTED
