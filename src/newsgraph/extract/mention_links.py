"""Link event participants and attribution sources to the extraction's
mentions, by character offsets: the mention equal to, or the longest one
contained in, the participant's (or the resolved source's) text."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

from newsgraph.model import Attribution, Event, Mention


class MentionIndex:
    """The mentions by start offset, so that finding those inside a span
    reads only the mentions that start in it (not all of the article's)."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.mentions = mentions
        self.order = sorted(range(len(mentions)), key=lambda index: (mentions[index].start, index))
        self.starts = [mentions[index].start for index in self.order]

    def within(self, start: int, end: int) -> int | None:
        """Index of the longest mention inside ``[start, end)``; the first
        in the list on ties."""
        best = None
        for index in self.order[bisect_left(self.starts, start) : bisect_left(self.starts, end)]:
            mention = self.mentions[index]
            if mention.end > end:
                continue
            length = mention.end - mention.start
            if best is None or length > best[0] or (length == best[0] and index < best[1]):
                best = (length, index)
        return None if best is None else best[1]


def linked_attributions(doc: Doc, mentions: Sequence[Mention]) -> tuple[Attribution, ...]:
    attributions = doc._.attributions or []
    sources = doc._.attribution_sources or [(a.start, a.end) for a in attributions]
    index = MentionIndex(mentions)
    return tuple(
        replace(attribution, source_mention=index.within(start, end))
        for attribution, (start, end) in zip(attributions, sources, strict=True)
    )


def linked_events(doc: Doc, mentions: Sequence[Mention]) -> tuple[Event, ...]:
    index = MentionIndex(mentions)
    return tuple(
        replace(
            event,
            participants=tuple(replace(p, mention=index.within(p.start, p.end)) for p in event.participants),
        )
        for event in doc._.events or ()
    )
