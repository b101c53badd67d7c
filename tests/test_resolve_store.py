"""Resolution in the store: judgements, canonical entities, stories,
conflicts, screening, person decisions, and the CLI surfaces for them."""

from __future__ import annotations

import json
import random

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.ingest import read_source, read_sources
from newsgraph.pipeline import ingest_items
from newsgraph.pipeline.resolution import record_decision, resolve_articles, resolve_unresolved
from newsgraph.query.entities import find_entity_ids
from newsgraph.query.resolution import list_stories, screen, story_conflicts, story_detail
from newsgraph.store import schema
from newsgraph.store.database import open_store
from newsgraph.store.writer import StoreWriter

from .conftest import FIXTURES

STORY = FIXTURES / "resolve" / "kumar-story.jsonl"


@pytest.fixture
def kumar_store(engine, extractor):
    ingest_items(list(read_source(str(STORY))), engine, extractor, batch_size=8)
    return engine


def canonical(engine, name: str) -> int:
    from newsgraph.query.resolution import canonical_id

    return canonical_id(engine, find_entity_ids(engine, name, "PERSON")[0])


def test_spelling_variants_merge_and_a_namesake_does_not(kumar_store):
    assert canonical(kumar_store, "Sanjeev Kumar") == canonical(kumar_store, "Sanjay Kumar")
    assert canonical(kumar_store, "Anil Kumar") != canonical(kumar_store, "Sanjeev Kumar")
    with kumar_store.connect() as connection:
        judgements = connection.execute(select(schema.judgement).where(schema.judgement.c.deleted_at.is_(None))).all()
    positive = [j for j in judgements if j.verdict == "positive" and j.decided_by == "rule"]
    assert positive and all(j.features and "name_similarity" in j.features for j in positive)


def test_reports_of_one_happening_form_a_story_with_a_first_report_and_a_name_conflict(kumar_store):
    stories = list_stories(kumar_store)
    assert len(stories) == 1 and stories[0].articles == 2 and stories[0].first_outlet == "Harbour Ledger"
    summary, members = story_detail(kumar_store, stories[0].id)
    assert [m.first_report for m in members] == [True, False]
    conflicts = {c.kind: c for c in story_conflicts(kumar_store, summary.id)}
    assert conflicts["name"].values == ["Sanjay Kumar", "Sanjeev Kumar"]
    assert {v.outlet for v in conflicts["name"].versions} == {"Harbour Ledger", "Asia Trade Journal"}


def test_a_date_conflict_is_one_partys_event_not_every_event_of_its_type(engine, extractor):
    """Norway's pledge is dated Monday by one outlet and Tuesday by the
    other: a conflict. Japan's pledge on Monday is another event of the
    same type and word, and the earthquake is no event at all."""
    ingest_items(list(read_source(str(FIXTURES / "resolve" / "quake-story.jsonl"))), engine, extractor, batch_size=8)
    [story] = list_stories(engine)
    dates = [c for c in story_conflicts(engine, story.id) if c.kind == "event_date"]
    assert [c.values for c in dates] == [["2026-03-09", "2026-03-10"]]
    assert all("Norway pledged" in v.sentence for v in dates[0].versions)
    assert "Norway" in dates[0].subject


def test_a_persons_split_is_respected_by_later_runs_and_merge_undoes_it(kumar_store):
    sanjeev = find_entity_ids(kumar_store, "Sanjeev Kumar", "PERSON")[0]
    sanjay = find_entity_ids(kumar_store, "Sanjay Kumar", "PERSON")[0]
    record_decision(kumar_store, sanjeev, sanjay, "negative", "two different officials")
    assert canonical(kumar_store, "Sanjeev Kumar") != canonical(kumar_store, "Sanjay Kumar")
    with kumar_store.connect() as connection:
        ids = list(connection.scalars(select(schema.article.c.id)))
    resolve_articles(kumar_store, ids)  # an automatic run over the same articles
    assert canonical(kumar_store, "Sanjeev Kumar") != canonical(kumar_store, "Sanjay Kumar")
    record_decision(kumar_store, sanjeev, sanjay, "positive")
    assert canonical(kumar_store, "Sanjeev Kumar") == canonical(kumar_store, "Sanjay Kumar")
    with kumar_store.connect() as connection:
        by_person = connection.execute(
            select(schema.judgement.c.verdict, schema.judgement.c.deleted_at).where(
                schema.judgement.c.decided_by == "person"
            )
        ).all()
    assert [(v, d is None) for v, d in by_person] == [("negative", False), ("positive", True)]


def test_screening_finds_fuzzy_names_with_evidence(kumar_store):
    hits = screen(kumar_store, [("Sanjeev Kumaar", "PERSON"), ("Nobody Atall Holdings", "ORG")])
    assert [h.listed for h in hits] == ["Sanjeev Kumaar"]
    assert "Kumar" in hits[0].sentence[hits[0].start : hits[0].end]
    reordered = screen(kumar_store, [("Kumaar, Sanjeev", "PERSON")])  # surname first, misspelt
    assert [h.name for h in reordered] == [hits[0].name]


def test_screening_scores_ignore_token_order_and_spelling_variants():
    from newsgraph.query.resolution import screening_score

    assert screening_score("Shahbaz Sharif", "shehbaz sharif") >= 85  # the default threshold
    assert screening_score("Sharif, Shehbaz", "shahbaz sharif") >= 85
    assert screening_score("Adani Defense", "adani defence and aerospace") >= 85
    assert screening_score("Nawaz Sharif", "shehbaz sharif") < 85
    assert screening_score("Adani", "adani defence and aerospace") < 85  # one word is too little for a prefix


def test_cli_why_merge_split_stories_conflicts_and_screen(kumar_store, db_url):
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, ["--db", db_url, *args])
        assert result.exit_code == 0, result.output
        return result.output

    why = json.loads(run("entity", "why", "Sanjeev Kumar", "Sanjay Kumar", "--json"))
    assert why["same_cluster"] and why["verdict"] == "positive" and "same_title" in why["features"]
    assert not json.loads(run("entity", "split", "Sanjeev Kumar", "Sanjay Kumar", "--json"))["same_cluster"]
    assert json.loads(run("entity", "merge", "Sanjeev Kumar", "Sanjay Kumar", "--json"))["same_cluster"]
    assert "Sanjeev Kumar" in run("entity", "Sanjeev Kumar")
    story_id = json.loads(run("stories", "--json").splitlines()[0])["id"]
    assert "first report" in run("story", str(story_id))
    first_article = story_detail(kumar_store, story_id)[1][0].id
    assert f"story {story_id}: newsgraph story {story_id}" in run("show", first_article[:12])
    assert "name: " in run("conflicts", str(story_id))
    hits = [
        json.loads(line) for line in run("screen", str(FIXTURES / "resolve" / "watchlist.csv"), "--json").splitlines()
    ]
    assert {h["listed"] for h in hits} == {"Sanjeev Kumaar", "Adani Defence & Aerospace"}


def clusters_and_stories(engine) -> tuple[set[frozenset[tuple[str, str]]], set[frozenset[str]]]:
    """Canonical clusters as sets of (type, name), stories as sets of article ids."""
    E, ML, EC = schema.entity, schema.mention_link, schema.entity_canonical
    with engine.connect() as connection:
        linked = set(connection.scalars(select(ML.c.entity_id).distinct()))
        names = {row.id: (row.type, row.normalised_name) for row in connection.execute(select(E))}
        canonical = dict(connection.execute(select(EC.c.entity_id, EC.c.canonical_id)).all())
        members = connection.execute(select(schema.article_story.c.story_id, schema.article_story.c.article_id)).all()
    groups: dict[int, set] = {}
    for entity_id in linked:
        groups.setdefault(canonical.get(entity_id, entity_id), set()).add(names[entity_id])
    stories: dict[int, set] = {}
    for story_id, article_id in members:
        stories.setdefault(story_id, set()).add(article_id)
    return {frozenset(g) for g in groups.values()}, {frozenset(s) for s in stories.values()}


def test_demo_corpus_in_two_orders_gives_the_same_entities_and_stories(tmp_path, extractor):
    from newsgraph.cli import demo_corpus

    articles = [item for item in read_sources([str(demo_corpus())]) if hasattr(item, "text")]
    shuffled = articles[:]
    random.Random(6).shuffle(shuffled)
    results = []
    for name, order, batch in (("forward", articles, 8), ("shuffled", shuffled, 5)):
        engine = open_store(f"sqlite:///{tmp_path / name}.db")
        ingest_items(order, engine, extractor, batch_size=batch)
        results.append(clusters_and_stories(engine))
        engine.dispose()
    (clusters_a, stories_a), (clusters_b, stories_b) = results
    assert clusters_a == clusters_b
    assert stories_a == stories_b
    assert any(len(s) == 4 for s in stories_a)  # the four reports of the Moscow talks
    assert any({("PERSON", "rajiv malhotra"), ("PERSON", "rajeev malhotra")} <= c for c in clusters_a)


def test_articles_left_unresolved_are_resolved_by_the_next_ingest(engine, extractor, tmp_path):
    from newsgraph.pipeline import ingest
    from newsgraph.pipeline.resolution import PendingResolution, unresolved_article_ids
    from newsgraph.store.writer import StoreWriter

    items = [item for item in read_source(str(STORY)) if hasattr(item, "text")]
    # a run that stored its articles and was stopped before resolving them
    StoreWriter(engine).write_batch(list(extractor.extract_many(items)))
    assert len(unresolved_article_ids(engine)) == len(items)
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps({"published": "2025-03-02", "outlet": "Late Desk", "text": "Officials met in Oslo."}))
    ingest([str(later)], engine, extractor)
    assert unresolved_article_ids(engine) == []
    assert len(list_stories(engine)) == 1  # the stopped run's two reports still form their story

    # resolution waits for a few batches, and the rest is resolved on flush
    resolver = PendingResolution(engine, every=3)
    resolver.add(["a", "b"])
    assert resolver.waiting == ["a", "b"]
    resolver.add(["c"])
    assert resolver.waiting == []


def test_story_candidates_are_the_articles_sharing_the_most_keys(engine, extractor):
    from datetime import date

    from newsgraph.model import Article
    from newsgraph.store import stories as store
    from newsgraph.store.writer import StoreWriter

    day = date(2025, 3, 1)
    articles = [Article.create(published=day, text=f"Report number {i} on the harbour talks.") for i in range(6)]
    StoreWriter(engine).write_batch(list(extractor.extract_many(articles)))
    ids = [a.id for a in articles]
    keys = ["b0:aa", "b1:bb", "b2:cc", "n:harbour talks"]
    # article i (1..4) holds the first i keys; article 5 holds them in another month
    held = [(key, ids[0], day) for key in keys]
    held += [(key, ids[i], day) for i in range(1, 5) for key in keys[:i]]
    held += [(key, ids[5], date(2025, 6, 1)) for key in keys]
    with engine.begin() as connection:
        store.write_fingerprints(connection, [], [{"key": k, "article_id": a, "published": p} for k, a, p in held])
        query = store.StoryQuery(ids[0], keys[:3], keys[3:], day)
        everyone = store.story_candidates(connection, [query], window=7)[ids[0]]
        best = store.story_candidates(connection, [query], window=7, limit=2)[ids[0]]
    assert everyone == set(ids[1:5])  # not itself, not the one outside the windows
    assert best == {ids[3], ids[4]}


@pytest.fixture(scope="module")
def demo_extractions(extractor):
    from newsgraph.cli import demo_corpus

    articles = [item for item in read_sources([str(demo_corpus())]) if hasattr(item, "text")]
    return list(extractor.extract_many(articles))


def _shown_names(engine) -> set[tuple[str, str, str]]:
    """(type, normalised name, the name shown for its canonical entity) of each linked entity."""
    E, ML, EC = schema.entity, schema.mention_link, schema.entity_canonical
    with engine.connect() as connection:
        rows = {row.id: row for row in connection.execute(select(E))}
        canonical = dict(connection.execute(select(EC.c.entity_id, EC.c.canonical_id)).all())
        linked = set(connection.scalars(select(ML.c.entity_id).distinct()))
    return {(rows[e].type, rows[e].normalised_name, rows[canonical.get(e, e)].canonical_name) for e in linked}


def _judgements(engine) -> set[tuple[str, str, str]]:
    E, J = schema.entity, schema.judgement
    with engine.connect() as connection:
        names = dict(connection.execute(select(E.c.id, E.c.normalised_name)).all())
        rows = connection.execute(
            select(J.c.left_entity_id, J.c.right_entity_id, J.c.verdict).where(J.c.deleted_at.is_(None))
        ).all()
    return {(*sorted((names[left], names[right])), verdict) for left, right, verdict in rows}


def test_demo_corpus_in_any_order_batching_or_stop_gives_the_same_stories(tmp_path, demo_extractions):
    shuffled = demo_extractions[:]
    random.Random(18).shuffle(shuffled)
    results = []
    for name, order, batch, stop_after in (
        ("together", demo_extractions, len(demo_extractions), None),
        ("reversed", demo_extractions[::-1], 5, None),
        ("shuffled", shuffled, 3, None),
        ("stopped", shuffled, 7, 2),  # two batches stored and never resolved, found by the next run
    ):
        engine = open_store(f"sqlite:///{tmp_path / name}.db")
        writer = StoreWriter(engine)
        for number, start in enumerate(range(0, len(order), batch)):
            part = order[start : start + batch]
            writer.write_batch(part)
            if stop_after is None:
                resolve_articles(engine, [e.article.id for e in part])
            elif number >= stop_after:
                resolve_unresolved(engine)  # what the next run does first
        results.append((clusters_and_stories(engine), _judgements(engine), _shown_names(engine)))
        engine.dispose()
    first = results[0]
    for other in results[1:]:
        assert other[0][1] == first[0][1]  # stories
        assert other[0][0] == first[0][0]  # canonical entities
        assert other[1] == first[1]  # judgements
        assert other[2] == first[2]  # the names they are shown under
    assert any(len(story) == 4 for story in first[0][1])  # the four reports of the Moscow talks


def test_an_entitys_name_is_the_same_whatever_order_its_spellings_came_in(tmp_path):
    from newsgraph.resolve.keys import display_rank
    from newsgraph.store import resolution as store

    spellings = ["People magazine's", "‘People Magazine", "PEOPLE MAGAZINE", "People Magazine", "People magazine"]
    names = set()
    for number, order in enumerate((spellings, spellings[::-1], sorted(spellings))):
        engine = open_store(f"sqlite:///{tmp_path / str(number)}.db")
        renamed_any = False
        for spelling in order:  # one batch each, as separate runs would give them
            with engine.begin() as connection:
                _, renamed = store.ensure_entities(connection, {("ORG", "people magazine"): spelling}, display_rank)
                renamed_any |= bool(renamed)
        with engine.connect() as connection:
            names.add(connection.scalar(select(schema.entity.c.canonical_name)))
        assert renamed_any == (order[0] != "People Magazine")
        engine.dispose()
    assert names == {"People Magazine"}  # no stray marks, not all capitals, then by code point


def test_an_accented_spelling_names_the_entity_over_its_plain_copy():
    from newsgraph.resolve.keys import display_rank

    assert min(["Setubal", "Setúbal"], key=display_rank) == "Setúbal"
    assert min(["Zielinska", "Zielińska", "ZIELIŃSKA"], key=display_rank) == "Zielińska"


def _story_links(engine) -> set[tuple[str, str]]:
    SL = schema.story_link
    with engine.connect() as connection:
        return set(connection.execute(select(SL.c.left_article_id, SL.c.right_article_id)).all())


def test_links_and_judgements_do_not_depend_on_batching_when_the_caps_bind(tmp_path, demo_extractions, monkeypatch):
    """With caps small enough to bind on the demo corpus (two story
    candidates per article, a story key too common past three articles, an
    entity key past four entities), the story links, stories, judgements and
    canonical entities are those of the whole store however the articles
    came: a later batch withdraws the links and judgements it pushes out and
    adds the ones it brings in on the side of stored articles and entities."""
    from newsgraph.pipeline import resolution

    monkeypatch.setattr(resolution, "STORY_CANDIDATES", 2)
    monkeypatch.setattr(resolution, "STORY_KEY_CAP", 3)
    monkeypatch.setattr(resolution, "KEY_CAP", 2)
    shuffled = demo_extractions[:]
    random.Random(5).shuffle(shuffled)
    results = []
    for name, order, batch in (
        ("together", demo_extractions, len(demo_extractions)),
        ("one by one", demo_extractions[::-1], 1),
        ("shuffled", shuffled, 4),
    ):
        engine = open_store(f"sqlite:///{tmp_path / name}.db")
        writer = StoreWriter(engine)
        for start in range(0, len(order), batch):
            part = order[start : start + batch]
            writer.write_batch(part)
            resolve_articles(engine, [e.article.id for e in part])
        results.append((_story_links(engine), clusters_and_stories(engine), _judgements(engine)))
        engine.dispose()
    assert results[0][0] and results[0][2]  # the caps leave links and judgements to compare
    for links, (entities, stories), judgements in results[1:]:
        assert links == results[0][0]
        assert stories == results[0][1][1]
        assert judgements == results[0][2]
        assert entities == results[0][1][0]
