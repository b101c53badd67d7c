"""The pipeline's admission and the one registry of input formats."""

from __future__ import annotations

from datetime import date

import pytest

from newsgraph.ingest import READERS
from newsgraph.ingest.formats import FORMATS, UnknownFormatError, format_for_media_type, format_for_suffix, read_bytes
from newsgraph.model import Article, Rejected
from newsgraph.pipeline import admit

FRENCH = (
    "Le ministre a déclaré lundi que les discussions avec les pays voisins allaient reprendre dans les "
    "prochaines semaines et que le gouvernement était prêt à signer un accord sur les ports."
)
ENGLISH = (
    "The minister said on Monday that talks with the neighbouring countries would resume in the coming "
    "weeks and that the government was ready to sign an agreement on the ports."
)


def article(text: str, language: str | None = None) -> Article:
    return Article.create(published=date(2026, 3, 2), text=text, outlet="Tidewater Post", language=language)


def test_admit_detects_languages_and_applies_the_policy():
    french, english, declared = article(FRENCH), article(ENGLISH), article(ENGLISH + " Again.", language="fr")
    bad = Rejected("feed.xml", "entry has no publication date", 3)
    rejecting = admit([french, bad, english, declared], "reject")
    assert [a.language for a in rejecting.fresh] == ["en"]
    assert rejecting.rejected[0] is bad and len(rejecting.rejected) == 3
    assert all("not English" in r.reason for r in rejecting.rejected[1:])
    keeping = admit([french, bad, english, declared], "entities")
    assert [a.language for a in keeping.fresh] == ["fr", "en", "fr"] and keeping.rejected == [bad]


def test_admit_passes_over_stored_and_already_admitted_articles():
    first, second = article(ENGLISH), article(ENGLISH + " More.")
    admitted: set[str] = set()
    once = admit([first, second, first], "reject", lambda ids: {i for i in ids if i == second.id}, admitted)
    assert [a.id for a in once.fresh] == [first.id]
    assert once.present == [second.id, first.id] and once.read == 3
    assert admit([first], "reject", None, admitted).present == [first.id]


def test_every_format_is_registered_once_for_files_and_bodies():
    assert READERS[".rss"] is FORMATS["feed"].read is format_for_media_type("application/rss+xml").read
    assert format_for_suffix(".HTM") is FORMATS["html"] is format_for_media_type("text/html; charset=utf-8")
    with pytest.raises(UnknownFormatError, match="image/png"):
        format_for_media_type("image/png")


def test_a_json_body_holds_one_article_or_a_list():
    body = b'[{"published": "2026-03-02", "text": "Malta signed."}, {"text": "no date"}, 7]'
    items = list(read_bytes(body, FORMATS["json"], "POST"))
    assert isinstance(items[0], Article) and [r.position for r in items[1:]] == [2, 3]
    (broken,) = read_bytes(b"{not json", FORMATS["json"], "POST")
    assert isinstance(broken, Rejected) and "malformed JSON" in broken.reason
    (undecodable,) = read_bytes(b"\xff\xfe\x00", FORMATS["json"], "POST")
    assert isinstance(undecodable, Rejected)
