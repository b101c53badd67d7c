"""Publication dates outside 1800-01-01..2200-12-31 are rejected at
admission by every reader; event-time arithmetic near the calendar's edges
never raises; a stored article with such a date never makes resolution (and
so every later run) fail."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from newsgraph.extract.timex_normalise import TimexNormaliser
from newsgraph.ingest import read_source
from newsgraph.ingest.feed import article_from_entry
from newsgraph.model import Article, Extraction, InputError, Rejected
from newsgraph.pipeline.resolution import resolve_unresolved, unresolved_article_ids
from newsgraph.runner import ingest
from newsgraph.store import schema
from newsgraph.store.stories import StoryQuery, days_from, story_candidates
from newsgraph.store.writer import StoreWriter
from newsgraph.timevalue import calendar_span

TEXT = "Officials of Norland and Ostland met in Geneva on Monday to discuss a fisheries accord."


def _jsonl(path: Path, dates: list[str]) -> list[Article | Rejected]:
    path.write_text("".join(json.dumps({"published": d, "text": f"{TEXT} ({d})"}) + "\n" for d in dates))
    return list(read_source(str(path)))


def test_jsonl_dates_outside_the_range_are_rejected_with_a_reason(tmp_path: Path):
    outside = ["0001-01-10", "9999-12-20", "1799-12-31", "2201-01-01", "0001-01-01T00:00:00Z"]
    inside = ["1800-01-01", "2200-12-31", "2025-12-11"]
    items = _jsonl(tmp_path / "dates.jsonl", outside + inside)
    assert [type(i) for i in items] == [Rejected] * len(outside) + [Article] * len(inside)
    assert all("outside 1800-01-01..2200-12-31" in i.reason for i in items[: len(outside)])


def test_seed_and_csv_dates_outside_the_range_are_rejected(tmp_path: Path):
    seed = tmp_path / "old.txt"
    seed.write_text(f"date 0001-01-10\n{TEXT}\n")
    csv_file = tmp_path / "late.csv"
    csv_file.write_text(f'published,text\n9999-12-31,"{TEXT}"\n2025-01-02,"{TEXT}"\n')
    seed_items = list(read_source(str(seed)))
    csv_items = list(read_source(str(csv_file)))
    assert [type(i) for i in seed_items] == [Rejected] and "outside" in seed_items[0].reason
    assert [type(i) for i in csv_items] == [Rejected, Article] and "outside" in csv_items[0].reason


def test_feed_entry_dated_year_one_is_rejected():
    entry = feedparser.FeedParserDict(
        summary=TEXT, published_parsed=time.struct_time((1, 1, 10, 0, 0, 0, 0, 10, 0)), link="https://x.test/a"
    )
    with pytest.raises(InputError, match="outside 1800-01-01"):
        article_from_entry(entry, "Wire", "feed.xml", 1)


@pytest.mark.parametrize("published", [date(1, 1, 1), date(1, 1, 20), date(9999, 12, 31), date(9999, 12, 1)])
@pytest.mark.parametrize("text", ["yesterday", "next year", "last week", "in two centuries", "the 2020s", "Monday"])
def test_timex_normaliser_never_raises_at_the_calendar_edges(published: date, text: str):
    resolution = TimexNormaliser.from_package().normalise(text, published)
    if resolution is not None:  # a value it gives is one the calendar can hold
        span = calendar_span(resolution.value)
        assert span is None or date.min <= span.start <= span.end <= date.max


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A(\d{2,4}|\d{4}-(W\d{2}(-[1-7]|-WE)?|Q[1-4]|H[12]|SP|SU|FA|WI|\d{2}(-\d{2})?))\Z"))
def test_calendar_span_never_raises(value: str):
    span = calendar_span(value)
    assert span is None or span.start <= span.end


def test_story_windows_stop_at_the_calendar_edges(engine):
    assert days_from(date(1, 1, 10), -60) == date.min
    assert days_from(date(9999, 12, 20), 60) == date.max
    assert days_from(date(2025, 1, 1), -1) == date(2024, 12, 31)
    queries = [StoryQuery("a", ["k"], ["n"], date(1, 1, 10)), StoryQuery("b", ["k"], ["n"], date(9999, 12, 20))]
    with engine.connect() as connection:
        assert story_candidates(connection, queries, window=60) == {"a": set(), "b": set()}


def _store_unresolved(engine, extractor, published: date, text: str) -> str:
    """An article stored as another tool (or an older newsgraph) would have
    stored it: past admission, not resolved."""
    article = Article.create(published=published, text=text, outlet="Old Archive")
    extraction: Extraction = extractor.extract(article)
    StoreWriter(engine).write_batch([extraction])
    return article.id


def test_a_stored_article_at_the_calendar_edge_never_stops_later_runs(tmp_path: Path, engine, extractor):
    early = _store_unresolved(engine, extractor, date(1, 1, 10), TEXT)
    late = _store_unresolved(engine, extractor, date(9999, 12, 20), f"{TEXT} Talks resume next week.")
    assert set(unresolved_article_ids(engine)) == {early, late}

    assert resolve_unresolved(engine) == 0  # skipped, not raised
    assert resolve_unresolved(engine) == 0  # and again on the next run

    fresh = tmp_path / "fresh.jsonl"
    fresh.write_text(json.dumps({"published": "2025-12-11", "text": TEXT, "outlet": "Wire"}) + "\n")
    report = ingest([str(fresh)], engine, extractor)
    assert len(report.stored) == 1
    assert set(unresolved_article_ids(engine)) == {early, late}  # the good article was resolved
    with engine.connect() as connection:
        reasons = dict(connection.execute(select(schema.rejected.c.input_name, schema.rejected.c.reason)).all())
    assert reasons[f"stored article {early}"].startswith("not resolved: publication date outside")
    assert f"stored article {late}" in reasons
