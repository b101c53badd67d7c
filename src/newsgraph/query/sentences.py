"""The evidence sentence of a stored span, shared by the queries that show one.

A query selects the span's article offsets followed by ``evidence_columns()``
and joins the sentence with ``sentence_of``; ``evidence`` turns those values
of a row into an ``Evidence``.

Example::

    select(EV.c.trigger_start, EV.c.trigger_end, *evidence_columns()).select_from(
        EV.join(A, A.c.id == EV.c.article_id)
        .join(schema.sentence, sentence_of(EV))
        .outerjoin(S, S.c.id == A.c.source_id)
    )
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_

from newsgraph.query.views import Evidence, clamp_span
from newsgraph.store import schema


def evidence_columns() -> tuple[Any, ...]:
    """Sentence start and end, article id, publication date, outlet name and
    article text: what ``evidence`` needs after the span's own offsets."""
    A, S, sentence = schema.article, schema.source, schema.sentence
    return (sentence.c.start, sentence.c.end, A.c.id, A.c.published, S.c.name, A.c.text)


def sentence_of(table: Any) -> ColumnElement[bool]:
    """The join condition of ``schema.sentence`` with a table or subquery that
    has ``article_id`` and ``sentence`` (the sentence index) columns."""
    sentence = schema.sentence
    return and_(sentence.c.article_id == table.c.article_id, sentence.c.idx == table.c.sentence)


def evidence(
    start: int,
    end: int,
    sentence_start: int,
    sentence_end: int,
    article_id: str,
    published: date,
    outlet: str | None,
    text: str,
    named: str | None = None,
) -> Evidence:
    """The sentence holding the span ``start``..``end`` (article offsets),
    with the span made relative to the sentence and kept inside it. A span
    that lies outside the sentence (an event participant carried over from
    an earlier sentence) is moved to where ``named`` is written in the
    sentence as a word of its own, if it is; else it highlights nothing
    (``start == end == 0``)."""
    sentence = text[sentence_start:sentence_end]
    relative_start, relative_end = start - sentence_start, end - sentence_start
    if relative_end <= 0 or relative_start >= len(sentence) or relative_start > relative_end:
        relative_start, relative_end = _named_in(sentence, named)
    relative_start, relative_end = clamp_span(len(sentence), relative_start, relative_end)
    return Evidence(
        article_id=article_id,
        published=published,
        outlet=outlet,
        sentence=sentence,
        sentence_start=sentence_start,
        start=relative_start,
        end=relative_end,
    )


def _named_in(sentence: str, named: str | None) -> tuple[int, int]:
    """Where ``named`` is first written in ``sentence`` as a word of its own
    ("India", not the start of "Indian"); (0, 0) when it is not."""
    if not named or not named.strip():
        return 0, 0
    found = re.search(rf"(?<!\w){re.escape(named.strip())}(?!\w)", sentence)
    return (found.start(), found.end()) if found else (0, 0)
