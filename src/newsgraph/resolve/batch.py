"""Resolve a batch of newly stored articles, incrementally.

Runs after each batch is written (``newsgraph.pipeline``) or on demand
(``newsgraph resolve``), in one transaction:

1. within each article, link mentions and roles (``within.py``);
2. file each linked entity under its blocking keys, find candidates by key,
   score each pair (``features.py``) and record a judgement when the verdict
   or score of the pair changed;
3. recompute the canonical entity of the clusters the batch touched;
4. fingerprint each article, link it to the stored articles that share a key
   and report the same happening (``stories.py``), and recompute the stories
   the batch touched.

Every lookup goes through an index (article, entity, key or pair), so the
cost per article does not grow with the store (bench/resolution.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz.fuzz import token_sort_ratio
from sqlalchemy import Connection, Engine

from newsgraph.model import PUBLISHED_MAX, PUBLISHED_MIN, Rejected, normalise_name
from newsgraph.resolve.clusters import Judged, clusters, representative
from newsgraph.resolve.features import EntityProfile, score_pair
from newsgraph.resolve.keys import entity_keys, is_cross_typed, is_full_name, is_resolvable
from newsgraph.resolve.stories import (
    NAME_WINDOW_DAYS,
    Fingerprint,
    band_keys,
    fingerprint,
    link_score,
    name_keys,
    told_dates,
)
from newsgraph.resolve.story_clusters import average_linkage
from newsgraph.resolve.within import resolve_within
from newsgraph.store import resolution as store
from newsgraph.store.writer import StoreWriter, now

ARTICLES_PER_ENTITY = 30  # co-mentions are read from this many of an entity's articles
KEY_CAP = 200  # a blocking key shared by more entities than this is ignored
CANDIDATES_PER_ENTITY = 15  # compared in full after a name-only prefilter
# An article is scored against the articles sharing the most story keys with
# it, not all of them: one link joins it to a story, and a story reported
# hundreds of times would otherwise make each new report cost more.
STORY_CANDIDATES = 60
NEAR_MISS = 0.45  # negative verdicts are recorded from this score up (or when they overturn one)
RESOLVE_EVERY = 256  # stored articles resolved together during an ingest
PLACE_RULES = frozenset({"country", "demonym", "metonym", "location"})
# Errors one stored row can provoke in resolution (a value at the calendar's
# edge, a malformed field): that article is left unresolved and reported.
ROW_ERRORS = (ArithmeticError, ValueError, TypeError, LookupError)


@dataclass
class ResolutionReport:
    articles: int = 0
    links: int = 0
    pairs_scored: int = 0
    judgements: int = 0
    entities_touched: int = 0
    stories: set[int] = field(default_factory=set)


def resolve_articles(engine: Engine, article_ids: Sequence[str]) -> ResolutionReport:
    """Resolve the stored articles ``article_ids`` against the whole store."""
    report = ResolutionReport()
    if not article_ids:
        return report
    with engine.begin() as connection:
        touched, fingerprints = _link_mentions(connection, article_ids, report)
        _judge(connection, touched, report)
        recluster(connection, touched)
        report.stories = _stories(connection, fingerprints)
    return report


class PendingResolution:
    """Stored articles waiting to be resolved: the ingest loops hand over
    each batch they store, and resolution runs on ``every`` articles at a
    time (and on the rest at ``flush``). Resolving more articles together
    costs less per article: an entity mentioned across the batches is judged
    once, and each statement serves more articles. The result does not depend
    on how articles are grouped (tests/test_resolve_store.py). An article
    stored but not yet resolved when a run is killed is found again by
    ``resolve_unresolved``."""

    def __init__(self, engine: Engine, every: int = RESOLVE_EVERY) -> None:
        self.engine = engine
        self.every = every
        self.waiting: list[str] = []
        self.skipped: list[Rejected] = []

    def add(self, article_ids: Sequence[str]) -> None:
        self.waiting += article_ids
        if len(self.waiting) >= self.every:
            self.flush()

    def flush(self) -> None:
        waiting, self.waiting = self.waiting, []
        for start in range(0, len(waiting), self.every):
            skipped = resolve_or_skip(self.engine, waiting[start : start + self.every])
            if skipped:
                StoreWriter(self.engine).write_rejected(skipped)
                self.skipped += skipped


def resolve_or_skip(engine: Engine, article_ids: Sequence[str]) -> list[Rejected]:
    """Resolve ``article_ids``, leaving out (and returning, with the reason)
    each stored article that resolution cannot take: one published outside
    the accepted dates, or one whose rows make resolution fail. A stored row
    never stops a run; the skipped article stays unresolved."""
    with engine.connect() as connection:
        outside = store.published_outside(connection, article_ids, PUBLISHED_MIN, PUBLISHED_MAX)
    reason = f"not resolved: publication date outside {PUBLISHED_MIN.isoformat()}..{PUBLISHED_MAX.isoformat()}"
    skipped = [Rejected(f"stored article {article_id}", reason) for article_id in sorted(outside)]
    admitted = [article_id for article_id in article_ids if article_id not in outside]
    try:
        resolve_articles(engine, admitted)
        return skipped
    except ROW_ERRORS:
        pass  # find the article at fault: one by one
    for article_id in admitted:
        try:
            resolve_articles(engine, [article_id])
        except ROW_ERRORS as error:
            reason = f"not resolved: {type(error).__name__}: {error}"
            skipped.append(Rejected(f"stored article {article_id}", reason))
    return skipped


def unresolved_article_ids(engine: Engine) -> list[str]:
    """Stored articles that were never resolved (no fingerprint): loaded by
    another tool, or stored by a run that was stopped before resolving them."""
    with engine.connect() as connection:
        return store.unresolved_article_ids(connection)


def resolve_unresolved(engine: Engine, every: int = RESOLVE_EVERY) -> int:
    """Resolve every stored article not resolved yet; how many were (those
    skipped are recorded as rejected)."""
    pending = unresolved_article_ids(engine)
    resolver = PendingResolution(engine, every)
    resolver.add(pending)
    resolver.flush()
    return len(pending) - len(resolver.skipped)


def _link_mentions(
    connection: Connection, article_ids: Sequence[str], report: ResolutionReport
) -> tuple[set[int], list[Fingerprint]]:
    articles = store.load_articles(connection, article_ids)
    report.articles = len(articles)
    resolved = [resolve_within(a.text, a.mentions, a.roles, a.outlet) for a in articles]
    targets: dict[tuple[str, str], str] = {}
    for within in resolved:
        for link in within.links:
            key = (link.type, normalise_name(link.name))
            if key[1]:
                targets.setdefault(key, link.name)
        for role in within.roles:
            if role.organisation:
                targets.setdefault((role.organisation[0], normalise_name(role.organisation[1])), role.organisation[1])
    ids = store.ensure_entities(connection, targets)

    def entity_of(entity_type: str, name: str) -> int | None:
        return ids.get((entity_type, normalise_name(name)))

    link_rows, role_rows, fingerprints = [], [], []
    touched: set[int] = set()
    for article, within in zip(articles, resolved, strict=True):
        entities = []
        linked: dict[int, int] = {}
        for link in within.links:
            entity_id = entity_of(link.type, link.name)
            if entity_id is None:
                continue
            linked[link.mention] = entity_id
            link_rows.append(
                {
                    "mention_id": article.mention_ids[link.mention],
                    "article_id": article.id,
                    "entity_id": entity_id,
                    "rule": link.rule,
                    "country": link.country,
                }
            )
            if link.rule not in PLACE_RULES and (
                is_resolvable(link.type, link.name) or is_cross_typed(link.type, link.name)
            ):
                touched.add(entity_id)
            entities.append((link.type, link.name, link.country if link.rule in PLACE_RULES else None))
        for role in within.roles:
            person = linked.get(article.roles[role.role].person)
            if person is None:
                continue
            role_rows.append(
                {
                    "role_id": article.role_ids[role.role],
                    "article_id": article.id,
                    "person_entity_id": person,
                    "organisation_entity_id": None if role.organisation is None else entity_of(*role.organisation),
                    "country": role.country,
                    "rule": role.rule,
                }
            )
        fingerprints.append(
            fingerprint(
                article.id, article.published, article.text, entities, article.events, told_dates(article.dates)
            )
        )
    store.write_links(connection, link_rows, role_rows)
    report.links = len(link_rows)
    return touched, fingerprints


def _judge(connection: Connection, touched: set[int], report: ResolutionReport) -> None:
    rows = store.entity_rows(connection, touched)
    keys = {e: entity_keys(t, name) for e, (t, name, _) in rows.items()}
    store.add_entity_keys(connection, keys)
    by_key = store.candidates_by_key(connection, set().union(*keys.values()) if keys else set(), KEY_CAP)
    found = {e: {c for k in ks for c in by_key.get(k, ()) if c != e} for e, ks in keys.items()}
    rows.update(store.entity_rows(connection, {c for cs in found.values() for c in cs}))
    pairs: set[tuple[int, int]] = set()
    for entity_id, candidates in found.items():
        entity_type, _, normalised = rows[entity_id]
        full = is_full_name(entity_type, rows[entity_id][1])
        same = [
            c
            for c in candidates
            if (
                rows[c][0] == entity_type
                and is_resolvable(entity_type, rows[entity_id][1])
                and is_resolvable(rows[c][0], rows[c][1])
                and (full or is_full_name(rows[c][0], rows[c][1]))  # two one-word names are never compared
            )
            or (rows[c][0] != entity_type and rows[c][2] == normalised and is_cross_typed(rows[c][0], rows[c][1]))
        ]
        same.sort(key=lambda c: (-token_sort_ratio(normalised, rows[c][2]), rows[c][2]))
        pairs.update((min(entity_id, c), max(entity_id, c)) for c in same[:CANDIDATES_PER_ENTITY])
    if not pairs:
        return
    involved = {e for pair in pairs for e in pair}
    data = store.profile_data(connection, involved, ARTICLES_PER_ENTITY)
    profiles = {
        e: EntityProfile(
            e,
            rows[e][0],
            rows[e][1],
            frozenset(data[e].titles),
            frozenset(data[e].organisations),
            frozenset(data[e].countries),
            frozenset(data[e].co_mentions),
        )
        for e in involved
    }
    current: dict[tuple[int, int, str], object] = {}
    for row in store.active_judgements(connection, involved):
        current[(row.left_entity_id, row.right_entity_id, row.decided_by)] = row
    for left, right in sorted(pairs):
        report.pairs_scored += 1
        if (left, right, "person") in current:
            continue  # a person decided: automatic runs respect it
        match = score_pair(profiles[left], profiles[right])
        previous = current.get((left, right, "rule"))
        if previous is not None and previous.verdict == match.verdict and abs(previous.score - match.score) < 1e-6:  # type: ignore[attr-defined]
            continue
        if previous is None and match.verdict == "negative" and match.score < NEAR_MISS:
            continue  # nothing to remember: a clear non-match with no earlier decision
        store.record_judgement(
            connection, left, right, match.verdict, "rule", "match_score.v1", match.score, match.features_json()
        )
        report.judgements += 1


def recluster(connection: Connection, seeds: set[int]) -> None:
    """Recompute the canonical entity of every cluster that holds one of
    ``seeds`` now or held one before."""
    if not seeds:
        return
    members = set(seeds) | store.cluster_mates(connection, seeds)
    frontier = set(members)
    judgements = {}
    while frontier:
        found = store.active_judgements(connection, frontier)
        frontier = set()
        for row in found:
            judgements[row.id] = row
            if row.verdict == "positive":
                for entity_id in (row.left_entity_id, row.right_entity_id):
                    if entity_id not in members:
                        members.add(entity_id)
                        frontier.add(entity_id)
    rows = store.entity_rows(connection, members)
    sort_key = {e: (rows[e][0], rows[e][2]) for e in members}
    judged = [
        Judged(r.left_entity_id, r.right_entity_id, r.verdict, r.decided_by, r.score or 0.0)
        for r in judgements.values()
        if r.left_entity_id in members and r.right_entity_id in members
    ]
    counts = store.mention_counts(connection, members)
    canonical: dict[int, int] = {}
    for group in clusters(members, judged, sort_key):
        head = representative(group, counts, sort_key)
        canonical.update({e: head for e in group})
    store.write_canonical(connection, canonical)


def _stories(connection: Connection, fingerprints: list[Fingerprint]) -> set[int]:
    """Link the batch's articles to the stored articles sharing a key with
    them, then cluster again the batch's articles with the stories they
    linked to (and were in), by average linkage over all the links among
    them: a new article joins a story, starts one, or splits one it shows
    to be two, without clustering the rest of the store again."""
    store.write_fingerprints(
        connection,
        [{"article_id": f.article_id, "published": f.published, "fingerprint": f.to_json()} for f in fingerprints],
        [
            {"key": key, "article_id": f.article_id, "published": f.published}
            for f in fingerprints
            for key in sorted(set(band_keys(f) + name_keys(f)))
        ],
    )
    queries = [store.StoryQuery(f.article_id, band_keys(f), name_keys(f), f.published) for f in fingerprints]
    found = store.story_candidates(connection, queries, NAME_WINDOW_DAYS, limit=STORY_CANDIDATES)
    stored = {
        row.article_id: Fingerprint.from_json(row.article_id, row.published, row.fingerprint)
        for row in store.fingerprint_rows(connection, set().union(*found.values()))
    }
    links = []
    when = now()
    for print_ in fingerprints:
        for other_id in sorted(found[print_.article_id]):
            other = stored.get(other_id)
            if other is None:
                continue
            scored = link_score(print_, other)
            if scored.linked:
                left, right = sorted((print_.article_id, other.article_id))
                links.append(
                    {
                        "left_article_id": left,
                        "right_article_id": right,
                        "score": scored.score,
                        "features": scored.features,
                        "created_at": when,
                    }
                )
    store.write_story_links(connection, links)
    batch = {f.article_id for f in fingerprints}
    ends = batch | {link[side] for link in links for side in ("left_article_id", "right_article_id")}
    region = ends | {
        a
        for members in store.story_members(connection, set(store.stories_of(connection, ends).values())).values()
        for a in members
    }
    return store.write_stories(connection, average_linkage(region, store.links_among(connection, region)))


def record_decision(engine: Engine, left: int, right: int, verdict: str, note: str | None = None) -> None:
    """Record a person's judgement that two entities are (``positive``) or are
    not (``negative``) the same, and recompute their clusters. Automatic runs
    never overrule it; a later decision by a person replaces it (the earlier
    one is soft-deleted)."""
    if left == right:
        return
    with engine.begin() as connection:
        store.record_judgement(connection, left, right, verdict, "person", "cli", None, None, note)
        recluster(connection, {left, right})
