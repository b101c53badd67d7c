"""Where an event stands in its article: the attribution it is credited to
and the time expression that dates it (used by ``events``)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from newsgraph.extract.attribution import attribution_for_sentence
from newsgraph.extract.modality import clause_chain
from newsgraph.extract.role_heads import role_lexicon
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


def _heads(token: Token, steps: int = 6) -> Iterator[Token]:
    """``token`` and the heads above it, at most ``steps`` words in all."""
    for _ in range(steps):
        yield token
        if token.head.i == token.i:
            return
        token = token.head


def _dates_a_report(token: Token, clause: set[int]) -> bool:
    """Whether the timex headed by ``token`` dates a reporting verb outside
    the trigger's clause ("said on Tuesday it would ask ...", "talks, first
    reported on Tuesday, ..."): the day of the telling, not of the event.
    "announced sanctions on Tuesday" keeps its day: the verb governs the
    trigger."""
    verb = next((t for t in _heads(token) if t.pos_ in {"VERB", "AUX"}), None)
    return verb is not None and verb.lemma_.lower() in role_lexicon().reporting_verbs and verb.i not in clause


def _in_clause(token: Token, clause: set[int]) -> bool:
    """Whether the timex headed by ``token`` hangs from the trigger's clause."""
    return any(t.i in clause for t in _heads(token))


def timex_for(doc: Doc, triggers: list[Token], sentence: int, timexes: list[Timex]) -> int | None:
    """The DATE or TIME timex of the sentence attached to the trigger's
    clause; else the one nearest the trigger in the sentence. A timex that
    dates a report of the event is neither."""
    candidates = [(i, t) for i, t in enumerate(timexes) if t.sentence == sentence and t.type in {"DATE", "TIME"}]
    if not candidates:
        return None
    clause = {t.i for trigger in triggers for t in clause_chain(trigger)}
    attached, loose = [], []
    for index, timex in candidates:
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None:
            loose.append((index, timex))
        elif _dates_a_report(span.root, clause):
            continue
        elif _in_clause(span.root, clause):
            attached.append(index)
        else:
            loose.append((index, timex))
    if attached:
        return attached[0]
    if not loose:
        return None
    position = triggers[0].idx
    return min(loose, key=lambda item: abs(item[1].start - position))[0]
