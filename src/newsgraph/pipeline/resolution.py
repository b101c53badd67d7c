"""Resolve a batch of newly stored articles across the store, incrementally.

Runs after each batch is written (``Pipeline``) or on demand (``newsgraph
resolve``), in one transaction:

1. write each article's within-article resolution (``resolve/article.py``,
   done where the article was extracted; read back from the store only for
   an article stored without it) under the ids its mentions and roles got;
2. file each linked entity under its blocking keys, find candidates by key,
   score each pair (``resolve/features.py``) and record a judgement when the
   verdict or score of the pair changed;
3. recompute the canonical entity of the clusters the batch touched;
4. link each article to the stored articles that share a story key with it
   and report the same happening (``resolve/stories.py``), and recompute the
   stories the batch touched.

Every lookup goes through an index (article, entity, key or pair), so the
cost per article does not grow with the store (bench/resolution.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, Engine

from newsgraph.model import PUBLISHED_MAX, PUBLISHED_MIN, Rejected
from newsgraph.resolve.article import ArticleResolution, resolve_article
from newsgraph.resolve.batch import (
    ARTICLES_PER_ENTITY,
    KEY_CAP,
    NEAR_MISS,
    RESOLVE_EVERY,
    ROW_ERRORS,
    STORY_CANDIDATES,
    STORY_KEY_CAP,
    STORY_REGION,
    ResolutionReport,
)
from newsgraph.resolve.clusters import Judged, clusters, representative
from newsgraph.resolve.features import EntityProfile, score_pair
from newsgraph.resolve.keys import display_rank, entity_keys, is_candidate
from newsgraph.resolve.stories import (
    BAND_WINDOW_DAYS,
    NAME_WINDOW_DAYS,
    Comparable,
    Fingerprint,
    band_keys,
    comparable,
    link_score,
    name_keys,
)
from newsgraph.resolve.story_clusters import average_linkage
from newsgraph.store import resolution as store
from newsgraph.store import stories as story_store
from newsgraph.store.writer import StoreWriter, now


@dataclass(frozen=True, slots=True)
class StoredResolution:
    """An article's within-article resolution and the ids the writer gave
    its mentions and roles (None for a role it did not write)."""

    resolution: ArticleResolution
    mention_ids: Sequence[int]
    role_ids: Sequence[int | None]


def resolve_articles(engine: Engine, article_ids: Sequence[str]) -> ResolutionReport:
    """Resolve the stored articles ``article_ids`` against the whole store,
    resolving each within itself from what the store holds of it."""
    return _resolve(engine, list(article_ids))


def resolve_stored(engine: Engine, items: Sequence[StoredResolution]) -> ResolutionReport:
    """Resolve stored articles whose within-article resolution is at hand."""
    report = ResolutionReport()
    if not items:
        return report
    with engine.begin() as connection:
        touched, linked, renamed, fingerprints = _link_mentions(connection, items, report)
        rejudged = _judge(connection, touched, report, renamed)
        recluster(connection, touched | linked | rejudged)  # a cluster's name follows its mention counts
        report.stories = _stories(connection, fingerprints)
    return report


class PendingResolution:
    """Stored articles waiting to be resolved: the ingest loops hand over
    each batch they store, with each article's within-article resolution,
    and resolution runs on ``every`` articles at a time (and on the rest at
    ``flush``). Resolving more articles together costs less per article: an
    entity mentioned across the batches is judged once, and each statement
    serves more articles. The result does not depend on how articles are
    grouped (tests/test_resolve_store.py). An article stored but not yet
    resolved when a run is killed is found again by ``resolve_unresolved``."""

    def __init__(self, engine: Engine, every: int = RESOLVE_EVERY) -> None:
        self.engine = engine
        self.every = every
        self.waiting: list[str | StoredResolution] = []
        self.skipped: list[Rejected] = []

    def add(self, articles: Sequence[str | StoredResolution]) -> None:
        """Articles to resolve: stored ids (read back from the store) or
        resolutions at hand."""
        self.waiting += articles
        if len(self.waiting) >= self.every:
            self.flush()

    def flush(self) -> None:
        waiting, self.waiting = self.waiting, []
        for start in range(0, len(waiting), self.every):
            skipped = resolve_or_skip(self.engine, waiting[start : start + self.every])
            if skipped:
                StoreWriter(self.engine).write_rejected(skipped)
                self.skipped += skipped


def _article_id(article: str | StoredResolution) -> str:
    return article if isinstance(article, str) else article.resolution.article_id


def _resolve(engine: Engine, articles: Sequence[str | StoredResolution]) -> ResolutionReport:
    at_hand = [a for a in articles if not isinstance(a, str)]
    stored = [a for a in articles if isinstance(a, str)]
    if stored:
        with engine.connect() as connection:
            loaded = store.load_articles(connection, stored)
        at_hand += [
            StoredResolution(
                resolve_article(a.id, a.published, a.text, a.outlet, a.mentions, a.roles, a.events, a.dates),
                a.mention_ids,
                a.role_ids,
            )
            for a in loaded
        ]
    return resolve_stored(engine, at_hand)


def resolve_or_skip(engine: Engine, articles: Sequence[str | StoredResolution]) -> list[Rejected]:
    """Resolve ``articles``, leaving out (and returning, with the reason)
    each stored article that resolution cannot take: one published outside
    the accepted dates, or one whose rows make resolution fail. A stored row
    never stops a run; the skipped article stays unresolved."""
    with engine.connect() as connection:
        outside = story_store.published_outside(
            connection, [_article_id(a) for a in articles], PUBLISHED_MIN, PUBLISHED_MAX
        )
    reason = f"not resolved: publication date outside {PUBLISHED_MIN.isoformat()}..{PUBLISHED_MAX.isoformat()}"
    skipped = [Rejected(f"stored article {article_id}", reason) for article_id in sorted(outside)]
    admitted = [a for a in articles if _article_id(a) not in outside]
    try:
        _resolve(engine, admitted)
        return skipped
    except ROW_ERRORS:
        pass  # find the article at fault: one by one
    for article in admitted:
        try:
            _resolve(engine, [article])
        except ROW_ERRORS as error:
            reason = f"not resolved: {type(error).__name__}: {error}"
            skipped.append(Rejected(f"stored article {_article_id(article)}", reason))
    return skipped


def unresolved_article_ids(engine: Engine) -> list[str]:
    """Stored articles that were never resolved (no fingerprint): loaded by
    another tool, or stored by a run that was stopped before resolving them."""
    with engine.connect() as connection:
        return story_store.unresolved_article_ids(connection)


def resolve_unresolved(engine: Engine, every: int = RESOLVE_EVERY) -> int:
    """Resolve every stored article not resolved yet; how many were (those
    skipped are recorded as rejected)."""
    pending = unresolved_article_ids(engine)
    resolver = PendingResolution(engine, every)
    resolver.add(pending)
    resolver.flush()
    return len(pending) - len(resolver.skipped)


def _link_mentions(
    connection: Connection, items: Sequence[StoredResolution], report: ResolutionReport
) -> tuple[set[int], set[int], set[int], list[ArticleResolution]]:
    ordered = sorted(items, key=lambda item: item.resolution.article_id)
    report.articles = len(ordered)
    spellings: dict[tuple[str, str], set[str]] = defaultdict(set)
    for item in ordered:
        for _, entity_type, name, normalised, *_ in item.resolution.links:
            spellings[(entity_type, normalised)].add(name)
        for _, _, organisation_type, organisation, normalised, *_ in item.resolution.roles:
            if organisation_type is not None:
                spellings[(organisation_type, normalised)].add(organisation)  # type: ignore[arg-type,index]
    targets = {key: min(names, key=display_rank) for key, names in spellings.items()}
    ids, renamed = store.ensure_entities(connection, targets, display_rank)
    link_rows, role_rows = [], []
    touched: set[int] = set()
    for item in ordered:
        article_id = item.resolution.article_id
        linked: dict[int, int] = {}
        for mention, entity_type, _, normalised, rule, country, judged in item.resolution.links:
            entity_id = ids[(entity_type, normalised)]
            linked[mention] = entity_id
            link_rows.append(
                {
                    "mention_id": item.mention_ids[mention],
                    "article_id": article_id,
                    "entity_id": entity_id,
                    "rule": rule,
                    "country": country,
                }
            )
            if judged:
                touched.add(entity_id)
        for role, person_mention, organisation_type, _, normalised, country, rule in item.resolution.roles:
            person = linked.get(person_mention)
            role_id = item.role_ids[role]
            if person is None or role_id is None:
                continue
            role_rows.append(
                {
                    "role_id": role_id,
                    "article_id": article_id,
                    "person_entity_id": person,
                    "organisation_entity_id": None
                    if organisation_type is None
                    else ids.get((organisation_type, normalised)),  # type: ignore[arg-type]
                    "country": country,
                    "rule": rule,
                }
            )
    store.write_links(connection, link_rows, role_rows)
    report.links = len(link_rows)
    linked = {row["entity_id"] for row in link_rows}
    return touched, linked, renamed, [item.resolution for item in ordered]


def _judge(connection: Connection, touched: set[int], report: ResolutionReport, renamed: set[int]) -> set[int]:
    """Score again every candidate pair of an entity the batch changed, and
    keep the active judgements equal to those one run over the whole store
    would record.

    An entity is changed when the batch links a mention to it (its profile
    may have grown) or renames it (its name is part of the evidence). Two
    entities are candidates when they share a blocking key held by at most
    ``KEY_CAP`` entities and ``is_candidate`` takes them: a test of the two
    alone, so a pair is found from either side and a later entity never
    pushes it out. What the rest of the store does to a pair is the cap: a
    key the batch makes too common withdraws the pairs it alone supported,
    and one a rename makes rare again brings its holders' pairs in. A pair
    scored below ``NEAR_MISS`` has no judgement (an earlier one is
    withdrawn), as if both entities had come in one batch. Returns the
    entities whose judgements were recorded or withdrawn."""
    before = store.filed_keys(connection, touched | renamed)
    renamed_rows = store.entity_rows(connection, renamed)
    store.refile_keys(connection, {e: entity_keys(t, name) for e, (t, name, _) in renamed_rows.items()})
    changed = touched | {e for e in renamed if e in before}  # an entity never filed is never compared
    rows = store.entity_rows(connection, changed)
    keys = {e: entity_keys(t, name) for e, (t, name, _) in rows.items()}
    store.add_entity_keys(connection, {e: ks for e, ks in keys.items() if e in touched})
    added: dict[str, int] = defaultdict(int)
    removed: dict[str, int] = defaultdict(int)
    for entity_id, now_keys in keys.items():
        for key in now_keys - before.get(entity_id, set()):
            added[key] += 1
        for key in before.get(entity_id, set()) - now_keys:
            removed[key] += 1
    wanted = set().union(*keys.values(), added, removed) if keys or removed else set()
    limit = KEY_CAP + max(added.values(), default=0) + 1
    holders = store.holders_by_key(connection, wanted, limit)
    telling = {key for key in wanted if len(holders.get(key, ())) <= KEY_CAP}
    pairs: set[tuple[int, int]] = set()
    rechecked: set[int] = set()  # entities whose judgements are checked again
    for key in added.keys() | removed.keys():
        after = len(holders.get(key, ()))
        if after >= limit:
            continue  # too common before and after
        was_telling = after - added[key] + removed[key] <= KEY_CAP
        if was_telling and key not in telling:
            rechecked.update(holders[key])  # pairs it alone supported go
        elif key in telling and not was_telling:
            members = sorted(holders[key])
            pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])  # its pairs come in
    for entity_id, entity_keys_ in keys.items():
        for key in entity_keys_ & telling:
            pairs.update((min(entity_id, c), max(entity_id, c)) for c in holders[key] if c != entity_id)
    judgements = store.active_judgements(connection, changed | rechecked)
    pairs.update((row.left_entity_id, row.right_entity_id) for row in judgements if row.decided_by == "rule")
    if not pairs:
        return set()
    involved = {e for pair in pairs for e in pair}
    rows.update(store.entity_rows(connection, involved - rows.keys()))
    all_keys = {e: keys.get(e) or entity_keys(rows[e][0], rows[e][1]) for e in involved}
    shared_keys = {k for left, right in pairs for k in all_keys[left] & all_keys[right]}
    counts = {k: len(v) for k, v in store.holders_by_key(connection, shared_keys - wanted, KEY_CAP + 1).items()}
    telling |= {k for k in shared_keys - wanted if counts.get(k, 0) <= KEY_CAP}
    candidates = {
        (left, right)
        for left, right in pairs
        if is_candidate(rows[left], rows[right], all_keys[left] & all_keys[right] & telling)
    }
    current: dict[tuple[int, int, str], object] = {}
    for row in judgements + store.active_judgements(connection, involved - changed - rechecked):
        current[(row.left_entity_id, row.right_entity_id, row.decided_by)] = row
    retracted = sorted(pair for pair in pairs - candidates if (*pair, "rule") in current)
    scored = {e for pair in candidates for e in pair}
    data = store.profile_data(connection, scored, ARTICLES_PER_ENTITY)
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
        for e in scored
    }
    judged = []
    for left, right in sorted(candidates):
        report.pairs_scored += 1
        if (left, right, "person") in current:
            continue  # a person decided: automatic runs respect it
        # some features read the pair one way round (an organisation's name
        # containing the other's): score it in an order the names decide,
        # not the ids, which follow the order the entities were first seen
        first, second = sorted((profiles[left], profiles[right]), key=lambda p: (p.type, p.name))
        match = score_pair(first, second)
        previous = current.get((left, right, "rule"))
        if match.verdict == "negative" and match.score < NEAR_MISS:
            # nothing to remember: a clear non-match. An earlier judgement of
            # the pair is withdrawn, so what stays active depends on the
            # pair's score now, not on what the store held when it was first
            # scored (the same as if both had come in one batch)
            if previous is not None:
                retracted.append((left, right))
            continue
        if previous is not None and previous.verdict == match.verdict and abs(previous.score - match.score) < 1e-6:  # type: ignore[attr-defined]
            continue
        judged.append((left, right, match.verdict, match.score, match.features_json()))
    store.retract_judgements(connection, retracted, "rule")
    store.record_judgements(connection, judged, "rule", "match_score.v1")
    report.judgements += len(judged) + len(retracted)
    return {e for left, right, *_ in judged for e in (left, right)} | {e for pair in retracted for e in pair}


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


def _stories(connection: Connection, resolutions: list[ArticleResolution]) -> set[int]:
    """Bring the story links up to date with the batch, then cluster again
    the articles the changed links reach, by average linkage over all the
    links among them: a new article joins a story, starts one, or splits one
    it shows to be two, without clustering the rest of the store again.

    Two articles are linked when ``link_score`` links them and one is among
    the other's story candidates (``story_store.story_candidates``: the
    ``STORY_CANDIDATES`` articles sharing most keys with it, keys held by
    more than ``STORY_KEY_CAP`` articles in its window left out). A batch can
    change the candidates of stored articles too: it can rank before one of
    their candidates, or make one of their keys too common. So the
    candidates of every stored article the batch can change are looked up
    again (``_changed_candidates``), the links no candidate list supports
    any more are withdrawn, and the links the store holds are those the
    whole store, clustered at once, would give: they do not depend on the
    order or grouping of batches (bench/order_independence.py)."""
    fingerprints = {r.article_id: r.fingerprint for r in resolutions}
    story_store.write_fingerprints(
        connection,
        [
            {"article_id": f.article_id, "published": f.published, "fingerprint": f.to_json()}
            for f in fingerprints.values()
        ],
        [
            {"key": key, "article_id": r.article_id, "published": r.fingerprint.published}
            for r in resolutions
            for key in sorted(set(r.story_keys))
        ],
    )
    batch = [
        story_store.StoryQuery(r.article_id, r.story_keys[: r.bands], r.story_keys[r.bands :], r.fingerprint.published)
        for r in resolutions
    ]  # the keys the worker derived, not derived again
    changed = _changed_candidates(connection, batch) - set(fingerprints)
    fingerprints |= _stored_fingerprints(connection, changed)
    found = _candidates(connection, [_story_query(fingerprints[a]) for a in sorted(changed)] + batch)
    existing = story_store.links_touching(connection, found)
    # a link kept from before needs one end to hold the other as a candidate
    unsupported = _unsupported(existing, found)
    others = {a for pair in unsupported for a in pair} - set(found)
    fingerprints |= _stored_fingerprints(connection, others)
    found |= _candidates(connection, [_story_query(fingerprints[a]) for a in sorted(others)])
    withdrawn = _unsupported(unsupported, found)
    fingerprints |= _stored_fingerprints(connection, {c for cs in found.values() for c in cs} - set(fingerprints))
    links = []
    when = now()
    made: dict[str, Comparable] = {}

    def compared(article_id: str) -> Comparable:
        if article_id not in made:
            made[article_id] = comparable(fingerprints[article_id])
        return made[article_id]

    for article_id in sorted(changed | {q.article_id for q in batch}):
        for other_id in sorted(found[article_id]):
            left, right = sorted((article_id, other_id))
            if (left, right) in existing or other_id not in fingerprints:
                continue
            existing.add((left, right))
            scored = link_score(compared(left), compared(right))
            if scored.linked:
                links.append(
                    {
                        "left_article_id": left,
                        "right_article_id": right,
                        "score": scored.score,
                        "features": scored.features,
                        "created_at": when,
                    }
                )
    story_store.delete_story_links(connection, withdrawn)
    story_store.write_story_links(connection, links)
    moved = {q.article_id for q in batch}
    moved |= {a for pair in withdrawn for a in pair}
    moved |= {row[key] for row in links for key in ("left_article_id", "right_article_id")}
    region = story_region(connection, moved)
    return story_store.write_stories(connection, average_linkage(region, story_store.links_among(connection, region)))


def _unsupported(links: set[tuple[str, str]], found: dict[str, set[str]]) -> set[tuple[str, str]]:
    """The links neither of whose ends holds the other among the candidates
    ``found`` (an end not looked up holds none)."""
    return {
        (left, right) for left, right in links if right not in found.get(left, ()) and left not in found.get(right, ())
    }


def _story_query(print_: Fingerprint) -> story_store.StoryQuery:
    return story_store.StoryQuery(print_.article_id, band_keys(print_), name_keys(print_), print_.published)


def _stored_fingerprints(connection: Connection, article_ids: set[str]) -> dict[str, Fingerprint]:
    return {
        row.article_id: Fingerprint.from_json(row.article_id, row.published, row.fingerprint)
        for row in story_store.fingerprint_rows(connection, article_ids)
    }


def _candidates(connection: Connection, queries: list[story_store.StoryQuery]) -> dict[str, set[str]]:
    return story_store.story_candidates(
        connection, queries, NAME_WINDOW_DAYS, STORY_KEY_CAP, BAND_WINDOW_DAYS, limit=STORY_CANDIDATES
    )


def _changed_candidates(connection: Connection, batch: list[story_store.StoryQuery]) -> set[str]:
    """The stored articles whose story candidates the batch (its keys written)
    can have changed: those holding one of the batch's keys within the key's
    window of a batch article, where the key was not too common before the
    batch came (a key too common before stays so, and tells nothing either
    way). Counted per day, so a common key costs one grouped count and no
    read of its holders."""
    days: dict[str, list[int]] = defaultdict(list)  # key -> publication days (ordinals) of the batch's holders
    window: dict[str, int] = {}
    for query in batch:
        for keys, width in ((query.band_keys, BAND_WINDOW_DAYS), (query.name_keys, NAME_WINDOW_DAYS)):
            for key in set(keys):
                days[key].append(query.published.toordinal())
                window[key] = width
    spans = []
    for key, ordinals in days.items():
        for low, high in _merged(sorted(set(ordinals)), 2 * window[key]):
            spans.append((key, _day(low - 2 * window[key]), _day(high + 2 * window[key])))
    counts = story_store.key_day_counts(connection, spans)
    wanted: dict[str, list] = {}
    for key, ordinals in days.items():
        width = window[key]
        mine: dict[int, int] = defaultdict(int)
        for ordinal in ordinals:
            mine[ordinal] += 1
        before = {day.toordinal(): count for day, count in counts.get(key, {}).items()}
        for ordinal, count in mine.items():
            before[ordinal] = before.get(ordinal, 0) - count
        near = sorted(d for d, count in before.items() if count > 0 and any(abs(d - o) <= width for o in mine))
        telling = [d for d in near if sum(before.get(d + i, 0) for i in range(-width, width + 1)) <= STORY_KEY_CAP]
        if telling:
            wanted[key] = [_day(d) for d in telling]
    return story_store.key_holders(connection, wanted)


def _merged(ordinals: list[int], gap: int) -> list[tuple[int, int]]:
    """Sorted days merged into spans, days closer than ``gap`` in one."""
    spans: list[tuple[int, int]] = []
    for ordinal in ordinals:
        if spans and ordinal - spans[-1][1] <= gap:
            spans[-1] = (spans[-1][0], ordinal)
        else:
            spans.append((ordinal, ordinal))
    return spans


def _day(ordinal: int) -> date:
    """The day of ``ordinal``, held within the calendar."""
    return date.fromordinal(min(max(ordinal, 1), date.max.toordinal()))


def story_region(connection: Connection, batch: set[str]) -> set[str]:
    """The articles whose stories a batch can change: every article joined
    to the batch by a chain of story links (average linkage never joins two
    articles without one, so clustering this region alone gives the stories
    clustering the whole store would, whatever the batches were), and the
    other members of their stories. The walk stops growing past
    ``STORY_REGION`` articles, which bounds the cost of one batch."""
    region = set(batch)
    frontier = set(batch)
    while frontier and len(region) <= STORY_REGION:
        frontier = story_store.linked_to(connection, frontier) - region
        region |= frontier
    stories = set(story_store.stories_of(connection, region).values())
    return region | {a for members in story_store.story_members(connection, stories).values() for a in members}


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
