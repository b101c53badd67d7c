"""Read-side values returned by the query functions (plain, serialisable)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


class View:
    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))  # type: ignore[call-overload]


@dataclass(frozen=True, slots=True)
class ArticleSummary(View):
    id: str
    published: date
    outlet: str | None
    title: str | None
    url: str | None
    input_name: str | None
    words: int
    mentions: int


@dataclass(frozen=True, slots=True)
class EntitySummary(View):
    id: int
    type: str
    name: str
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class Evidence(View):
    """A sentence of an article (starting at ``sentence_start`` in the
    article's text), with the span of interest inside it (``start``/``end``
    relative to ``sentence``, always ``0 <= start <= end <= len(sentence)``).
    ``start == end == 0`` means nothing to highlight: the thing shown is not
    named in this sentence (a participant carried over from an earlier
    sentence that states the same event)."""

    article_id: str
    published: date
    outlet: str | None
    sentence: str
    sentence_start: int
    start: int
    end: int


def clamp_span(length: int, start: int, end: int) -> tuple[int, int]:
    """``start``..``end`` made a span of a text of ``length`` characters:
    ``0 <= start <= end <= length``. Renderers cut and highlight text with it,
    so that no stored or computed offset can make them loop or fail."""
    length = max(length, 0)
    start = min(max(start, 0), length)
    return start, min(max(end, start), length)


@dataclass(frozen=True, slots=True)
class RoleView(View):
    title: str
    organisation: str | None
    as_of: date
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class CoMention(View):
    id: int
    type: str
    name: str
    sentences: int


@dataclass(frozen=True, slots=True)
class EntityProfile(View):
    id: int
    type: str
    name: str
    aliases: list[str]
    mentions: int
    articles: int
    roles: list[RoleView] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    co_mentions: list[CoMention] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RejectedView(View):
    input_name: str
    position: int | None
    reason: str
    rejected_at: datetime


@dataclass(frozen=True, slots=True)
class StoreStats(View):
    articles: int
    sources: int
    entities: int
    mentions: int
    roles: int
    timexes: int
    rejected: int
    statements: int
    first_published: date | None
    last_published: date | None
    entities_by_type: dict[str, int]
