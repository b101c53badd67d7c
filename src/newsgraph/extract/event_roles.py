"""Participants of an event, read from the dependency parse around its trigger.

Actor: the subject of a verbal trigger (climbing "agreed to cooperate",
"met ... and signed", "expelled ..., accusing them" to the verb that has one;
"X is expected to sign": the passive subject of the raising verb), the "by"
agent of a passive, "led by" / "headed by", a possessive ("Putin's visit"),
"by X", "between X and Y", "of X" on a nominal trigger (for most types), a
named organisation or place before a nominal trigger ("EU sanctions"), and the
subject of the verb that carries a nominal trigger ("officials held
meetings", "held a round of talks", "pledged $5 million in aid", "arrived
... for a visit").
Recipient: the object of a verbal trigger, the subject of a passive one,
"with X", "to X", "against X", a place or people written before a visit
("India visit"), "on X" for sanctions; per type, "from X" ("buy jets from
France") and the subject of a clause the trigger governs ("demanded that the
government cancel ..."). Some types want a recipient that can act (REQUEST:
"urged restraint" has none).
Location: "in", "at", "near", "outside" X where X is a place (or a noun a
place modifies: "Borno state", "the port city of Izmail"), on the trigger, its
objects, or the noun phrases those prepositions govern ("strikes on positions
in northern Iraq"); failing that, a place the subject is "in" ("port workers
in Rotterdam began a strike"). A visit's destination ("arrived in Addis Ababa
for a visit") is its recipient.
Topic: "over", "about", "on", "regarding", "concerning", "surrounding" X; per
type the object ("rejected a proposal").

Each participant is expanded to its conjuncts ("India and Russia") and to the
members a group lists ("Indian arms makers including Adani Defence and Bharat
Forge"); a people noun that stands for its body ("officials of Indian arms
makers") and a count or partitive ("thousands of dockworkers") give way to
what follows "of". Figures and dates are never participants.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from newsgraph.extract.actors import can_act
from newsgraph.extract.phrases import entity_of, noun_phrase
from newsgraph.extract.role_heads import (
    RELATIVE_PRONOUNS,
    _bodies,
    _is_partitive,
    _is_partitive_number,
    _leaders,
    _members,
    _named,
    _objects,
    _of_object,
    _with_conjuncts,
    role_lexicon,
    subject_of,
)
from newsgraph.model import RoleName

ACTOR, RECIPIENT, LOCATION, TOPIC = RoleName.ACTOR, RoleName.RECIPIENT, RoleName.LOCATION, RoleName.TOPIC
PLACES = frozenset({"GPE", "LOC", "FAC"})
TOPIC_PREPS = frozenset({"over", "about", "on", "regarding", "concerning", "surrounding"})
RECIPIENT_PREPS = frozenset({"with", "to", "against", "toward", "towards", "into"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside"})
# Prepositions whose noun phrase may hold the event's place further down
# ("strikes on positions in northern Iraq", "arrested ... during protests ... in Nairobi").
PLACE_CARRIERS = frozenset(
    {"on", "against", "during", "of", "at", "in", "near", "outside", "over", "from", "to", "with", "by"}
)
# Times and figures are never participants ("on Monday", "by 2030", "$5 million").
NUMERIC = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})


@dataclass(frozen=True, slots=True)
class RoleRules:
    """How an entry of patterns.yaml reads roles beyond the defaults."""

    compound_role: RoleName = ACTOR
    of_role: RoleName = ACTOR
    on_role: RoleName = TOPIC
    object_role: RoleName = RECIPIENT
    from_role: RoleName | None = None
    clause_subject_role: RoleName | None = None
    recipient_can_act: bool = False
    # The pattern's own object as a participant ("released prisoners").
    own_object_role: RoleName | None = None


@dataclass(frozen=True, slots=True)
class Trigger:
    """What the matcher found: the trigger token, the other tokens of a
    two-word pattern, the other trigger tokens of the same event, and how the
    entry says roles are read."""

    token: Token
    others: tuple[Token, ...]
    rules: RoleRules
    support_verbs: frozenset[str]
    siblings: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class RoleSpan:
    role: RoleName
    span: Span
    inherited_country_from: Span | None = None


def _participants(role: RoleName, heads: Iterable[Token], group: Span | None = None) -> list[RoleSpan]:
    found = []
    for head in heads:
        # "his visit": a possessive pronoun names no participant of its own.
        if head.lower_ in RELATIVE_PRONOUNS or (head.pos_ == "PRON" and (role is not ACTOR or head.tag_ == "PRP$")):
            continue
        for conjunct in _with_conjuncts(head):
            for body in _bodies(conjunct):
                if body.ent_type_ in NUMERIC:
                    continue
                body = _named(body)
                phrase = noun_phrase(body)
                found.append(RoleSpan(role, phrase, group))
                if group is None:  # members of a listed member are not listed again
                    found += _participants(role, _members(body), phrase)
                if role is ACTOR:
                    found += [RoleSpan(ACTOR, noun_phrase(leader)) for leader in _leaders(body)]
    return found


def _place(token: Token) -> Token | None:
    """The place a prepositional object names: itself, a noun a place
    modifies ("Borno state"), or "the port city of Izmail" -> Izmail."""
    if token.ent_type_ in PLACES:
        return token
    if token.pos_ not in {"NOUN", "PROPN"} or token.ent_type_ in NUMERIC:
        return None
    if any(c.dep_ == "compound" and c.ent_type_ in PLACES for c in token.children):
        return token
    named = _of_object(token, frozenset({"of"}))
    return named if named is not None and named.ent_type_ in PLACES else None


def _places(holder: Token, depth: int = 3) -> list[Token]:
    """Places "in"/"at"/... X on ``holder`` or its apposition, or on the noun
    phrases its prepositions and object govern, down to ``depth`` prepositions."""
    found = []
    for child in holder.children:
        if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
            places = [p for p in (_place(o) for o in _objects(child)) if p is not None]
            found += places
            if places:
                continue
        if depth > 1 and (child.dep_ in {"dobj", "nsubjpass"} and holder.pos_ == "VERB"):
            found += _places(child, depth - 1)
        elif depth > 1 and child.dep_ in {"prep", "agent"} and child.lower_ in PLACE_CARRIERS:
            for obj in _objects(child):
                if obj.pos_ in {"NOUN", "PROPN"}:
                    found += _places(obj, depth - 1)
        elif child.dep_ == "appos" and holder.pos_ in {"NOUN", "PROPN"}:
            found += _places(child, depth)  # "the Italian company Eni in Baku": the same party
    return found


def _preposition_roles(holder: Token, trigger: Trigger, nominal: bool) -> list[RoleSpan]:
    rules = trigger.rules
    destination = holder.lemma_.lower() in role_lexicon().arrival_verbs and rules.compound_role is RECIPIENT
    found = []
    for prep in holder.children:
        if prep.dep_ not in {"prep", "agent"} and not (prep.dep_ == "acl" and prep.lower_ == "surrounding"):
            continue
        word = prep.lower_
        objects = [c for c in prep.children if c.dep_ in {"pobj", "dobj"} and c.ent_type_ not in NUMERIC]
        if prep.dep_ == "agent" or (nominal and word == "by") or word in {"between", "among"}:
            found += _participants(ACTOR, objects)
        elif nominal and word == "of":
            found += _participants(rules.of_role, objects)
        elif word == "from" and nominal:  # "aid from Japan", not "disengagement from friction points"
            found += _participants(ACTOR, [o for o in objects if can_act(o)])
        elif word == "from" and rules.from_role is not None:
            found += _participants(rules.from_role, objects)
        elif word in PLACE_PREPS:
            places = [p for p in (_place(o) for o in objects) if p is not None]
            found += [RoleSpan(RECIPIENT if destination else LOCATION, noun_phrase(p)) for p in places]
        elif (word == "on" and rules.on_role is RECIPIENT) or word in RECIPIENT_PREPS:
            # "deployed warships to the area", "marched to the police station": no recipient.
            places = role_lexicon().place_nouns
            found += _participants(RECIPIENT, [o for o in objects if entity_of(o) or o.lemma_.lower() not in places])
        elif prep.dep_ == "acl":  # "concerns surrounding X with India"
            found += [RoleSpan(TOPIC, noun_phrase(o)) for o in objects]
            found += _preposition_roles(prep, trigger, nominal=False)
        elif word in TOPIC_PREPS:
            found += [
                RoleSpan(TOPIC, noun_phrase(c))
                for o in objects
                if o.lemma_.lower() not in role_lexicon().not_topics
                for c in _with_conjuncts(o)
            ]
    return found


def _anchor(token: Token) -> Token:
    """The token that stands for a nominal trigger in its clause: "a round of
    talks", "$5 million in aid" -> round, million."""
    while (
        token.dep_ == "pobj"
        and token.head.lower_ in {"of", "in"}
        and token.head.head.pos_ in {"NOUN", "PROPN", "NUM"}
        and _is_partitive(token.head.head)
    ):
        token = token.head.head
    return token


def _gap_is_object(verb: Token) -> bool:
    """A relative clause with a subject of its own that is not a relative
    pronoun, and no relative adverb ("the men it accused", "the men whom it
    accused"; not "the city, where people marched"): the noun it describes
    is the verb's object."""
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    relative_adverb = any(c.tag_ == "WRB" for c in verb.children)  # "the city, where people marched"
    return bool(subjects) and not relative_adverb and all(c.lower_ not in {"who", "which", "that"} for c in subjects)


def _verbal_roles(token: Token, trigger: Trigger) -> list[RoleSpan]:
    rules = trigger.rules
    found: list[RoleSpan] = []
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in token.children)
    objects = [c for c in token.children if c.dep_ in {"dobj", "dative"} and c not in trigger.others]
    if objects:  # "arrested X and three of his aides", the conjunct parsed as the verb's
        objects += [
            c for c in token.children if c.dep_ == "conj" and (c.pos_ in {"NOUN", "PROPN"} or _is_partitive_number(c))
        ]
    if passive:
        subjects = [c for c in token.children if c.dep_ == "nsubjpass" and c not in trigger.others]
        objects = subjects + objects
    else:
        subject = subject_of(token)
        found += _participants(ACTOR, [] if subject is None else [subject])
    if token.dep_ in {"amod", "compound"}:  # "EU-mediated talks", "US-led strikes"
        found += _participants(ACTOR, [c for c in token.children if c.dep_ == "npadvmod" and can_act(c)])
    # "criticised the trip over India's oil purchases": what the event is over.
    found += [
        RoleSpan(TOPIC, noun_phrase(o))
        for obj in objects
        for prep in obj.children
        if prep.dep_ == "prep" and prep.lower_ == "over"
        for o in _objects(prep)
        if o.ent_type_ not in NUMERIC
    ]
    if rules.recipient_can_act:
        objects = [o for o in objects if can_act(o)]
    found += _participants(rules.object_role, objects)
    if rules.clause_subject_role is not None and not objects:  # "demanded that the government cancel ..."
        for clause in token.children:
            if clause.dep_ == "ccomp":
                found += _participants(rules.clause_subject_role, [c for c in clause.children if c.dep_ == "nsubj"])
    reduced = not any(c.dep_ in {"nsubj", "aux"} for c in token.children)
    if token.dep_ in {"acl", "relcl"} and token.head.pos_ in {"NOUN", "PROPN"} and not passive:
        if token.tag_ == "VBG" and reduced:  # "troops attacking the city"
            found += _participants(ACTOR, [token.head])
        elif token.tag_ == "VBN" and reduced and can_act(token.head):  # "diplomats expelled last week"
            found += _participants(RECIPIENT, [token.head])
        elif token.dep_ == "relcl" and not objects and _gap_is_object(token) and can_act(token.head):
            found += _participants(rules.object_role, [token.head])  # "two diplomats it accused of spying"
        elif token.dep_ == "acl":  # "Russia's proposal to set up ...": the proposer
            owners = [c for c in token.head.children if c.dep_ == "poss" or entity_of(c, {"GPE", "NORP"})]
            found += _participants(ACTOR, owners)
    return found


def _nominal_roles(token: Token, trigger: Trigger, holders: list[Token]) -> list[RoleSpan]:
    rules = trigger.rules
    found = _participants(ACTOR, [c for c in token.children if c.dep_ == "poss"])
    for child in token.children:
        if child.dep_ not in {"compound", "amod", "nmod"}:
            continue
        # "EU sanctions": a named body before the trigger acts; a place before "visit" is visited.
        labels = PLACES | {"NORP"} | ({"ORG"} if rules.compound_role is ACTOR else set())
        if entity_of(child, labels) is not None:
            found += _participants(rules.compound_role, [child])
    found += _participants(ACTOR, _leaders(token))
    # "the sanctions, announced by Washington": a support verb's agent.
    agent_verbs = trigger.support_verbs | role_lexicon().agent_verbs
    found += _participants(
        ACTOR,
        [
            o
            for acl in token.children
            if acl.dep_ == "acl" and acl.lemma_.lower() in agent_verbs
            for agent in acl.children
            if agent.dep_ == "agent"
            for o in _objects(agent)
        ],
    )
    anchor = _anchor(token)
    governor = anchor.head
    if anchor.dep_ == "nsubj" and governor.lemma_.lower() in role_lexicon().effect_verbs:
        # "a drone strike hit a fuel depot": what it hit is the event's recipient.
        found += _participants(RECIPIENT, [c for c in governor.children if c.dep_ == "dobj"])
        holders.append(governor)
    elif governor.pos_ == "VERB" and anchor.dep_ in {"dobj", "nsubjpass", "nsubj"}:
        supported = governor.lemma_ in trigger.support_verbs or any(o.i == governor.i for o in trigger.others)
        if anchor.dep_ == "dobj" and supported:
            subject = subject_of(governor)
            found += _participants(ACTOR, [] if subject is None else [subject])
        # "the talks were held in X", "talks stalled in X"; but "the attack was
        # condemned by X" is not the attack's actor.
        agentive = governor.lemma_.lower() in agent_verbs
        if anchor.dep_ == "nsubj" or supported or (anchor.dep_ == "nsubjpass" and agentive):
            holders.append(governor)
    elif anchor.dep_ == "pobj" and anchor.head.lower_ == "for" and anchor.head.head.pos_ == "VERB":
        # "arrived in Addis Ababa for a visit", "flew to Paris for talks"
        verb = anchor.head.head
        if verb.lemma_.lower() in role_lexicon().arrival_verbs:
            subject = subject_of(verb)
            found += _participants(ACTOR, [] if subject is None else [subject])
            holders.append(verb)
    return found


def find_roles(trigger: Trigger) -> list[RoleSpan]:
    """The participants of the event ``trigger`` stands for, deduplicated."""
    token = trigger.token
    holders = [token, *trigger.others]
    verbal = token.pos_ in {"VERB", "AUX"}
    found = _verbal_roles(token, trigger) if verbal else _nominal_roles(token, trigger, holders)
    for holder in holders:
        found += _preposition_roles(holder, trigger, nominal=holder.pos_ in {"NOUN", "PROPN"})
    # "denied the allegations": the pattern's own object is the topic; "released prisoners": the recipient.
    own_object_role = TOPIC if trigger.rules.object_role is TOPIC else trigger.rules.own_object_role
    if own_object_role is not None:
        found += _participants(own_object_role, [o for o in trigger.others if o.dep_ in {"dobj", "nsubjpass"}])
    placed = {r.span.root.i for r in found}
    if not any(r.role is LOCATION for r in found):
        places = [p for holder in holders for p in _places(holder)]
        if not places and token.pos_ == "VERB" and (subject := subject_of(token)) is not None:
            places = _places(subject, depth=1)  # "port workers in Rotterdam began a strike"
        found += [RoleSpan(LOCATION, noun_phrase(p)) for p in places if p.i not in placed]
    own = {token.i, *trigger.siblings, *(o.i for o in trigger.others)}
    unique: dict[tuple[str, int, int], RoleSpan] = {}
    for role_span in found:
        root = role_span.span.root
        if root.i in own and not (role_span.role is own_object_role and root in trigger.others):
            continue
        unique.setdefault((role_span.role, role_span.span.start, role_span.span.end), role_span)
    return list(unique.values())
