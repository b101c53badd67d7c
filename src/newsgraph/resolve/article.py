"""Everything resolution needs of one article alone, as compact rows.

A pure function of an article's text, mentions, roles, event types and
dates: within-article resolution (``within.py``), the entities it names and
the article's story fingerprint (``stories.py``). It runs where the article
was extracted (a worker process, a Ray actor, or the ingest process) on the
in-memory ``Extraction``, so that the process that writes receives plain
rows of strings and numbers and only has to give them store ids; an article
read back from the store (one stored by another tool, or by a run that was
stopped before resolving it) goes through the same function.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from newsgraph.model import Extraction, Mention, PersonRole, normalise_name
from newsgraph.resolve.keys import is_cross_typed, is_resolvable
from newsgraph.resolve.stories import Fingerprint, band_keys, fingerprint, name_keys, told_dates
from newsgraph.resolve.within import resolve_within

PLACE_RULES = frozenset({"country", "demonym", "metonym", "location"})

# (mention index, entity type, entity name, normalised name, rule, country, judged across articles)
LinkRow = tuple[int, str, str, str, str, str | None, bool]
# (role index, person mention index, organisation type, name, normalised name, country, rule)
RoleRow = tuple[int, int, str | None, str | None, str | None, str | None, str]


@dataclass(frozen=True, slots=True)
class ArticleResolution:
    """One article's within-article resolution, ready to insert once the
    writer has given its mentions and roles their ids: ``links`` and
    ``roles`` refer to them by their index in the article's own lists."""

    article_id: str
    links: tuple[LinkRow, ...]
    roles: tuple[RoleRow, ...]
    fingerprint: Fingerprint
    story_keys: tuple[str, ...]  # band keys, then name keys
    bands: int  # how many of ``story_keys`` are band keys


def resolve_article(
    article_id: str,
    published: date,
    text: str,
    outlet: str | None,
    mentions: Sequence[Mention],
    roles: Sequence[PersonRole],
    events: Iterable[str],
    dates: Iterable[tuple[str, str]],
) -> ArticleResolution:
    """Resolve one article within itself (see module doc). ``mentions`` in
    order of their start; ``dates`` (text, value) of its DATE timexes, of
    which the fingerprint keeps the dates the text tells (``told_dates``)."""
    within = resolve_within(text, mentions, roles, outlet)
    links: list[LinkRow] = []
    entities = []
    for link in within.links:
        normalised = normalise_name(link.name)
        if not normalised:
            continue
        judged = link.rule not in PLACE_RULES and (
            is_resolvable(link.type, link.name) or is_cross_typed(link.type, link.name)
        )
        links.append((link.mention, link.type, link.name, normalised, link.rule, link.country, judged))
        entities.append((link.type, link.name, link.country if link.rule in PLACE_RULES else None))
    role_rows: list[RoleRow] = []
    for role in within.roles:
        organisation = role.organisation
        role_rows.append(
            (
                role.role,
                roles[role.role].person,
                None if organisation is None else organisation[0],
                None if organisation is None else organisation[1],
                None if organisation is None else normalise_name(organisation[1]),
                role.country,
                role.rule,
            )
        )
    print_ = fingerprint(article_id, published, text, entities, events, told_dates(dates))
    bands = band_keys(print_)
    return ArticleResolution(
        article_id, tuple(links), tuple(role_rows), print_, tuple(bands + name_keys(print_)), len(bands)
    )


def named_entities(resolution: ArticleResolution) -> list[tuple[str, str, str]]:
    """The entities (type, normalised name, name) an article's resolution
    links to: its mentions' targets, then its roles' organisations."""
    found = [(entity_type, normalised, name) for _, entity_type, name, normalised, *_ in resolution.links]
    found += [(row[2], row[4], row[3]) for row in resolution.roles if row[2] is not None]  # type: ignore[misc]
    return found


def dated(timexes: Iterable[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """(text, value) of the DATE timexes among (type, text, value)."""
    return [(text, value) for kind, text, value in timexes if kind == "DATE"]


def resolve_extraction(extraction: Extraction) -> ArticleResolution:
    """``resolve_article`` on an extraction in memory. Mentions are taken in
    order of their start (as the store keeps them), and the indices of the
    result are mapped back to the extraction's own; a role's organisation is
    the one the extractor found, a mention or entity without a name none."""
    article = extraction.article
    order = sorted(range(len(extraction.mentions)), key=lambda i: extraction.mentions[i].start)
    position = {index: rank for rank, index in enumerate(order)}
    mentions = [extraction.mentions[i] for i in order]
    named = [bool(normalise_name(m.text)) for m in extraction.mentions]
    kept = [i for i, role in enumerate(extraction.roles) if named[role.person]]
    roles = [
        PersonRole(
            position[role.person],
            role.title,
            role.title_start,
            role.title_end,
            position[role.organisation] if role.organisation is not None and named[role.organisation] else None,
            role.sentence,
        )
        for role in (extraction.roles[i] for i in kept)
    ]
    resolved = resolve_article(
        article.id,
        article.published,
        article.text,
        article.outlet,
        mentions,
        roles,
        [event.type for event in extraction.events],
        dated((t.type, t.text, t.value) for t in extraction.timexes),
    )
    if order == list(range(len(order))) and len(kept) == len(extraction.roles):
        return resolved
    return ArticleResolution(
        resolved.article_id,
        tuple((order[row[0]], *row[1:]) for row in resolved.links),
        tuple((kept[row[0]], order[row[1]], *row[2:]) for row in resolved.roles),
        resolved.fingerprint,
        resolved.story_keys,
        resolved.bands,
    )
