"""Read-side of resolution: stories and their first report, conflicting
claims, why two entities are (not) one, and watchlist screening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, Engine, func, select

from newsgraph.model import normalise_name
from newsgraph.resolve.conflicts import Claim, Conflict, conflict_roles, figure_value, find_conflicts, names_no_party
from newsgraph.resolve.features import EntityProfile, MatchScore, aligned_ratio, name_score, score_pair
from newsgraph.resolve.keys import entity_keys
from newsgraph.store import resolution as store
from newsgraph.store import schema
from newsgraph.store.resolved import canonical

A, S, ST, AS = schema.article, schema.source, schema.story, schema.article_story
M, ML, E, EC = schema.mention, schema.mention_link, schema.entity, schema.entity_canonical


@dataclass(frozen=True, slots=True)
class StorySummary:
    id: int
    title: str | None
    first_seen: date
    last_seen: date
    articles: int
    outlets: int
    first_article_id: str
    first_outlet: str | None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "first_seen": self.first_seen.isoformat(),
            "last_seen": self.last_seen.isoformat(),
            "articles": self.articles,
            "outlets": self.outlets,
            "first_report": {"article_id": self.first_article_id, "outlet": self.first_outlet},
        }


@dataclass(frozen=True, slots=True)
class StoryArticle:
    id: str
    published: date
    outlet: str | None
    title: str | None
    first_report: bool

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "published": self.published.isoformat(),
            "outlet": self.outlet,
            "title": self.title,
            "first_report": self.first_report,
        }


def _summaries(connection: Connection, query) -> list[StorySummary]:  # type: ignore[no-untyped-def]
    return [StorySummary(*row) for row in connection.execute(query)]


def _story_select():  # type: ignore[no-untyped-def]
    return select(
        ST.c.id,
        ST.c.title,
        ST.c.first_seen,
        ST.c.last_seen,
        ST.c.articles,
        ST.c.outlets,
        ST.c.first_article_id,
        S.c.name,
    ).select_from(ST.join(A, A.c.id == ST.c.first_article_id).outerjoin(S, S.c.id == A.c.source_id))


def list_stories(engine: Engine, min_articles: int = 2, limit: int = 50, offset: int = 0) -> list[StorySummary]:
    """Stories with at least ``min_articles`` articles, latest first."""
    query = (
        _story_select()
        .where(ST.c.articles >= min_articles)
        .order_by(ST.c.last_seen.desc(), ST.c.id)
        .limit(limit)
        .offset(offset)
    )
    with engine.connect() as connection:
        return _summaries(connection, query)


def story_of_article(engine: Engine, article_id: str) -> int | None:
    """The id of the story the article belongs to, or None if it has none yet."""
    with engine.connect() as connection:
        return connection.scalar(select(AS.c.story_id).where(AS.c.article_id == article_id))


def story_detail(engine: Engine, story_id: int) -> tuple[StorySummary, list[StoryArticle]] | None:
    """A story and its articles in order of publication (first report first)."""
    with engine.connect() as connection:
        found = _summaries(connection, _story_select().where(ST.c.id == story_id))
        if not found:
            return None
        rows = connection.execute(
            select(A.c.id, A.c.published, S.c.name, A.c.title, A.c.ingested_at)
            .select_from(AS.join(A, A.c.id == AS.c.article_id).outerjoin(S, S.c.id == A.c.source_id))
            .where(AS.c.story_id == story_id)
            .order_by(A.c.published, A.c.ingested_at, A.c.id)
        ).all()
    summary = found[0]
    return summary, [StoryArticle(r[0], r[1], r[2], r[3], r[0] == summary.first_article_id) for r in rows]


def _sentence(connection: Connection, article_id: str, index: int, text: str) -> tuple[str, int]:
    row = connection.execute(
        select(schema.sentence.c.start, schema.sentence.c.end).where(
            schema.sentence.c.article_id == article_id, schema.sentence.c.idx == index
        )
    ).first()
    start, end = (row[0], row[1]) if row else (0, len(text))
    return text[start:end], start


def story_claims(engine: Engine, story_id: int) -> list[Claim]:
    """Every comparable claim of a story's articles: full names and titles of
    people, dates and places of events, figures."""
    claims: list[Claim] = []
    with engine.connect() as connection:
        articles = {
            row.id: row
            for row in connection.execute(
                select(A.c.id, A.c.published, A.c.text, S.c.name.label("outlet"))
                .select_from(AS.join(A, A.c.id == AS.c.article_id).outerjoin(S, S.c.id == A.c.source_id))
                .where(AS.c.story_id == story_id)
            )
        }
        ids = list(articles)

        def claim(  # type: ignore[no-untyped-def]
            kind: str,
            key: str,
            subject: str,
            value: str,
            article_id: str,
            sentence: int,
            start: int,
            end: int,
            parties: frozenset[tuple[str, str]] = frozenset(),
            place: str | None = None,
        ):
            article = articles[article_id]
            text, offset = _sentence(connection, article_id, sentence, article.text)
            return Claim(
                kind,
                key,
                subject,
                value,
                article_id,
                article.outlet,
                article.published,
                text,
                start - offset,
                end - offset,
                parties,
                place,
            )

        canonical_name = E.alias("canonical")
        people = connection.execute(
            select(
                M.c.article_id,
                M.c.text,
                M.c.start,
                M.c.end,
                M.c.sentence,
                canonical_name.c.id,
                canonical_name.c.canonical_name,
            )
            .select_from(
                M.join(ML, ML.c.mention_id == M.c.id)
                .outerjoin(EC, EC.c.entity_id == ML.c.entity_id)
                .join(canonical_name, canonical_name.c.id == func.coalesce(EC.c.canonical_id, ML.c.entity_id))
            )
            .where(M.c.article_id.in_(ids), M.c.type == "PERSON", ML.c.rule == "self")
        )
        for row in people:
            if len(normalise_name(row.text).split()) >= 2:
                claims.append(
                    claim(
                        "name",
                        str(row.id),
                        row.canonical_name,
                        row.text,
                        row.article_id,
                        row.sentence,
                        row.start,
                        row.end,
                    )
                )
        R, RR = schema.role, schema.resolved_role
        roles = connection.execute(
            select(
                R.c.article_id,
                R.c.title,
                R.c.start,
                R.c.end,
                R.c.sentence,
                canonical_name.c.id,
                canonical_name.c.canonical_name,
            )
            .select_from(
                R.join(RR, RR.c.role_id == R.c.id)
                .outerjoin(EC, EC.c.entity_id == RR.c.person_entity_id)
                .join(canonical_name, canonical_name.c.id == func.coalesce(EC.c.canonical_id, RR.c.person_entity_id))
            )
            .where(R.c.article_id.in_(ids))
        )
        for row in roles:
            claims.append(
                claim(
                    "title",
                    str(row.id),
                    row.canonical_name,
                    row.title,
                    row.article_id,
                    row.sentence,
                    row.start,
                    row.end,
                )
            )
        V = schema.event
        location = E.alias("location")
        parties = _event_parties(connection, ids)
        events = connection.execute(
            select(
                V.c.id,
                V.c.article_id,
                V.c.type,
                V.c.trigger,
                V.c.event_value,
                V.c.timex_text,
                V.c.sentence,
                V.c.trigger_start,
                V.c.trigger_end,
                location.c.canonical_name,
            )
            .select_from(V.outerjoin(location, location.c.id == canonical(V.c.location_entity_id)))
            .where(V.c.article_id.in_(ids))
        )
        for row in events:
            identities, actors = parties.get(row.id, (frozenset(), ()))
            # An event that names its parties is compared with every event of its type naming no other
            # party; one that names none only with events of the same word.
            key = row.type if identities else f"{row.type}:{row.trigger.lower()}"
            subject = f"{row.type} ({row.trigger.lower()})" + (f" by {', '.join(actors)}" if actors else "")
            where = (row.article_id, row.sentence, row.trigger_start, row.trigger_end)
            if row.event_value:
                claims.append(
                    claim("event_date", key, subject, row.event_value, *where, identities, row.canonical_name)
                )
            if row.canonical_name:
                claims.append(claim("event_place", key, subject, row.canonical_name, *where, identities))
        Q = schema.quantity
        for row in connection.execute(select(Q).where(Q.c.article_id.in_(ids), Q.c.measure.is_not(None))):
            value = figure_value(row.value, row.unit)
            claims.append(
                claim("figure", row.unit, row.measure, value, row.article_id, row.sentence, row.start, row.end)
            )
    return claims


def _event_parties(
    connection: Connection, article_ids: list[str]
) -> dict[int, tuple[frozenset[tuple[str, str]], tuple[str, ...]]]:
    """Each event's parties in the roles that tell events apart, as (role,
    identity) pairs (its resolved entity, its country, or the words of a
    participant that resolved to nothing), and its actors' words as shown."""
    R, V = schema.event_role, schema.event
    roles, _ = conflict_roles()
    rows = connection.execute(
        select(R.c.event_id, R.c.role, canonical(R.c.entity_id).label("entity_id"), R.c.country, R.c.text)
        .select_from(R.join(V, V.c.id == R.c.event_id))
        .where(V.c.article_id.in_(article_ids), R.c.role.in_(roles))
        .order_by(R.c.event_id, R.c.start)
    )
    identities: dict[int, set[tuple[str, str]]] = {}
    actors: dict[int, list[str]] = {}
    for row in rows:
        found = identities.setdefault(row.event_id, set())
        if row.entity_id is not None:
            found.add((row.role, f"entity:{row.entity_id}"))
        if row.country:
            found.add((row.role, f"country:{row.country}"))
        if row.entity_id is None and not row.country and not names_no_party(row.text):
            found.add((row.role, f"words:{normalise_name(row.text).removeprefix('the ')}"))
        if row.role == "actor" and not names_no_party(row.text):
            actors.setdefault(row.event_id, []).append(row.text)
    return {event: (frozenset(found), tuple(actors.get(event, ()))) for event, found in identities.items()}


def story_conflicts(engine: Engine, story_id: int) -> list[Conflict]:
    """Slots of a story on which its articles disagree."""
    return find_conflicts(story_claims(engine, story_id))


def canonical_id(engine: Engine, entity_id: int) -> int:
    with engine.connect() as connection:
        return store.canonical_of(connection, [entity_id])[entity_id]


@dataclass(frozen=True)
class PairExplanation:
    left: EntityProfile
    right: EntityProfile
    same_cluster: bool
    match: MatchScore
    judgements: list[dict[str, object]]

    def to_json(self) -> dict[str, object]:
        return {
            "left": {"id": self.left.id, "name": self.left.name, "type": self.left.type},
            "right": {"id": self.right.id, "name": self.right.name, "type": self.right.type},
            "same_cluster": self.same_cluster,
            "score": self.match.score,
            "verdict": self.match.verdict,
            "features": self.match.features_json(),
            "judgements": self.judgements,
        }


def explain_pair(engine: Engine, left: int, right: int) -> PairExplanation:
    """Why two entities are, or are not, one: their current match score with
    every feature, and the judgements recorded between them."""
    from newsgraph.resolve.batch import ARTICLES_PER_ENTITY

    with engine.connect() as connection:
        rows = store.entity_rows(connection, [left, right])
        data = store.profile_data(connection, [left, right], ARTICLES_PER_ENTITY)
        canonical = store.canonical_of(connection, [left, right])
        pair = (min(left, right), max(left, right))
        J = schema.judgement
        judgements = [
            {
                "verdict": r.verdict,
                "decided_by": r.decided_by,
                "rule": r.rule,
                "score": r.score,
                "note": r.note,
                "created_at": r.created_at.isoformat() if r.created_at else None,
                "deleted_at": r.deleted_at.isoformat() if r.deleted_at else None,
            }
            for r in connection.execute(
                select(J).where(J.c.left_entity_id == pair[0], J.c.right_entity_id == pair[1]).order_by(J.c.id)
            )
        ]
    profiles = [
        EntityProfile(
            e,
            rows[e][0],
            rows[e][1],
            frozenset(data[e].titles),
            frozenset(data[e].organisations),
            frozenset(data[e].countries),
            frozenset(data[e].co_mentions),
        )
        for e in (left, right)
    ]
    return PairExplanation(
        profiles[0], profiles[1], canonical[left] == canonical[right], score_pair(*profiles), judgements
    )


@dataclass(frozen=True, slots=True)
class ScreeningHit:
    listed: str
    entity_id: int
    name: str
    type: str
    score: float
    matched: str
    article_id: str
    outlet: str | None
    published: date
    sentence: str
    start: int
    end: int

    def to_json(self) -> dict[str, object]:
        return {
            "listed": self.listed,
            "entity_id": self.entity_id,
            "name": self.name,
            "type": self.type,
            "score": self.score,
            "matched": self.matched,
            "evidence": {
                "article_id": self.article_id,
                "outlet": self.outlet,
                "published": self.published.isoformat(),
                "sentence": self.sentence,
                "start": self.start,
                "end": self.end,
            },
        }


SCREEN_TYPES = ("PERSON", "ORG")


def screening_score(listed: str, name: str) -> float:
    """How well an entity's name matches a listed name (0-100): token order
    and spelling variants aside ("Shehbaz Sharif" = "Sharif, Shahbaz"), or
    the listed name of two words or more as the start of the entity's
    ("Adani Defense" in "Adani Defence and Aerospace")."""
    listed_tokens, name_tokens = normalise_name(listed).split(), normalise_name(name).split()
    score = name_score(listed, name)
    if 2 <= len(listed_tokens) < len(name_tokens):
        score = max(score, aligned_ratio(listed_tokens, name_tokens[: len(listed_tokens)]))
    return score


def screen(engine: Engine, names: list[tuple[str, str | None]], threshold: float = 85.0) -> list[ScreeningHit]:
    """Entities whose name (or a name in their cluster) matches a listed name
    (optionally of a given type) at ``threshold`` or above (0-100)."""
    hits: list[ScreeningHit] = []
    with engine.connect() as connection:
        for listed, wanted_type in names:
            types = [wanted_type.upper()] if wanted_type else list(SCREEN_TYPES)
            keys = set().union(*(entity_keys(t, listed) for t in types))
            found = {e for ids in store.candidates_by_key(connection, keys, cap=5000).values() for e in ids}
            rows = store.entity_rows(connection, found)
            canonical = store.canonical_of(connection, found)
            best: dict[int, tuple[float, int]] = {}
            for entity_id, (entity_type, _name, normalised) in rows.items():
                if entity_type not in types:
                    continue
                score = screening_score(listed, normalised)
                head = canonical[entity_id]
                if score >= threshold and score > best.get(head, (0.0, 0))[0]:
                    best[head] = (score, entity_id)
            for head, (score, entity_id) in sorted(best.items(), key=lambda x: -x[1][0]):
                hit = _evidence(connection, entity_id)
                if hit is None:
                    continue
                head_row = store.entity_rows(connection, [head])[head]
                hits.append(
                    ScreeningHit(listed, head, head_row[1], head_row[0], round(score, 1), rows[entity_id][1], *hit)
                )
    return hits


def _evidence(connection: Connection, entity_id: int):  # type: ignore[no-untyped-def]
    row = connection.execute(
        select(M.c.article_id, M.c.start, M.c.end, M.c.sentence, A.c.text, A.c.published, S.c.name)
        .select_from(
            ML.join(M, M.c.id == ML.c.mention_id)
            .join(A, A.c.id == M.c.article_id)
            .outerjoin(S, S.c.id == A.c.source_id)
        )
        .where(ML.c.entity_id == entity_id)
        .order_by(A.c.published, M.c.article_id, M.c.start)
        .limit(1)
    ).first()
    if row is None:
        return None
    sentence, offset = _sentence(connection, row.article_id, row.sentence, row.text)
    return row.article_id, row.name, row.published, sentence, row.start - offset, row.end - offset


def entity_names(engine: Engine, ids: list[int]) -> dict[int, tuple[str, str, str]]:
    with engine.connect() as connection:
        return store.entity_rows(connection, ids)
