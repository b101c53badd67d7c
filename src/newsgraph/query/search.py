"""Search: entities by name or alias, articles by the words of their text.

Full-text search is a case-insensitive substring match (SQL ``LIKE`` with the
search text bound as a parameter and its wildcards escaped), every word of the
query required. It needs no index and works the same on SQLite and PostgreSQL;
it scans every article, which is fine up to some hundred thousand articles.
An FTS5 / tsvector index would replace the ``_contains`` condition here only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Engine, and_, case, func, or_, select

from newsgraph.model import normalise_name
from newsgraph.query.views import View
from newsgraph.store import schema

A, S, E, M, AL = schema.article, schema.source, schema.entity, schema.mention, schema.alias

# Queries longer than this are cut; more words than this are ignored.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 8
SNIPPET_CHARS = 90


@dataclass(frozen=True, slots=True)
class ArticleHit(View):
    """An article matching a search, with the text around the first match
    (``match_start``/``match_end`` relative to ``snippet``)."""

    id: str
    published: date
    outlet: str | None
    title: str | None
    url: str | None
    snippet: str
    match_start: int
    match_end: int


@dataclass(frozen=True, slots=True)
class EntityHit(View):
    id: int
    type: str
    name: str
    mentions: int
    matched_alias: str | None


def query_words(text: str) -> list[str]:
    """The words of a search, at most ``MAX_QUERY_WORDS``, each non-empty."""
    return text[:MAX_QUERY_CHARS].split()[:MAX_QUERY_WORDS]


def _contains(column: ColumnElement[str], word: str) -> ColumnElement[bool]:
    return func.lower(column).contains(word.lower(), autoescape=True)


def _snippet(text: str, word: str) -> tuple[str, int, int]:
    at = text.lower().find(word.lower())
    if at < 0:
        return text[: 2 * SNIPPET_CHARS], 0, 0
    start = max(0, at - SNIPPET_CHARS)
    end = min(len(text), at + len(word) + SNIPPET_CHARS)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    snippet = prefix + text[start:end] + suffix
    match_start = len(prefix) + at - start
    return snippet.replace("\n", " "), match_start, match_start + len(word)


def search_articles(engine: Engine, text: str, limit: int = 20, offset: int = 0) -> list[ArticleHit]:
    """Articles whose title or text contains every word of ``text``, newest first."""
    words = query_words(text)
    if not words:
        return []
    conditions = [or_(_contains(A.c.title, word), _contains(A.c.text, word)) for word in words]
    query = (
        select(A.c.id, A.c.published, S.c.name, A.c.title, A.c.url, A.c.text)
        .select_from(A.outerjoin(S, S.c.id == A.c.source_id))
        .where(and_(*conditions))
        .order_by(A.c.published.desc(), A.c.id)
        .limit(limit)
        .offset(offset)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    hits = []
    for article_id, published, outlet, title, url, body in rows:
        snippet, match_start, match_end = _snippet(body, words[0])
        hits.append(ArticleHit(article_id, published, outlet, title, url, snippet, match_start, match_end))
    return hits


def search_entities(
    engine: Engine, text: str, entity_type: str | None = None, limit: int = 20, offset: int = 0
) -> list[EntityHit]:
    """Canonical entities with a name or alias (of any entity merged into
    them) containing ``text`` (compared normalised), exact names first, then
    by number of mentions of the matching names."""
    key = normalise_name(text[:MAX_QUERY_CHARS])
    if not key:
        return []
    alias_match = (
        select(AL.c.entity_id, func.min(AL.c.name).label("alias"))
        .where(AL.c.normalised_name.contains(key, autoescape=True))
        .group_by(AL.c.entity_id)
        .subquery()
    )
    written, EC = E.alias("written"), schema.entity_canonical
    head = func.coalesce(EC.c.canonical_id, written.c.id)
    exact = func.max(case((or_(written.c.normalised_name == key, AL.c.id.is_not(None)), 1), else_=0))
    matches = (
        select(
            head.label("head"),
            exact.label("exact"),
            func.count(func.distinct(M.c.id)).label("mentions"),
            func.min(alias_match.c.alias).label("alias"),
        )
        .select_from(
            written.outerjoin(EC, EC.c.entity_id == written.c.id)
            .outerjoin(alias_match, alias_match.c.entity_id == written.c.id)
            .outerjoin(M, M.c.entity_id == written.c.id)
            .outerjoin(AL, and_(AL.c.entity_id == written.c.id, AL.c.normalised_name == key))
        )
        .where(or_(written.c.normalised_name.contains(key, autoescape=True), alias_match.c.entity_id.is_not(None)))
        .group_by(head)
        .subquery()
    )
    query = (
        select(E.c.id, E.c.type, E.c.canonical_name, matches.c.mentions, matches.c.alias)
        .select_from(matches.join(E, E.c.id == matches.c.head))
        .order_by(matches.c.exact.desc(), matches.c.mentions.desc(), E.c.canonical_name, E.c.id)
        .limit(limit)
        .offset(offset)
    )
    if entity_type:
        query = query.where(E.c.type == entity_type.upper())
    with engine.connect() as connection:
        return [
            EntityHit(entity_id, entity_type_, name, count, alias if alias != name else None)
            for entity_id, entity_type_, name, count, alias in connection.execute(query)
        ]
