"""Entity profiles and timelines read an entity's latest mentions as a bounded
index range read, with the same results as reading all of them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, insert, select, text

from newsgraph.model import Article, Extraction, Mention, Sentence, Timex
from newsgraph.query import entities, timeline
from newsgraph.query.entities import entity_profile, find_entity_ids
from newsgraph.query.timeline import entity_timeline
from newsgraph.store import schema
from newsgraph.store.resolved import Cluster, latest_cluster_mentions
from newsgraph.store.writer import StoreWriter


def extraction(published: date, sentences: list[tuple[str, tuple[str, ...], str | None]]) -> Extraction:
    """Sentences of (text, person names in it, timex 'surface=value' in it)."""
    text, spans, mentions, timexes = "", [], [], []
    for index, (sentence, names, timex) in enumerate(sentences):
        start = len(text)
        text += sentence + " "
        spans.append(Sentence(start, start + len(sentence)))
        for name in names:
            at = start + sentence.index(name)
            mentions.append(Mention(at, at + len(name), name, "PERSON", index))
        if timex:
            surface, value = timex.split("=")
            at = start + sentence.index(surface)
            timexes.append(Timex(at, at + len(surface), surface, "DATE", value, index))
    article = Article.create(published=published, text=text.strip(), outlet="Harbour Ledger")
    return Extraction(article, tuple(spans), tuple(mentions), (), tuple(timexes), extractor_version="test")


@pytest.fixture
def stored(engine: Engine) -> Engine:
    """Ana Costa in three articles, stored one after another in an order that
    is not their order of publication: the latest stored is the oldest."""
    writer = StoreWriter(engine)
    for article in (
        extraction(
            date(2025, 11, 2),
            [
                ("Ana Costa met Omar Haddad on October 3.", ("Ana Costa", "Omar Haddad"), "October 3=2025-10-03"),
                ("Later Ana Costa left.", ("Ana Costa",), None),
            ],
        ),
        extraction(
            date(2025, 12, 5),
            [("Ana Costa and Li Wei spoke in November.", ("Ana Costa", "Li Wei"), "November=2025-11")],
        ),
        extraction(
            date(2025, 9, 1),
            [("Ana Costa saw Priya Sharma on August 9.", ("Ana Costa", "Priya Sharma"), "August 9=2025-08-09")],
        ),
    ):
        writer.write_batch([article])
    return engine


def entity(engine: Engine, name: str) -> int:
    return find_entity_ids(engine, name)[0]


def test_profile_counts_every_mention_and_each_article_once(stored):
    profile = entity_profile(stored, entity(stored, "Ana Costa"))
    assert (profile.mentions, profile.articles) == (4, 3)
    wei = entity_profile(stored, entity(stored, "Li Wei"))
    assert (wei.mentions, wei.articles) == (1, 1)


def test_profile_of_an_entity_without_mentions_counts_none(engine):
    with engine.begin() as connection:
        entity_id = connection.execute(
            insert(schema.entity)
            .values(type="PERSON", canonical_name="Nadia Aziz", normalised_name="nadia aziz")
            .returning(schema.entity.c.id)
        ).scalar_one()
    profile = entity_profile(engine, entity_id)
    assert (profile.mentions, profile.articles, profile.evidence, profile.co_mentions) == (0, 0, [], [])


def test_evidence_is_the_latest_stored_mentions_in_order_of_publication(stored):
    profile = entity_profile(stored, entity(stored, "Ana Costa"), evidence_limit=2)
    assert [(e.published, e.sentence) for e in profile.evidence] == [
        (date(2025, 9, 1), "Ana Costa saw Priya Sharma on August 9."),
        (date(2025, 12, 5), "Ana Costa and Li Wei spoke in November."),
    ]
    everything = entity_profile(stored, entity(stored, "Ana Costa"))
    assert [e.start for e in everything.evidence] == [0, 0, 6, 0]
    assert [e.published for e in everything.evidence] == sorted(e.published for e in everything.evidence)


def test_co_mentions_are_counted_over_the_latest_sentences(stored, monkeypatch):
    costa = entity(stored, "Ana Costa")
    assert {c.name: c.sentences for c in entity_profile(stored, costa).co_mentions} == {
        "Omar Haddad": 1,
        "Li Wei": 1,
        "Priya Sharma": 1,
    }
    monkeypatch.setattr(entities, "CO_MENTION_SENTENCES", 2)
    assert {c.name for c in entity_profile(stored, costa).co_mentions} == {"Li Wei", "Priya Sharma"}


def test_timeline_looks_for_dated_mentions_among_the_latest(stored, monkeypatch):
    costa = entity(stored, "Ana Costa")
    assert [(e.event_time, e.evidence.start) for e in entity_timeline(stored, costa)] == [
        ("2025-08-09", 0),
        ("2025-10-03", 0),
        ("2025-11", 0),
    ]
    monkeypatch.setattr(timeline, "TIMELINE_MENTIONS", 2)
    assert [e.event_time for e in entity_timeline(stored, costa)] == ["2025-08-09", "2025-11"]


def plan_of(engine: Engine, query) -> str:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        compiled = query.compile(connection, compile_kwargs={"literal_binds": True})
        if engine.dialect.name == "postgresql":
            # The test store is tiny; make the planner show the plan it takes at scale.
            connection.execute(text("SET enable_seqscan = off"))
            connection.execute(text("SET enable_bitmapscan = off"))
            return "\n".join(connection.scalars(text(f"EXPLAIN {compiled}")))
        return "\n".join(row[-1] for row in connection.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))


def test_latest_mentions_are_index_range_reads_without_sorting_all_mentions(engine):
    """Each member's linked and not-yet-linked mentions are read from an index
    in id order, stopping at the limit; only the few rows read (at most two
    limits per member) are sorted together."""
    latest = latest_cluster_mentions(1)
    plan = plan_of(engine, select(latest).params(Cluster(1, (1,)).params() | {"limit": 20}))
    assert "ix_mention_entity_latest" in plan
    assert "ix_mention_link_entity" in plan
    # no full read of either table: only index searches, and sorts of the rows they return
    for scan in ("SCAN mention ", "SCAN mention_link", "Seq Scan on mention"):
        assert scan not in plan + " "
