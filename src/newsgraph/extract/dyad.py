"""Code the relation between a given source and target in one sentence.

An analyst validating an event record knows who the two parties are and asks
what the sentence says one did to the other. ``code_dyad`` answers with the
PLOVER type, mode and modality, the trigger and the evidence offsets. It uses
the same model of the types as the free extractor: the events the
``newsgraph_events`` component finds in the sentence. Of those it takes the
one whose participants are the two parties (actor = source, recipient =
target counts most), then one whose trigger lies on the dependency path
between them ("X said it would retaliate against Y"), then the nearest
event in the sentence; with none, the relation is uncoded (``type`` None).
An event inside a party's own words ("a Russia-backed offensive") is not
their relation.

Then PLOVER's conventions for verbal events (``knowledge/plover/coding.yaml``):
a verbal event that governs the chosen one is the relation ("refused to
meet": REJECT); an event one party declares it will do is AGREE (cooperative)
or THREATEN (hostile); one it will not do is REJECT. ``event_type`` keeps the
type of the event itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsgraph.extract.actors import load_plover
from newsgraph.extract.event_model import event_model, path_between
from newsgraph.model import Event, InputError

# How much each kind of agreement between an event and the dyad counts.
ACTOR_IS_SOURCE = 2.0
RECIPIENT_IS_TARGET = 2.0
SWAPPED_PARTY = 1.0
OTHER_ROLE = 0.5
TRIGGER_ON_PATH = 1.5
TRIGGER_UNDER_COMMON_HEAD = 0.5
# Between events that fit the dyad alike, the one governing another's trigger
# ("refused to meet X") states the relation.
GOVERNS_ANOTHER = 0.25
# How sure the learned model must be to code a dyad no rule's event relates
# (the best of 0.3 to 0.6 on PLV dev; the differences there are small).
LEARNED_MIN_PROBABILITY = 0.3
# The conventions the free extractor applies to each event on its own. Not
# "governing": the governed event ("refused to meet") stays an event of its
# own beside the governing one.
FREE_CONVENTIONS = frozenset({"obligation", "refusal", "intent", "signed"})


@dataclass(frozen=True, slots=True)
class Conventions:
    governing_types: frozenset[str]
    governed_deps: frozenset[str]
    cooperative_types: frozenset[str]
    refusable_types: frozenset[str]
    hostile_types: frozenset[str]
    intent_cooperative: str
    intent_hostile: str
    refusal_type: str
    future_auxiliaries: frozenset[str]
    intent_heads: frozenset[str]
    signed_type: str
    signing_verbs: frozenset[str]
    obligation_type: str
    obligation_auxiliaries: frozenset[str]

    @classmethod
    def load(cls) -> Conventions:
        data = load_plover("coding.yaml")
        return cls(
            governing_types=frozenset(data["governing_types"]),
            governed_deps=frozenset(data["governed_deps"]),
            cooperative_types=frozenset(data["cooperative_types"]),
            refusable_types=frozenset(data["refusable_types"]),
            hostile_types=frozenset(data["hostile_types"]),
            intent_cooperative=data["intent_type"]["cooperative"],
            intent_hostile=data["intent_type"]["hostile"],
            refusal_type=data["refusal_type"],
            future_auxiliaries=frozenset(data["future_auxiliaries"]),
            intent_heads=frozenset(data["intent_heads"]),
            signed_type=data["signed_agreement"]["type"],
            signing_verbs=frozenset(data["signed_agreement"]["verbs"]),
            obligation_type=data["obligation"]["type"],
            obligation_auxiliaries=frozenset(data["obligation"]["auxiliaries"]),
        )


_CONVENTIONS: list[Conventions] = []


def conventions() -> Conventions:
    """The coding conventions, read once."""
    if not _CONVENTIONS:
        _CONVENTIONS.append(Conventions.load())
    return _CONVENTIONS[0]


@dataclass(frozen=True, slots=True)
class CharSpan:
    start: int
    end: int

    def overlaps(self, start: int, end: int) -> bool:
        return start < self.end and self.start < end


@dataclass(frozen=True, slots=True)
class DyadCoding:
    """What a sentence says ``source`` did to ``target``.

    ``type`` is None when no event relates them. ``basis`` says how the
    event was chosen: "roles" (its participants are the parties), "path" (its
    trigger links them in the parse), "nearest" (the closest event in the
    sentence), "model" (no rule's event: the learned model, ``event_model``),
    or "none"."""

    type: str | None
    mode: str | None
    modality: str | None
    trigger: str | None
    trigger_start: int | None
    trigger_end: int | None
    source: CharSpan
    target: CharSpan
    evidence_start: int
    evidence_end: int
    basis: str
    confidence: float
    event_type: str | None = None  # the type of the event itself, before the conventions
    convention: str | None = None  # which convention changed it: governing, intent, nominal intent, refusal

    def to_json(self) -> dict[str, object]:
        return {
            "type": self.type,
            "event_type": self.event_type,
            "convention": self.convention,
            "mode": self.mode,
            "modality": self.modality,
            "trigger": self.trigger,
            "trigger_start": self.trigger_start,
            "trigger_end": self.trigger_end,
            "source": {"start": self.source.start, "end": self.source.end},
            "target": {"start": self.target.start, "end": self.target.end},
            "evidence": {"start": self.evidence_start, "end": self.evidence_end},
            "basis": self.basis,
            "confidence": self.confidence,
        }


def locate(sentence: str, party: str, name: str, after: int = -1) -> CharSpan:
    """The character span of ``party`` in ``sentence`` (first occurrence,
    case-insensitive, preferring one that does not start at ``after``)."""
    lowered, wanted = sentence.lower(), party.strip().lower()
    if not wanted:
        raise InputError(name, "is empty")
    starts = []
    index = lowered.find(wanted)
    while index != -1:
        starts.append(index)
        index = lowered.find(wanted, index + 1)
    if not starts:
        raise InputError(name, f"{party!r} does not occur in the sentence")
    start = next((s for s in starts if s != after), starts[0])
    return CharSpan(start, start + len(wanted))


def role_score(event: Event, source: CharSpan, target: CharSpan) -> float:
    """How well the event's participants are the dyad (actor = source and
    recipient = target count most; the parties the other way round less)."""
    score = 0.0
    actor = [p for p in event.participants if p.role == "actor"]
    recipient = [p for p in event.participants if p.role == "recipient"]
    if any(source.overlaps(p.start, p.end) for p in actor):
        score += ACTOR_IS_SOURCE
    elif any(source.overlaps(p.start, p.end) for p in event.participants):
        score += SWAPPED_PARTY if any(source.overlaps(p.start, p.end) for p in recipient) else OTHER_ROLE
    if any(target.overlaps(p.start, p.end) for p in recipient):
        score += RECIPIENT_IS_TARGET
    elif any(target.overlaps(p.start, p.end) for p in event.participants):
        score += SWAPPED_PARTY if any(target.overlaps(p.start, p.end) for p in actor) else OTHER_ROLE
    return score


def _head(doc: Doc, span: CharSpan) -> Token | None:
    chunk = doc.char_span(span.start, span.end, alignment_mode="expand")
    return chunk.root if chunk is not None and len(chunk) else None


def _path(source: Token, target: Token) -> tuple[set[int], Token | None]:
    """Token indices on the dependency path between two tokens, and their
    lowest common head."""
    up = [source, *source.ancestors]
    up_index = {t.i: n for n, t in enumerate(up)}
    path: set[int] = set()
    for token in [target, *target.ancestors]:
        if token.i in up_index:
            path.update(t.i for t in up[: up_index[token.i] + 1])
            return path, token
        path.add(token.i)
    return path | {t.i for t in up}, None


def _modifies_a_party(doc: Doc, event: Event, party: CharSpan) -> bool:
    """ "a Russia-backed offensive": a trigger inside a party's words that is
    not their head word modifies the party; "A suicide attack" (the head)
    is the party's own event and stays."""
    if not party.overlaps(event.trigger_start, event.trigger_end):
        return False
    head = _head(doc, party)
    return head is None or not (event.trigger_start <= head.idx < event.trigger_end)


def _distance(event: Event, source: CharSpan, target: CharSpan) -> int:
    middle = (min(source.start, target.start) + max(source.end, target.end)) // 2
    return abs(event.trigger_start - middle)


def choose_event(
    doc: Doc, events: Sequence[Event], source: CharSpan, target: CharSpan, use_path: bool = True
) -> tuple[Event | None, str, float]:
    """The event of ``events`` that best codes the dyad, how it was chosen
    and the score it won with. Without ``use_path`` only the participants
    and, failing them, nearness count (the free setting of the scorer)."""
    if not events:
        return None, "none", 0.0
    path: set[int] = set()
    common: Token | None = None
    if use_path:
        source_head, target_head = _head(doc, source), _head(doc, target)
        if source_head is not None and target_head is not None:
            path, common = _path(source_head, target_head)
    starts = {event.trigger_start for event in events}
    best: tuple[float, int, int] | None = None
    chosen: Event | None = None
    basis = "nearest"
    for position, event in enumerate(events):
        if _modifies_a_party(doc, event, source) or _modifies_a_party(doc, event, target):
            continue
        by_roles = role_score(event, source, target)
        by_path = 0.0
        if path:
            trigger = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
            if trigger is not None and len(trigger):
                token = trigger.root
                if token.i in path:
                    by_path = TRIGGER_ON_PATH
                elif common is not None and common in token.ancestors:
                    by_path = TRIGGER_UNDER_COMMON_HEAD
        trigger_token = _token(doc, event)
        governs = trigger_token is not None and any(
            c.dep_ == "xcomp" and c.idx in starts and c.idx != event.trigger_start for c in trigger_token.children
        )
        bonus = GOVERNS_ANOTHER if governs and by_roles > 0 else 0.0
        key = (by_roles + by_path + bonus, -_distance(event, source, target), -position)
        if best is None or key > best:
            best, chosen = key, event
            basis = "roles" if by_roles >= by_path and by_roles > 0 else "path" if by_path > 0 else "nearest"
    return chosen, basis, best[0] if best else 0.0


def _token(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _governing(doc: Doc, events: Sequence[Event], chosen: Event, rules: Conventions) -> Event | None:
    """A verbal event whose trigger governs the chosen one's ("refused to
    meet", "agreed to lift", "called for sanctions"), nearest first."""
    token = _token(doc, chosen)
    if token is None:
        return None
    triggers = {}
    # A governing trigger is an ancestor of the chosen one: it is in its sentence.
    for event in (e for e in events if e.sentence == chosen.sentence and e is not chosen):
        head = _token(doc, event)
        if head is not None and event.type in rules.governing_types:
            triggers.setdefault(head.i, event)
    for _ in range(4):
        if token.dep_ not in rules.governed_deps or token.head.i == token.i:
            return None
        token = token.head
        if token.i in triggers:
            return triggers[token.i]
    return None


def _declared(token: Token, rules: Conventions) -> bool:
    """Whether the trigger is declared for the future ("will lift", "is
    willing to withdraw", "offered to send")."""
    if any(c.dep_ == "aux" and c.lower_ in rules.future_auxiliaries for c in token.children):
        return True
    head = token.head
    return token.dep_ in {"xcomp", "ccomp"} and head.i != token.i and head.lemma_.lower() in rules.intent_heads


def _obliged(token: Token, event: Event, source: CharSpan, rules: Conventions) -> bool:
    """ "Y must ensure security" said by the source: a deed demanded of Y."""
    if not any(c.dep_ == "aux" and c.lower_ in rules.obligation_auxiliaries for c in token.children):
        return False
    return not any(p.role == "actor" and source.overlaps(p.start, p.end) for p in event.participants)


def apply_conventions(
    doc: Doc, events: Sequence[Event], chosen: Event, source: CharSpan | None = None
) -> tuple[str, str | None, Event]:
    """The PLOVER type of the dyad's relation given its event, the
    convention that decided it (None when it is the event's own type) and
    the event that states the relation (a governing verbal event, or the
    chosen one)."""
    rules = conventions()
    governing = _governing(doc, events, chosen, rules)
    if governing is not None:
        return governing.type, "governing", governing
    token = _token(doc, chosen)
    if token is not None and source is not None and _obliged(token, chosen, source, rules):
        return rules.obligation_type, "obligation", chosen
    if chosen.modality in {"negated", "denied"} and chosen.type in rules.refusable_types:
        return rules.refusal_type, "refusal", chosen
    if token is not None and _declared(token, rules):
        if chosen.type in rules.cooperative_types and chosen.type != "AGREE":
            return rules.intent_cooperative, "intent", chosen
        if chosen.type in rules.hostile_types:
            return rules.intent_hostile, "intent", chosen
    # A nominal trigger takes its verb's tense ("will host the meeting"); the
    # dyad coder only (our own gold codes such events by their type).
    nominal = token is not None and token.pos_ == "NOUN" and token.dep_ == "dobj"
    if nominal and _declared(token.head, rules) and chosen.type in rules.cooperative_types and chosen.type != "AGREE":
        return rules.intent_cooperative, "nominal intent", chosen
    # "could sign a pact" promises no signing: it stays AGREE.
    signed = chosen.modality in {"asserted", "reported"}
    if chosen.type == "AGREE" and signed and token is not None and token.lemma_.lower() in rules.signing_verbs:
        return rules.signed_type, "signed", chosen
    return chosen.type, None, chosen


def code_events(doc: Doc, events: Sequence[Event]) -> list[Event]:
    """The free extractor's events coded under the same conventions as a
    dyad (``FREE_CONVENTIONS``), with each event's actor as the source: "X
    signed a pact" is SUPPORT, "X will discuss" AGREE, "X would expel Y"
    THREATEN, "X did not send aid" REJECT (a refusal needs a named party refusing: "no agreement was
    reached", "the ministers did not meet" stay negated). An event whose type changes loses its mode (a
    mode belongs to the type it came with)."""
    coded = []
    for event in events:
        actor = next((p for p in event.participants if p.role == "actor"), None)
        source = CharSpan(actor.start, actor.end) if actor is not None else None
        coded_type, convention, _lead = apply_conventions(doc, events, event, source)
        unnamed = actor is None or (actor.entity_type is None and actor.country is None)
        if convention not in FREE_CONVENTIONS or (convention == "refusal" and unnamed):
            coded_type = event.type
        coded.append(event if coded_type == event.type else replace(event, type=coded_type, mode=None))
    return coded


def _learned(doc: Doc, source: CharSpan, target: CharSpan) -> DyadCoding:
    """With no rule's event between them, the learned model codes the dyad
    when it is sure enough; the trigger is the word that joins the parties."""
    uncoded = DyadCoding(None, None, None, None, None, None, source, target, 0, len(doc.text), "none", 0.0)
    source_head, target_head = _head(doc, source), _head(doc, target)
    if source_head is None or target_head is None:
        return uncoded
    _between, joint = path_between(source_head, target_head)
    label, probability = event_model().code(source_head, target_head).best_event()
    if joint is None or probability < LEARNED_MIN_PROBABILITY:
        return uncoded
    sentence = joint.sent
    return DyadCoding(
        type=label,
        mode=None,
        modality=None,
        trigger=joint.text,
        trigger_start=joint.idx,
        trigger_end=joint.idx + len(joint.text),
        source=source,
        target=target,
        evidence_start=sentence.start_char,
        evidence_end=sentence.end_char,
        basis="model",
        confidence=round(probability * 0.8, 2),
        event_type=label,
    )


def code_in_doc(doc: Doc, source: CharSpan, target: CharSpan) -> DyadCoding:
    """The coding of a dyad in a processed one-sentence document."""
    stated = doc._.stated_events if Doc.has_extension("stated_events") else None
    events: list[Event] = list(stated if stated is not None else doc._.events or ())
    event, basis, _score = choose_event(doc, events, source, target)
    if event is None:
        return _learned(doc, source, target)
    coded_type, convention, lead = apply_conventions(doc, events, event, source)
    confidence = event.confidence * (1.0 if basis == "roles" else 0.8 if basis == "path" else 0.5)
    return DyadCoding(
        type=coded_type,
        mode=lead.mode,
        modality=lead.modality,
        trigger=lead.trigger,
        trigger_start=lead.trigger_start,
        trigger_end=lead.trigger_end,
        source=source,
        target=target,
        evidence_start=event.start,
        evidence_end=event.end,
        basis=basis,
        confidence=round(confidence, 2),
        event_type=event.type,
        convention=convention,
    )


def code_dyad(nlp: Language, sentence: str, source: str, target: str) -> DyadCoding:
    """Code what ``sentence`` says ``source`` did to ``target`` (both given
    as they are written in it): PLOVER type, mode, modality, trigger and
    evidence offsets. Raises ``InputError`` when a party is not in the
    sentence.

    Example: code_dyad(nlp, "Russia expelled two Estonian diplomats.",
    "Russia", "Estonian diplomats").type == "SANCTION"
    """
    if not sentence.strip():
        raise InputError("sentence", "is empty")
    source_span = locate(sentence, source, "source")
    target_span = locate(sentence, target, "target", after=source_span.start)
    return code_in_doc(nlp(sentence), source_span, target_span)
