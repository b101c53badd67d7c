from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from newsgraph import cli
from newsgraph.model import Article, Extraction, Mention, Sentence, Timex
from newsgraph.query.articles import article_view, find_article_ids
from newsgraph.query.entities import find_entity_ids
from newsgraph.query.timeline import entity_timeline
from newsgraph.store.writer import StoreWriter


def extraction(published: date, sentences: list[tuple[str, str | None, str | None]], outlet: str) -> Extraction:
    """Sentences of (text, entity name in it, timex text in it, value after '=')."""
    text, spans, mentions, timexes = "", [], [], []
    for index, (sentence, name, timex) in enumerate(sentences):
        start = len(text)
        text += sentence + " "
        spans.append(Sentence(start, start + len(sentence)))
        if name:
            at = start + sentence.index(name)
            mentions.append(Mention(at, at + len(name), name, "PERSON", index))
        if timex:
            surface, value = timex.split("=")
            at = start + sentence.index(surface)
            timexes.append(Timex(at, at + len(surface), surface, "DATE", value, index))
    article = Article.create(published=published, text=text.strip(), outlet=outlet)
    return Extraction(article, tuple(spans), tuple(mentions), (), tuple(timexes), extractor_version="test")


@pytest.fixture
def stored(engine):
    writer = StoreWriter(engine)
    writer.write_batch(
        [
            extraction(
                date(2025, 12, 11),
                [
                    ("Ana Costa visited Lisbon in October.", "Ana Costa", "October=2025-10"),
                    ("Ana Costa spoke last week.", "Ana Costa", "last week=2025-W49"),
                    ("Nothing dated here about Ana Costa.", "Ana Costa", None),
                    ("Markets fell on Monday.", None, "Monday=2025-12-08"),
                ],
                "Harbour Ledger",
            ),
            extraction(
                date(2025, 10, 20),
                [("Ana Costa said on October 3 that talks would resume.", "Ana Costa", "October 3=2025-10-03")],
                "Meridian Wire",
            ),
        ]
    )
    return engine


def test_timeline_is_ordered_by_event_time_with_month_precision_kept(stored):
    (entity_id,) = find_entity_ids(stored, "Ana Costa")
    entries = entity_timeline(stored, entity_id)
    assert [(e.event_time, e.precision, e.reported.isoformat()) for e in entries] == [
        ("2025-10", "month", "2025-12-11"),
        ("2025-10-03", "day", "2025-10-20"),
        ("2025-W49", "week", "2025-12-11"),
    ]
    first = entries[0].evidence
    assert first.sentence == "Ana Costa visited Lisbon in October."
    assert first.sentence[first.start : first.end] == "Ana Costa"


def test_timeline_filters_by_event_time_and_by_report_time(stored):
    (entity_id,) = find_entity_ids(stored, "Ana Costa")
    assert [e.event_time for e in entity_timeline(stored, entity_id, since=date(2025, 11, 1))] == ["2025-W49"]
    assert [e.event_time for e in entity_timeline(stored, entity_id, until=date(2025, 10, 2))] == ["2025-10"]
    reported = entity_timeline(stored, entity_id, reported_until=date(2025, 11, 1))
    assert [e.event_time for e in reported] == ["2025-10-03"]


def test_show_finds_an_article_by_id_prefix_with_timex_values(stored):
    (article_id,) = [i for i in find_article_ids(stored, "") if article_view(stored, i).outlet == "Harbour Ledger"]
    assert find_article_ids(stored, article_id[:8]) == [article_id]
    view = article_view(stored, article_id)
    assert [(t.text, t.value, t.precision) for t in view.timexes] == [
        ("October", "2025-10", "month"),
        ("last week", "2025-W49", "week"),
        ("Monday", "2025-12-08", "day"),
    ]
    assert find_article_ids(stored, "%") == []


def test_cli_timeline_and_show(stored, db_url):
    runner = CliRunner()
    result = runner.invoke(cli.app, ["--db", db_url, "timeline", "ana costa", "--since", "2025-11-01", "--json"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["event_time"] for line in result.stdout.splitlines()] == ["2025-W49"]
    bad = runner.invoke(cli.app, ["--db", db_url, "timeline", "ana costa", "--since", "last tuesday"])
    assert bad.exit_code == 2
    shown = runner.invoke(cli.app, ["--db", db_url, "show", "zzzz"])
    assert shown.exit_code == 2 and "no article" in shown.stderr


def test_timeline_pages(stored):
    (entity_id,) = find_entity_ids(stored, "Ana Costa")
    whole = [e.event_time for e in entity_timeline(stored, entity_id)]
    assert [e.event_time for e in entity_timeline(stored, entity_id, limit=1, offset=1)] == whole[1:2]
    assert [e.event_time for e in entity_timeline(stored, entity_id, limit=2)] == whole[:2]
