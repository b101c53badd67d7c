"""HTML pages and RSS/Atom feeds as inputs: metadata, boilerplate, dates."""

from __future__ import annotations

from datetime import date

import pytest

from newsgraph.ingest import READERS, read_source, sniff_reader
from newsgraph.ingest.feed import html_to_text, read_feed
from newsgraph.ingest.html import read_html
from newsgraph.model import Article, Rejected
from tests.surfaces import WEB_FIXTURES


def read(name: str) -> list[Article | Rejected]:
    return list(read_source(str(WEB_FIXTURES / name)))


def test_html_page_gives_text_title_date_and_outlet_without_boilerplate():
    [article] = read("harbour-ledger-port-strike.html")
    assert isinstance(article, Article)
    assert article.published == date(2026, 1, 22)
    assert article.title == "Chattogram dockworkers end strike"
    assert article.outlet == "Harbour Ledger"
    assert article.url == "https://harbourledger.example/ports/2026/01/chattogram-strike-ends"
    assert article.text.startswith("Dockworkers in Chattogram ended their three-day strike")
    assert "Rafiq Hasan" in article.text and "90% of Bangladesh" in article.text
    for boilerplate in ("cookies", "Subscribe", "All rights reserved", "Related:", "Home"):
        assert boilerplate not in article.text


def test_html_page_without_a_date_in_its_metadata_is_rejected():
    [rejected] = read("undated-opinion.html")
    assert isinstance(rejected, Rejected)
    assert "no publication date" in rejected.reason


@pytest.mark.parametrize("text", ["", "<html><body></body></html>", "<html><head><title>x</title></head></html>"])
def test_html_without_an_article_is_rejected_not_raised(text: str):
    [result] = read_html(text, "page.html")
    assert isinstance(result, Rejected)


def test_rss_entries_become_articles_and_undated_entries_are_rejected():
    results = read("meridian-wire.rss")
    articles = [r for r in results if isinstance(r, Article)]
    rejected = [r for r in results if isinstance(r, Rejected)]
    assert [a.published for a in articles] == [date(2025, 10, 9), date(2025, 11, 5)]
    assert {a.outlet for a in articles} == {"Meridian Wire"}
    assert articles[0].title == "Norway approves Kaveri purchase of Norland Electronics"
    assert articles[0].text.splitlines()[1] == "Kaveri Chief Executive Anita Rao said the deal would close in November."
    assert "<p>" not in articles[0].text
    assert articles[1].text.startswith("Lithuania's foreign ministry summoned")  # from the summary
    assert [(r.position, r.reason) for r in rejected] == [(3, "entry has no publication date")]


def test_atom_entry_without_content_or_summary_is_rejected():
    results = read("continental-review.atom")
    assert isinstance(results[0], Article)
    assert results[0].published == date(2026, 5, 25)
    assert results[0].url == "https://continentalreview.example/politics/krakow-run-off"
    assert isinstance(results[1], Rejected) and "neither content nor summary" in results[1].reason


def test_a_body_that_looks_like_a_url_is_not_fetched():
    [result] = read_feed("http://127.0.0.1:9/feed.xml", "body")
    assert isinstance(result, Rejected)


def test_html_fragments_become_paragraph_lines():
    assert html_to_text("<p>One &amp; two.</p><p>Three.</p>") == "One & two.\nThree."
    assert html_to_text("plain text") == "plain text"


def test_web_formats_are_registered_and_sniffed():
    for suffix in (".html", ".htm", ".xml", ".rss", ".atom"):
        assert suffix in READERS
    assert sniff_reader((WEB_FIXTURES / "meridian-wire.rss").read_text()) is read_feed
    assert sniff_reader((WEB_FIXTURES / "harbour-ledger-port-strike.html").read_text()) is read_html
