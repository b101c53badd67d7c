"""Participants of an event, read from the dependency parse around its trigger.

Actor: the subject of a verbal trigger (climbing "agreed to cooperate",
"met ... and signed" to the verb that has one), the "by" agent of a passive,
"led by" / "headed by", a possessive ("Putin's visit"), "by X", "between X
and Y", "of X" on a nominal trigger (for most types), and the subject of the
verb that carries a nominal trigger ("officials held meetings").
Recipient: the object of a verbal trigger, the subject of a passive one,
"with X", "to X", "against X", a place or people written before a visit
("India visit"), "on X" for sanctions.
Location: "in X" / "at X" where X is a place entity.
Topic: "over", "about", "on", "regarding", "concerning", "surrounding" X.

Each participant is expanded to its conjuncts ("India and Russia") and to the
members a group lists ("Indian arms makers including Adani Defence and Bharat
Forge"); a people noun that stands for its body ("officials of Indian arms
makers") gives way to the body.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from newsgraph.extract.actors import load_plover, sector_lexicon
from newsgraph.extract.phrases import entity_of, noun_phrase
from newsgraph.model import RoleName

ACTOR, RECIPIENT, LOCATION, TOPIC = RoleName.ACTOR, RoleName.RECIPIENT, RoleName.LOCATION, RoleName.TOPIC
PLACES = frozenset({"GPE", "LOC", "FAC"})
TOPIC_PREPS = frozenset({"over", "about", "on", "regarding", "concerning", "surrounding"})
RECIPIENT_PREPS = frozenset({"with", "to", "against", "toward", "towards", "into"})
# Times and figures are never participants ("on Monday", "by 2030").
NUMERIC = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
LEADS = frozenset({"lead", "head", "chair"})


@dataclass(frozen=True, slots=True)
class Trigger:
    """What the matcher found: the trigger token, the other tokens of a
    two-word pattern, and how the entry says roles are read."""

    token: Token
    others: tuple[Token, ...]
    compound_role: RoleName
    of_role: RoleName
    on_role: RoleName
    support_verbs: frozenset[str]


@dataclass(frozen=True, slots=True)
class RoleSpan:
    role: RoleName
    span: Span
    inherited_country_from: Span | None = None


@cache
def not_topics() -> frozenset[str]:
    return frozenset(load_plover("patterns.yaml")["not_topics"])


def _objects(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]


def _subject(verb: Token) -> Token | None:
    """The subject of ``verb``, or of the verb it is an infinitive or conjunct of."""
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "csubj"}]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return subject
        if verb.dep_ in {"xcomp", "conj"} and verb.head.i != verb.i:
            verb = verb.head
        elif verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN"}:
            return verb.head
        else:
            return None
    return None


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *(c for c in token.conjuncts if c.pos_ in {"NOUN", "PROPN"})]


def _members(token: Token) -> list[Token]:
    """Members a group lists: "makers including A and B", "firms such as A"."""
    members = []
    for child in token.children:
        such_as = child.lower_ == "as" and any(c.lower_ == "such" for c in child.children)
        if child.dep_ == "prep" and (child.lower_ in {"including", "like"} or such_as):
            members += [m for o in _objects(child) for m in _with_conjuncts(o)]
    return members


def _leaders(token: Token) -> list[Token]:
    """ "a delegation led by X": X."""
    return [
        p
        for acl in token.children
        if acl.dep_ == "acl" and acl.lemma_ in LEADS
        for agent in acl.children
        if agent.dep_ == "agent"
        for p in _objects(agent)
    ]


def _body(token: Token) -> Token:
    """ "officials of Indian arms makers" -> makers; other tokens unchanged."""
    if entity_of(token) is not None or token.lemma_.lower() not in sector_lexicon().group_heads:
        return token
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "from", "at"}:
            objects = _objects(child)
            if objects and objects[0].pos_ in {"NOUN", "PROPN"}:
                return objects[0]
    return token


def _participants(role: RoleName, heads: Iterable[Token]) -> list[RoleSpan]:
    found = []
    for head in heads:
        if head.lower_ in RELATIVE_PRONOUNS or (head.pos_ == "PRON" and role is not ACTOR):
            continue
        for conjunct in _with_conjuncts(head):
            body = _body(conjunct)
            appositions = [c for c in body.children if c.dep_ == "appos" and entity_of(c) is not None]
            if entity_of(body) is None and appositions:
                body = appositions[0]
            group = noun_phrase(body)
            found.append(RoleSpan(role, group))
            found += [RoleSpan(role, noun_phrase(m), group) for m in _members(body)]
            if role is ACTOR:
                found += [RoleSpan(ACTOR, noun_phrase(leader)) for leader in _leaders(body)]
    return found


def _preposition_roles(holder: Token, trigger: Trigger, nominal: bool) -> list[RoleSpan]:
    found = []
    for prep in holder.children:
        if prep.dep_ not in {"prep", "agent"} and not (prep.dep_ == "acl" and prep.lower_ == "surrounding"):
            continue
        word = prep.lower_
        objects = [c for c in prep.children if c.dep_ in {"pobj", "dobj"} and c.ent_type_ not in NUMERIC]
        if prep.dep_ == "agent" or (nominal and word == "by") or word in {"between", "among"}:
            found += _participants(ACTOR, objects)
        elif nominal and word == "of":
            found += _participants(trigger.of_role, objects)
        elif nominal and word == "from":
            found += _participants(ACTOR, objects)
        elif word in {"in", "at"}:
            places = [o for o in objects if o.ent_type_ in PLACES]
            found += [RoleSpan(LOCATION, noun_phrase(p)) for p in places]
        elif (word == "on" and trigger.on_role is RECIPIENT) or word in RECIPIENT_PREPS:
            found += _participants(RECIPIENT, objects)
        elif prep.dep_ == "acl":  # "concerns surrounding X with India"
            found += [RoleSpan(TOPIC, noun_phrase(o)) for o in objects]
            found += _preposition_roles(prep, trigger, nominal=False)
        elif word in TOPIC_PREPS:
            found += [RoleSpan(TOPIC, noun_phrase(o)) for o in objects if o.lemma_.lower() not in not_topics()]
    return found


def find_roles(trigger: Trigger) -> list[RoleSpan]:
    """The participants of the event ``trigger`` stands for, deduplicated."""
    token = trigger.token
    found: list[RoleSpan] = []
    holders = [token, *trigger.others]
    if token.pos_ in {"VERB", "AUX"}:
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in token.children)
        objects = [c for c in token.children if c.dep_ in {"dobj", "dative"} and c not in trigger.others]
        if passive:
            found += _participants(
                RECIPIENT, [c for c in token.children if c.dep_ == "nsubjpass" and c not in trigger.others]
            )
        else:
            subject = _subject(token)
            found += _participants(ACTOR, [] if subject is None else [subject])
        found += _participants(RECIPIENT, objects)
        # "expelled diplomats in Vilnius": a place attached to the object is the event's.
        for obj in objects:
            for prep in obj.children:
                if prep.dep_ == "prep" and prep.lower_ in {"in", "at"}:
                    found += [RoleSpan(LOCATION, noun_phrase(p)) for p in _objects(prep) if p.ent_type_ in PLACES]
        if token.dep_ == "acl" and token.head.pos_ in {"NOUN", "PROPN"} and not passive:
            if token.tag_ == "VBG":  # "troops attacking the city"
                found += _participants(ACTOR, [token.head])
            elif token.tag_ == "VBN":  # "diplomats expelled last week"
                found += _participants(RECIPIENT, [token.head])
            else:  # "Russia's proposal to set up ...": the proposer
                owners = [c for c in token.head.children if c.dep_ == "poss" or entity_of(c, {"GPE", "NORP"})]
                found += _participants(ACTOR, owners)
    else:
        found += _participants(ACTOR, [c for c in token.children if c.dep_ == "poss"])
        for child in token.children:
            if child.dep_ in {"compound", "amod", "nmod"} and entity_of(child, PLACES | {"NORP"}) is not None:
                found += _participants(trigger.compound_role, [child])
        found += _participants(ACTOR, _leaders(token))
        governor = token.head
        if governor.pos_ == "VERB" and token.dep_ in {"dobj", "nsubjpass", "nsubj"}:
            supported = governor.lemma_ in trigger.support_verbs or any(o.i == governor.i for o in trigger.others)
            if token.dep_ == "dobj" and supported:
                subject = _subject(governor)
                found += _participants(ACTOR, [] if subject is None else [subject])
            if token.dep_ != "dobj" or supported:
                holders.append(governor)
    for holder in holders:
        found += _preposition_roles(holder, trigger, nominal=holder.pos_ in {"NOUN", "PROPN"})
    unique: dict[tuple[str, int, int], RoleSpan] = {}
    for role_span in found:
        if role_span.span.root.i == token.i or role_span.span.root in trigger.others:
            continue
        unique.setdefault((role_span.role, role_span.span.start, role_span.span.end), role_span)
    return list(unique.values())
