"""Evidence spans always lie inside their sentence, and every renderer of a
highlighted sentence (CLI, web) survives any span it is given."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from io import StringIO

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from newsgraph.api.web import sentence_segments
from newsgraph.cli.render import highlight as _highlight
from newsgraph.model import Article, Event, EventParticipant, Extraction, Mention, Sentence, Timex
from newsgraph.pipeline import ingest
from newsgraph.query.entities import entity_profile
from newsgraph.query.events import EventFilter, list_events
from newsgraph.query.sentences import evidence
from newsgraph.query.timeline import entity_timeline
from newsgraph.query.views import Evidence, clamp_span
from newsgraph.store import schema
from newsgraph.store.database import open_store
from newsgraph.store.writer import StoreWriter
from tests.conftest import SEED_ARTICLE
from tests.surfaces import build_demo_store

OFFSETS = st.integers(min_value=-10_000, max_value=10_000)
SENTENCES = st.text(st.characters(codec="utf-8"), max_size=120)


@contextmanager
def within(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: rich loops for ever on a span it cannot place."""

    def give_up(_signal: int, _frame: object) -> None:
        raise TimeoutError(f"rendering took more than {seconds}s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def render_in_table(sentence: str, start: int, end: int) -> str:
    """The CLI's highlighted sentence in a narrow table cell (where it wraps), as printed."""
    table = Table("evidence")
    table.add_row(_highlight(sentence, start, end))
    console = Console(file=StringIO(), width=30, color_system=None)
    with within(5):
        console.print(table)
    return console.file.getvalue()


@given(length=st.integers(min_value=-5, max_value=500), start=OFFSETS, end=OFFSETS)
def test_clamp_span_keeps_any_span_inside_the_text(length, start, end):
    low, high = clamp_span(length, start, end)
    assert 0 <= low <= high <= max(length, 0)
    if 0 <= start <= end <= length:
        assert (low, high) == (start, end)


@given(sentence=SENTENCES, start=OFFSETS, end=OFFSETS)
def test_cli_highlight_renders_any_span(sentence, start, end):
    text = _highlight(sentence, start, end)
    assert len(text.plain) == len(sentence) and "\n" not in text.plain
    for span in text.spans:
        assert 0 <= span.start < span.end <= len(text.plain)
    render_in_table(sentence, start, end)


@given(sentence=SENTENCES, start=OFFSETS, end=OFFSETS)
def test_web_segments_render_any_span(sentence, start, end):
    pieces = sentence_segments(sentence, start, end)
    assert "".join(piece.text for piece in pieces) == sentence
    marked = [piece.text for piece in pieces if piece.kind]
    low, high = clamp_span(len(sentence), start, end)
    assert marked == ([sentence[low:high]] if low < high else [])


@given(
    before=st.text(max_size=40),
    sentence=st.text(min_size=1, max_size=80),
    after=st.text(max_size=40),
    start=OFFSETS,
    end=OFFSETS,
    named=st.none() | st.text(max_size=10),
)
def test_query_evidence_is_always_inside_its_sentence(before, sentence, after, start, end, named):
    text = before + sentence + after
    found = evidence(start, end, len(before), len(before) + len(sentence), "a1", date(2025, 1, 1), None, text, named)
    assert found.sentence == sentence
    assert 0 <= found.start <= found.end <= len(found.sentence)


def test_a_span_outside_its_sentence_moves_to_where_the_name_is_written_or_highlights_nothing():
    text = "Indian firms met in Moscow. The talks in Russia went well. The talks were Indian-led."
    second, third = text.index("The talks in"), text.index("The talks were")
    outside = (text.index("Moscow"), text.index("Moscow") + len("Moscow"))
    named = evidence(*outside, second, third - 1, "a1", date(2025, 1, 1), None, text, "Russia")
    assert named.sentence[named.start : named.end] == "Russia"
    # "India" is not named by "Indian": nothing to highlight.
    unnamed = evidence(*outside, third, len(text), "a1", date(2025, 1, 1), None, text, "India")
    assert (unnamed.start, unnamed.end) == (0, 0)
    inside = evidence(second + 4, second + 9, second, third - 1, "a1", date(2025, 1, 1), None, text, "Russia")
    assert inside.sentence[inside.start : inside.end] == "talks"


def test_a_carried_over_participant_is_not_highlighted_outside_the_timeline_sentence(engine):
    text = "Officials of Norway held talks in Oslo on Monday. The talks ended without a deal."
    first_end = text.index(".") + 1
    second = first_end + 1
    article = Article.create(published=date(2025, 3, 5), text=text, outlet="Harbour Ledger")
    norway = (text.index("Norway"), text.index("Norway") + len("Norway"))
    monday = (text.index("Monday"), text.index("Monday") + len("Monday"))
    talks = text.index("talks", second)

    def consult(sentence: int, start: int, end: int, trigger_at: int, inherited: int | None) -> Event:
        actor = EventParticipant("actor", "Norway", *norway, 0, "GPE", "NOR", inherited_from=inherited)
        return Event("CONSULT", None, (), "asserted", "talks", trigger_at, trigger_at + 5, sentence, start, end,
                     (actor,), timex=0)  # fmt: skip

    extraction = Extraction(
        article,
        (Sentence(0, first_end), Sentence(second, len(text))),
        (Mention(*norway, "Norway", "GPE", 0),),
        timexes=(Timex(*monday, "Monday", "DATE", "2025-03-03", 0),),
        events=(consult(0, 0, first_end, text.index("talks"), None), consult(1, second, len(text), talks, 0)),
        extractor_version="t",
    )
    StoreWriter(engine).write_batch([extraction])
    with engine.connect() as connection:
        norway_id = connection.scalar(select(schema.entity.c.id).where(schema.entity.c.canonical_name == "Norway"))
    entries = entity_timeline(engine, norway_id)
    assert len(entries) == 2
    highlighted = {e.evidence.sentence: e.evidence.sentence[e.evidence.start : e.evidence.end] for e in entries}
    assert highlighted == {text[:first_end]: "Norway", text[second:]: ""}


def assert_inside(evidence_: Evidence, where: str) -> None:
    assert 0 <= evidence_.start <= evidence_.end <= len(evidence_.sentence), (where, evidence_)


@pytest.mark.slow
def test_every_evidence_of_the_demo_store_lies_inside_its_sentence(tmp_path, extractor):
    """The demo corpus (and the seed article when ../shared is present):
    every entity's profile, roles, timeline and events, through the query
    functions, and each timeline sentence as the CLI prints it."""
    url = build_demo_store(tmp_path, extractor)
    engine = open_store(url)
    try:
        if SEED_ARTICLE.exists():
            ingest([str(SEED_ARTICLE)], engine, extractor, batch_size=extractor.batch_size)
        with engine.connect() as connection:
            ids = list(connection.scalars(select(schema.entity.c.id)))
        assert len(ids) > 100
        checked = 0
        for entity_id in ids:
            profile = entity_profile(engine, entity_id)
            assert profile is not None
            for found in profile.evidence:
                assert_inside(found, f"profile of #{entity_id}")
            for role in profile.roles:
                assert_inside(role.evidence, f"role of #{entity_id}")
            for entry in entity_timeline(engine, entity_id):
                assert_inside(entry.evidence, f"timeline of #{entity_id}")
                render_in_table(entry.evidence.sentence, entry.evidence.start, entry.evidence.end)
                checked += 1
            for event in list_events(engine, EventFilter(entity_id=entity_id), limit=1000):
                assert_inside(event.evidence, f"event {event.id} of #{entity_id}")
        assert checked > 0
    finally:
        engine.dispose()
