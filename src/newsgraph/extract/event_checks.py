"""Checks on an event's participants and time that hold for news written by
others: a wire dateline ("QUETTA, Nov 4 (Reuters) -", "QUETTA —") is no
participant and its date is not the event's time; an instrument or weapon
("fired tear gas and water cannon at protesters") is never the recipient,
and what it was fired at is; what a party is accused of ("accused India of
backing the group") is the accuser's claim, not a fact, and denied where the
sentence denies the charge ("a charge New Delhi denies").

Word lists live in ``knowledge/plover/patterns.yaml`` (``dateline``,
``instrument_nouns``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.actors import load_plover
from newsgraph.extract.event_roles import RoleSpan
from newsgraph.extract.phrases import entity_of, noun_phrase
from newsgraph.model import Event, RoleName

if not Doc.has_extension("dateline"):
    # (place span, date span or None) of a wire dateline opening the text.
    Doc.set_extension("dateline", default=None)


@dataclass(frozen=True, slots=True)
class CheckLexicon:
    dashes: frozenset[str]
    max_tokens: int
    instruments: frozenset[str]
    instrument_preps: frozenset[str]
    accusation_verbs: frozenset[str]
    accusation_preps: frozenset[str]
    claim_nouns: frozenset[str]
    lending_types: frozenset[str]


def check_lexicon() -> CheckLexicon:
    data = load_plover("patterns.yaml")
    dateline = data["dateline"]
    return CheckLexicon(
        dashes=frozenset(dateline["dashes"]),
        max_tokens=int(dateline["max_tokens"]),
        instruments=frozenset(data["instrument_nouns"]["words"]),
        instrument_preps=frozenset(data["instrument_nouns"]["target_preps"]),
        accusation_verbs=frozenset(data["accusation"]["verbs"]),
        accusation_preps=frozenset(data["accusation"]["preps"]),
        claim_nouns=frozenset(data["accusation"]["claim_nouns"]),
        lending_types=frozenset(data["lend_recipient"]),
    )


def find_dateline(doc: Doc, lexicon: CheckLexicon) -> tuple[Span, Span | None, int] | None:
    """The dateline opening ``doc``: its place (words in capitals), its date
    (what lies between the place's comma and the agency or the dash), and the
    character offset where the story proper begins; None without one."""
    dash = next((t.i for t in doc[: lexicon.max_tokens] if t.text in lexicon.dashes), None)
    if dash is None or dash == 0 or dash + 1 >= len(doc):
        return None
    place_end = 0
    while place_end < dash and doc[place_end].is_alpha and doc[place_end].text.isupper():
        place_end += 1
    if place_end == 0 or len(doc[0].text) < 2:
        return None
    rest = doc[place_end:dash]
    if rest and rest[0].text != "," and rest[0].text != "(":
        return None
    date_tokens = [t for t in rest if t.text != "," and (t.like_num or t.is_title) and not _in_brackets(t, rest)]
    date = doc[date_tokens[0].i : date_tokens[-1].i + 1] if date_tokens else None
    return doc[0:place_end], date, doc[dash + 1].idx


def _in_brackets(token: Token, span: Span) -> bool:
    opened = False
    for t in span:
        if t.text == "(":
            opened = True
        elif t.text == ")":
            opened = False
        elif t.i == token.i:
            return opened
    return False


def is_instrument(span: Span, label: str | None, lexicon: CheckLexicon) -> bool:
    """Whether the participant is a weapon or instrument ("tear gas", "a
    drone", a WEAPON entity), never a recipient."""
    return label == "WEAPON" or span.root.lemma_.lower() in lexicon.instruments


def instrument_targets(span: Span, lexicon: CheckLexicon) -> list[Token]:
    """What an instrument was fired or thrown at: the object of its "at",
    "on" or "upon" ("water cannon at protesters"), or of the verb's."""
    found = []
    for holder in (span.root, span.root.head):
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ in lexicon.instrument_preps:
                found += [o for o in prep.children if o.dep_ == "pobj"]
        if found:
            break
    return found


def checked_roles(roles: list[RoleSpan], trigger: Token, story_start: int, lexicon: CheckLexicon) -> list[RoleSpan]:
    """``roles`` without dateline words and instruments: a dateline actor
    gives way to the trigger's other subject ("QUETTA, Nov 4 (Reuters) -
    Gunmen attacked ..."), an instrument recipient to what it was aimed at."""
    kept: list[RoleSpan] = []
    lost_actor = False
    for role_span in roles:
        span = role_span.span
        if span.start_char < story_start:
            lost_actor = lost_actor or role_span.role is RoleName.ACTOR
            continue
        if role_span.role is RoleName.RECIPIENT:
            entity = entity_of(span.root)
            label = entity.label_ if entity is not None else None
            if is_instrument(span, label, lexicon):
                kept += [RoleSpan(RoleName.RECIPIENT, noun_phrase(t)) for t in instrument_targets(span, lexicon)]
                continue
        kept.append(role_span)
    if lost_actor and not any(r.role is RoleName.ACTOR for r in kept):
        kept += [
            RoleSpan(RoleName.ACTOR, noun_phrase(c))
            for c in trigger.children
            if c.dep_ == "nsubj" and c.idx >= story_start
        ]
    return kept


def accusation_content(trigger: Token, lexicon: CheckLexicon) -> Token | None:
    """The accusing verb when ``trigger`` is what someone is accused of
    ("accused India of backing the group": backing), else None."""
    token = trigger
    for _ in range(3):
        head = token.head
        if head.i == token.i:
            return None
        if token.dep_ == "prep" and token.lower_ in lexicon.accusation_preps:
            return head if head.lemma_.lower() in lexicon.accusation_verbs else None
        token = head
    return None


def accusation_denied(accusing: Token, lexicon: CheckLexicon, denial_verbs: frozenset[str]) -> bool:
    """Whether the sentence denies the accusation: a denial verb attached to
    a noun for it ("a charge New Delhi denies", "an allegation it rejected")
    or whose subject is the accused ("India denied it")."""
    for token in accusing.sent:
        if token.lemma_.lower() not in denial_verbs:
            continue
        if token.head.lemma_.lower() in lexicon.claim_nouns or any(
            c.lemma_.lower() in lexicon.claim_nouns for c in token.children
        ):
            return True
    return False


def denial_of_its_charge(trigger: Token, lexicon: CheckLexicon, denial_verbs: frozenset[str]) -> bool:
    """ "X accused Y of ..., a charge Y denies": the parse may hang the
    accusation under the denial, but what is denied is the charge (an object
    from ``claim_nouns``), not that the accusation was made."""
    head = trigger.head
    return (
        trigger.lemma_.lower() in lexicon.accusation_verbs
        and head.i != trigger.i
        and head.lemma_.lower() in denial_verbs
        and any(c.dep_ == "dobj" and c.lemma_.lower() in lexicon.claim_nouns for c in head.children)
    )


def lend_recipients(doc: Doc, events: list[Event], lending_types: frozenset[str]) -> list[Event]:
    """ "threatened to shell Haifa", "refused to meet the envoy": the party
    the governed deed is aimed at is also the recipient of the verbal event
    that governs it (an xcomp), when that event names none."""
    by_start = {e.trigger_start: i for i, e in enumerate(events)}
    lent_events = list(events)
    for i, event in enumerate(events):
        if event.type not in lending_types or any(p.role == "recipient" for p in event.participants):
            continue
        span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        for child in span.root.children:
            governed = by_start.get(child.idx) if child.dep_ == "xcomp" else None
            if governed is None:
                continue
            lent = tuple(p for p in events[governed].participants if p.role == "recipient" and p.inherited_from is None)
            if lent:
                lent_events[i] = replace(event, participants=event.participants + lent)
                break
    return lent_events
