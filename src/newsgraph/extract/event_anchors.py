"""Where an event stands in its article: the attribution it is credited to
and the time expression that dates it (used by ``events``)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsgraph.extract.attribution import attribution_for_sentence
from newsgraph.extract.modality import clause_chain
from newsgraph.model import Attribution, Timex


def attribution_for(triggers: list[Token], attributions: list[Attribution] | None, sentence: int) -> int | None:
    """The attribution of the trigger's sentence, unless the trigger is the
    reporting verb itself or a verb coordinated with it ("Beijing warned that
    ...": the article states that Beijing warned; the warning is not credited
    to Beijing)."""
    if attributions is None:
        return None
    index = attribution_for_sentence(attributions, sentence)
    if index is None or attributions[index].sentence != sentence:
        return index
    own = [i for i, a in enumerate(attributions) if a.sentence == sentence and not any(is_cue(t, a) for t in triggers)]
    return own[0] if own else None


def is_cue(token: Token, attribution: Attribution) -> bool:
    """Whether ``token`` is the reporting verb of ``attribution`` (the cue
    word, with the source inside its subject or agent) or a verb coordinated
    with it ("the ministry said ... and threatened countermeasures")."""
    if token.dep_ == "conj" and token.pos_ == "VERB" and token.head.i != token.i and is_cue(token.head, attribution):
        return True
    if token.text != attribution.cue or token.pos_ != "VERB":
        return False
    return any(
        c.dep_ in {"nsubj", "agent"} and c.left_edge.idx <= attribution.start < c.right_edge.idx + len(c.right_edge)
        for c in token.children
    )


def timex_for(doc: Doc, triggers: list[Token], sentence: int, timexes: list[Timex]) -> int | None:
    """The DATE or TIME timex of the sentence attached to the trigger's
    clause; else the one nearest the trigger in the sentence."""
    candidates = [(i, t) for i, t in enumerate(timexes) if t.sentence == sentence and t.type in {"DATE", "TIME"}]
    if not candidates:
        return None
    clause = {t.i for trigger in triggers for t in clause_chain(trigger)}
    attached = []
    for index, timex in candidates:
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None:
            continue
        token = span.root
        for _ in range(6):
            if token.i in clause:
                attached.append(index)
                break
            if token.head.i == token.i:
                break
            token = token.head
    if attached:
        return attached[0]
    position = triggers[0].idx
    return min(candidates, key=lambda item: abs(item[1].start - position))[0]
