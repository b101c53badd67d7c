"""The tense that places a temporal expression before or after the article date.

"Tuesday", "Dec. 7" and "the weekend" name a day without saying which one;
news resolves them by the tense of the verb they belong to. The verb is found
on the dependency tree, with three corrections for how news is written
(word lists in ``knowledge/timex/tense.yaml``):

- reported speech: a date after the complement of a reporting verb belongs to
  the complement ("said the two would meet Tuesday" is a future Tuesday);
- to-infinitives take the tense of their head ("extended the offer to acquire
  the firm Friday" is past) unless the head looks forward ("plans to vote
  Tuesday", "is due to expire Friday");
- words such as "payable", "effective", "scheduled" place the date ahead;
- a deadline ("has until Tuesday", "runs through January") lies ahead unless
  its clause is in the simple past ("stayed until Tuesday"); a date after
  "since" lies behind it ("the worst storm since October"), and one after
  "for" on a scheduling verb ahead ("set the trial for Aug. 12").

A possessive ("Wednesday's ruling") or a compound modifier ("a June
agreement") dates a noun, not the clause, and gets no tense; "could" and
"might" (past ability or a conditional) give PRESENT, which leaves a bare
weekday to the nearer of its two dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from newsgraph.extract.timex_resolution import Tense
from newsgraph.knowledge.loader import load_yaml

_VERBS = frozenset({"VERB", "AUX"})
_MAX_STEPS = 8


@dataclass(frozen=True, slots=True)
class TenseWords:
    future_auxiliaries: frozenset[str]
    open_auxiliaries: frozenset[str]
    reporting_verbs: frozenset[str]
    forward_heads: frozenset[str]
    forward_words: frozenset[str]
    deadline_prepositions: frozenset[str]
    perfect_deadlines: frozenset[str]
    past_prepositions: frozenset[str]
    scheduling_verbs: frozenset[str]


@cache
def tense_words() -> TenseWords:
    data = load_yaml("timex/tense.yaml")
    return TenseWords(
        *(
            frozenset(str(word) for word in data[name])
            for name in (
                "future_auxiliaries",
                "open_auxiliaries",
                "reporting_verbs",
                "forward_heads",
                "forward_words",
                "deadline_prepositions",
                "perfect_deadlines",
                "past_prepositions",
                "scheduling_verbs",
            )
        )
    )


def _auxiliaries(verb: Token) -> list[Token]:
    return [child for child in verb.children if child.dep_ in {"aux", "auxpass"}]


def _past_perfect(token: Token) -> bool:
    """ "had expired"; also "had been due", where "had" hangs on the copula."""
    carriers = [token] if token.pos_ in _VERBS or token.head is token else [token, token.head]
    return any(child.lower_ == "had" for carrier in carriers for child in _auxiliaries(carrier))


def verb_tense(verb: Token) -> Tense:
    """PAST, PRESENT or FUTURE of one verb from its tag and auxiliaries."""
    words = tense_words()
    auxiliaries = _auxiliaries(verb)
    lowered = {child.lower_ for child in auxiliaries}
    if verb.tag_ == "VBN" and lowered & {"has", "have", "'ve", "had"}:
        return "PAST"  # "has met", "would have met"
    if lowered & words.future_auxiliaries or "going" in lowered:
        return "FUTURE"
    if lowered & words.open_auxiliaries:
        return "PRESENT"
    if verb.tag_ == "VBD" or any(child.tag_ == "VBD" for child in auxiliaries):
        return "PAST"
    if verb.tag_ in {"VBZ", "VBP"} or (verb.tag_ in {"VBG", "VB"} and auxiliaries):
        return "PRESENT"  # not a bare participle: "representing a premium over Thursday's price"
    if any(child.tag_ in {"VBZ", "VBP"} for child in auxiliaries):
        return "PRESENT"  # the present passive: "a vigil is planned for Saturday"
    return None


def _infinitive_tense(verb: Token) -> Tense:
    """The tense of a to-infinitive: forward under a forward-looking head, else the head's."""
    words = tense_words()
    head = verb.head
    if head is verb:
        return "FUTURE"
    if _past_perfect(head):
        return "PAST"
    if head.lemma_.lower() in words.forward_heads or head.lower_ in words.forward_heads:
        return "FUTURE"
    if head.pos_ in _VERBS:
        return verb_tense(head) or "FUTURE"
    if head.pos_ == "ADJ" and head.head.pos_ in _VERBS and head.head is not head:
        return verb_tense(head.head) or "FUTURE"  # "made it difficult to meet demand into the summer"
    return "FUTURE"


def _reported(verb: Token, span: Span) -> Token:
    """The complement verb a date after it belongs to, for a reporting verb."""
    if verb.lemma_.lower() not in tense_words().reporting_verbs:
        return verb
    complements = [c for c in verb.children if c.dep_ == "ccomp" and verb.i < c.i < span.start]
    return complements[-1] if complements else verb


def _to_infinitive(verb: Token) -> bool:
    """ "to meet", and the passive "to be used" (whose verb is the participle)."""
    if not any(child.tag_ == "TO" and child.dep_ == "aux" for child in verb.children):
        return False
    return verb.tag_ == "VB" or any(child.dep_ == "auxpass" and child.tag_ == "VB" for child in verb.children)


def _present_perfect(verb: Token) -> bool:
    return verb.tag_ == "VBN" and any(child.lower_ in {"has", "have", "'ve"} for child in _auxiliaries(verb))


def _scheduled(preposition: Token) -> bool:
    """Whether "for" hangs on a scheduling verb or on its object: "set the
    trial for Aug. 12", "called a rally for Friday"."""
    words = tense_words()
    head = preposition.head
    if head.pos_ not in _VERBS and any(child.lower_ in words.scheduling_verbs for child in head.lefts):
        return True  # the parser took the verb for a modifier: "set sentencing for Jan. 22"
    if head.pos_ not in _VERBS and head.dep_ in {"dobj", "nsubjpass", "nsubj", "attr"}:
        head = head.head
    return head.pos_ in _VERBS and head.lemma_.lower() in words.scheduling_verbs


def _deadline(span: Span, verb: Token | None, tense: Tense) -> Tense:
    """The tense of a date after a deadline preposition ("until Tuesday"):
    ahead of the article date unless the clause is in the simple past."""
    words = tense_words()
    position = span.start - 1
    while position >= 1 and span.doc[position].lower_ in {"least", "most"} and span.doc[position - 1].lower_ == "at":
        position -= 2  # "until at least Wednesday"
    before = span.doc[position].lower_ if position >= 0 else ""
    if before in words.past_prepositions:
        return "PAST"
    if before == "for" and _scheduled(span.doc[position]) and not (verb is not None and _past_perfect(verb)):
        return "FUTURE"
    if before not in words.deadline_prepositions:
        return tense
    if tense in {None, "PRESENT"}:
        return "FUTURE"
    if tense == "PAST" and before in words.perfect_deadlines and verb is not None and _present_perfect(verb):
        return "FUTURE"
    if tense == "PAST" and _first_verb_is_participle(span):
        return "FUTURE"  # "ordered the board to redraw its districts, giving it until Friday"
    return tense


def _first_verb_is_participle(span: Span) -> bool:
    """Whether the first verb above ``span`` is a present participle without a
    tense of its own, whose deadline is not bound by its clause's past."""
    token = span.root.head
    for _ in range(_MAX_STEPS):
        if token.pos_ in _VERBS:
            return token.tag_ == "VBG" and _bare_participle(token)
        if token.head is token:
            return False
        token = token.head
    return False


def _governing_tense(span: Span) -> tuple[Token | None, Tense]:
    """The verb governing ``span`` (None if none) and its tense."""
    words = tense_words()
    token: Token = span.root
    for _ in range(_MAX_STEPS):
        participle = _bare_participle(token)
        if participle and token.tag_ == "VBN" and token.lower_ not in words.forward_words:
            return token, "PAST"  # a reduced relative clause: "the decision, announced Wednesday, ..."
        if token.pos_ in _VERBS and token.lower_ not in words.forward_words and not participle:
            break
        if token.lower_ in words.forward_words and token is not span.root:
            return None, "PAST" if _past_perfect(token) else "FUTURE"
        if token.head is token:
            return None, None
        token = token.head
    else:
        return None, None
    verb = _reported(token, span)
    if _to_infinitive(verb):
        return verb, _infinitive_tense(verb)
    return verb, verb_tense(verb)


def _bare_participle(verb: Token) -> bool:
    """A participle with no tense of its own: a present participle takes its
    clause's tense ("will offer shots starting on Tuesday", "the strike,
    starting Monday, will ...", "has slumped, closing unchanged Friday"), a
    past participle is past ("the ruling, announced Wednesday, ...")."""
    return (
        verb.tag_ in {"VBG", "VBN"}
        and verb.dep_ in {"advcl", "acl", "xcomp", "prep"}
        and verb.head is not verb
        and not any(child.dep_ in {"aux", "auxpass", "nsubj", "nsubjpass", "mark"} for child in verb.children)
    )


def clause_tense(span: Span) -> Tense:
    """PAST, PRESENT or FUTURE for ``span`` from the verb governing it; None if no verb."""
    root: Token = span.root
    if root.dep_ == "poss" or (root.dep_ == "compound" and root.head.pos_ in {"NOUN", "PROPN"}):
        return None  # "Wednesday's ruling", "a June agreement": the noun's own time, whatever the clause
    verb, tense = _governing_tense(span)
    return _deadline(span, verb, tense)
