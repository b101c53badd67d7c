from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.ingest.language import detect_language
from newsgraph.model import Article
from newsgraph.pipeline import ingest_items
from newsgraph.store import schema

# Our own sentences, one per language.
SAMPLES = {
    "en": "The port authority said on Monday that the new berths would open next year, after delays caused by storms.",
    "fr": "Le gouvernement a annoncé mardi que les travaux du nouveau port commenceront au printemps, selon lui.",
    "de": "Die Regierung hat am Dienstag mitgeteilt, dass der Bau des neuen Hafens im Frühjahr beginnen soll.",
    "es": "El gobierno anunció el martes que las obras del nuevo puerto comenzarán en primavera, según el ministro.",
    "ru": "Правительство во вторник объявило, что строительство нового порта начнётся весной, сообщил министр.",
    "zh": "政府周二宣布，新港口的建设将于明年春天开始，部长在记者会上表示。",
}


@pytest.mark.parametrize(("language", "text"), sorted(SAMPLES.items()))
def test_languages_are_told_apart(language: str, text: str):
    assert detect_language(text) == language


def test_short_texts_are_undetermined():
    assert detect_language("Kenya wins.") == "und"


@given(st.text(max_size=300))
def test_detection_never_raises(text: str):
    assert detect_language(text)


def articles() -> list[Article]:
    return [
        Article.create(published=date(2026, 1, 1), text=SAMPLES[code], outlet="Wire", language=code)
        for code in ("en", "fr")
    ]


def test_non_english_articles_are_rejected_with_a_reason_by_default(engine, extractor):
    report = ingest_items(articles(), engine, extractor)
    assert len(report.stored) == 1
    (rejection,) = report.rejected
    assert "language looks like 'fr', not English" in rejection.reason


def test_non_english_articles_can_be_kept_with_entities_only(engine, extractor):
    french = Article.create(
        published=date(2026, 1, 1), text="Emmanuel Macron a reçu Olaf Scholz à Paris mardi.", language="fr"
    )
    extraction = extractor.extract(french)
    assert extraction.mentions and not extraction.events and not extraction.timexes
    report = ingest_items([french], engine, extractor, non_english="entities")
    assert report.stored == [french.id]
    with engine.connect() as connection:
        assert connection.scalar(schema.article.select().with_only_columns(schema.article.c.language)) == "fr"
