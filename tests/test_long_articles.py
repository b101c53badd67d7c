"""A long article is parsed in pieces by spaCy's own components and joined
into one Doc for ours: the pieces join back into the text, and what is
extracted points into the text as a whole."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from newsgraph.extract import extractor as extractor_module
from newsgraph.extract.extractor import text_pieces
from newsgraph.model import Article

DEMO = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "demo" / "articles"


@given(st.text(alphabet="ab .\n", max_size=400), st.integers(min_value=4, max_value=60))
def test_pieces_join_back_into_the_text_and_keep_to_their_size(text: str, size: int):
    pieces = text_pieces(text, size)
    assert "".join(pieces) == text
    assert all(len(piece) <= size for piece in pieces)


def test_pieces_are_cut_after_line_breaks_where_there_are_some():
    text = "First paragraph here.\nSecond paragraph is here.\nThird one."
    assert text_pieces(text, 30) == ["First paragraph here.\n", "Second paragraph is here.\n", "Third one."]


def test_a_long_article_parsed_in_pieces_gives_what_the_whole_text_gives(extractor, monkeypatch):
    body = "\n".join(path.read_text(encoding="utf-8").split("\n", 1)[1] for path in sorted(DEMO.glob("*.txt"))[:4])
    article = Article.create(published=date(2026, 1, 5), text=body, outlet="Test Wire")
    whole = extractor.extract(article)
    monkeypatch.setattr(extractor_module, "LONG_TEXT_CHARS", 1_000)
    monkeypatch.setattr(extractor_module, "PIECE_CHARS", 1_500)
    pieced = extractor.extract(article)
    for mention in pieced.mentions:
        assert body[mention.start : mention.end] == mention.text
    for event in pieced.events:
        assert body[event.trigger_start : event.trigger_end] == event.trigger
    # spaCy's context crosses no piece boundary: nearly all mentions and events are the same
    spans = lambda extraction: {(m.start, m.end, m.type) for m in extraction.mentions}  # noqa: E731
    assert len(spans(whole) & spans(pieced)) >= 0.9 * len(spans(whole))
    triggers = lambda extraction: {(e.trigger_start, e.type) for e in extraction.events}  # noqa: E731
    assert len(triggers(whole) & triggers(pieced)) >= 0.8 * len(triggers(whole)) > 0
