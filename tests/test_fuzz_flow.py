"""Property test through the whole flow: generated JSON Lines records (lone
surrogates, dates at the edges of the calendar, fields over their limits,
JSON of any shape) go through reading, admission, extraction, the store and
resolution. Whatever they hold, the run ends with every record stored or
rejected with a reason, and nothing stored keeps a later run, a resolution
or a read from working."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.ingest.decode import FIELD_LIMITS, MAX_ARTICLE_CHARS
from newsgraph.pipeline import ingest
from newsgraph.pipeline.resolution import resolve_unresolved
from newsgraph.query.entities import list_entities, store_stats
from newsgraph.query.events import EventFilter, list_events
from newsgraph.query.resolution import list_stories

EDGE_DATES = [
    "0001-01-01", "0001-02-15", "1799-12-31", "1800-01-01", "2026-01-05", "2026-01-05T23:59:59+14:00",
    "2200-12-31", "2201-01-01", "9999-11-15", "9999-12-31", "-0001-01-01", "+10000-01-01", "2026-02-30",
]  # fmt: skip
SENTENCES = [
    "Chile and Peru signed a fisheries accord in Lima on Monday.",
    "Minister Ana Costa met Kaveri Aerospace executives in Lisbon.",
    "On 31 December 9999 the treaty expires, and the day after it is renewed.",
    "The fort was built in the year 1 and rebuilt 3000 years later.",
    "Police arrested 12 protesters in Valletta last week, officials said.",
    "The ceasefire ended 10000 years ago, the spokesman claimed.",
]
ODD_TEXT = ["\ud800", "\udfff", "\x00", "\x1b", "\u202e", "\ufffe", "\U0010ffff", "\r\n", "é"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=6,
)


@st.composite
def article_text(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3))
    odd = draw(st.lists(st.sampled_from(ODD_TEXT), max_size=3))
    text = " ".join(words)
    for piece in odd:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + piece + text[at:]
    return text


def huge(limit: int) -> st.SearchStrategy[str]:
    return st.sampled_from([limit, limit + 1]).map(lambda size: ("Lima " * (size // 5 + 1))[:size])


record = st.fixed_dictionaries(
    {
        "published": st.one_of(st.sampled_from(EDGE_DATES), json_values),
        "text": st.one_of(article_text(), article_text(), huge(MAX_ARTICLE_CHARS + 1), json_values),
    },
    optional={
        "outlet": st.one_of(st.sampled_from(["Harbour Ledger", "Meridian \ud83c Wire"]), huge(FIELD_LIMITS["outlet"])),
        "title": st.one_of(article_text(), huge(FIELD_LIMITS["title"]), json_values),
        "url": st.one_of(st.just("https://example.org/a"), huge(FIELD_LIMITS["url"])),
        "language": st.sampled_from(["en", "fr", "", "\ud800"]),
    },
)
line = st.one_of(
    record.map(json.dumps),  # ensure_ascii: a lone surrogate is written as the escape "\ud800"
    record.map(json.dumps),
    json_values.map(json.dumps),
    st.integers(10, 50_000).map(lambda depth: "[" * depth + "]" * depth),
    st.just("{not json"),
)

RUNS = itertools.count(1)  # a new clean article for each example, even one Hypothesis runs again
CLEAN = {"published": "2026-03-02", "text": "Peru and Chile renewed the fisheries accord in Lima.", "outlet": "Check"}


@pytest.fixture(scope="module")
def shared_engine(tmp_path_factory):  # type: ignore[no-untyped-def]
    """One store for every example: what one example stored must not break the next."""
    from newsgraph.store.database import open_store

    engine = open_store(f"sqlite:///{tmp_path_factory.mktemp('flow') / 'flow.db'}")
    yield engine
    engine.dispose()


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(lines=st.lists(line, min_size=1, max_size=4))
def test_any_records_through_the_whole_flow(tmp_path_factory, shared_engine, extractor, lines):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("records") / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest([str(path)], shared_engine, extractor, batch_size=4)
    assert report.read + report.rejected.total >= len(lines)  # each record is accounted for
    assert all(r.reason and (r.position is None or 1 <= r.position <= len(lines)) for r in report.rejected)

    resolve_unresolved(shared_engine)  # stored rows never make resolution fail
    clean = tmp_path_factory.mktemp("clean") / "clean.jsonl"
    clean.write_text(
        json.dumps(CLEAN | {"text": f"{CLEAN['text']} Filed as number {next(RUNS)}."}) + "\n", encoding="utf-8"
    )
    after = ingest([str(clean)], shared_engine, extractor)
    assert len(after.stored) == 1 and after.rejected.total == 0
    stats = store_stats(shared_engine)
    assert stats.articles >= 1
    list_entities(shared_engine, limit=20)
    list_events(shared_engine, EventFilter(), limit=20)
    list_stories(shared_engine, min_articles=1, limit=20)
