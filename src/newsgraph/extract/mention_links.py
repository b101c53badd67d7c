"""Link event participants and attribution sources to the extraction's
mentions, by character offsets: the mention equal to, or the longest one
contained in, the participant's (or the resolved source's) text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

from newsgraph.model import Attribution, Event, Mention


def mention_within(mentions: Sequence[Mention], start: int, end: int) -> int | None:
    """Index of the mention at ``[start, end)`` or the longest inside it."""
    best = None
    for index, mention in enumerate(mentions):
        inside = mention.start >= start and mention.end <= end
        if inside and (best is None or mention.end - mention.start > mentions[best].end - mentions[best].start):
            best = index
    return best


def linked_attributions(doc: Doc, mentions: Sequence[Mention]) -> tuple[Attribution, ...]:
    attributions = doc._.attributions or []
    sources = doc._.attribution_sources or [(a.start, a.end) for a in attributions]
    return tuple(
        replace(attribution, source_mention=mention_within(mentions, start, end))
        for attribution, (start, end) in zip(attributions, sources, strict=True)
    )


def linked_events(doc: Doc, mentions: Sequence[Mention]) -> tuple[Event, ...]:
    return tuple(
        replace(
            event,
            participants=tuple(
                replace(p, mention=mention_within(mentions, p.start, p.end)) for p in event.participants
            ),
        )
        for event in doc._.events or ()
    )
