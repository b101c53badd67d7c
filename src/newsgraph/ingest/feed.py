"""RSS and Atom feeds (feedparser): every entry with content or a summary
becomes an article; an entry without a publication date is rejected."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date

import feedparser
import lxml.html
from lxml.etree import ParserError

from newsgraph.ingest.dates import check_published
from newsgraph.ingest.decode import check_article_text, check_field, repair_text
from newsgraph.model import Article, InputError, Rejected

_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr")


def looks_like_feed(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment (feed content is usually HTML), one
    paragraph per line."""
    if "<" not in fragment:
        return fragment
    try:
        root = lxml.html.fromstring(f"<div>{fragment}</div>")
    except (ParserError, ValueError):
        return fragment
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


def _entry_text(entry: feedparser.FeedParserDict) -> str | None:
    for content in entry.get("content") or ():
        if (content.get("value") or "").strip():
            return html_to_text(content["value"])
    summary = entry.get("summary") or entry.get("description")
    return html_to_text(summary) if summary and summary.strip() else None


def _entry_date(entry: feedparser.FeedParserDict) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    except (ValueError, TypeError, AttributeError):
        return None


def article_from_entry(entry: feedparser.FeedParserDict, outlet: str | None, input_name: str, position: int) -> Article:
    """One feed entry as an article; raises InputError naming what is missing."""
    text = _entry_text(entry)
    if text is None:
        raise InputError(input_name, "entry has neither content nor summary", position)
    published = _entry_date(entry)
    if published is None:
        raise InputError(input_name, "entry has no publication date", position)
    return Article.create(
        published=check_published(published, input_name, position),
        text=check_article_text(text, input_name, position),
        outlet=check_field("outlet", outlet, input_name, position),
        url=check_field("url", entry.get("link"), input_name, position),
        title=check_field("title", entry.get("title"), input_name, position),
        input_name=input_name,
        position=position,
    )


_CHARACTER_REFERENCE = re.compile(r"&#([xX][0-9a-fA-F]{1,16}|[0-9]{1,20});")


def _valid_reference(match: re.Match[str]) -> str:
    """A numeric character reference, or U+FFFD's where it names no
    character text can hold (NUL, a surrogate, past U+10FFFF): feedparser
    raises on those."""
    digits = match.group(1)
    code = int(digits[1:], 16) if digits[0] in "xX" else int(digits)
    return match.group(0) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "&#xFFFD;"


def read_feed(text: str, input_name: str) -> Iterator[Article | Rejected]:
    """The entries of an RSS or Atom feed; ``position`` is the 1-based entry."""
    source = repair_text(_CHARACTER_REFERENCE.sub(_valid_reference, text)).encode("utf-8")
    try:
        # A stream, never a str: feedparser would fetch a str that looks like
        # a URL or open one that names a file.
        parsed = feedparser.parse(io.BytesIO(source), sanitize_html=True, resolve_relative_uris=False)
    except (ValueError, LookupError, RecursionError) as error:
        yield Rejected(input_name, f"not a readable RSS/Atom feed ({type(error).__name__}: {error})")
        return
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        reason = f"not an RSS/Atom feed ({problem})" if problem else "feed has no entries"
        yield Rejected(input_name, reason)
        return
    outlet = parsed.feed.get("title") or None
    for position, entry in enumerate(parsed.entries, start=1):
        try:
            yield article_from_entry(entry, outlet, input_name, position)
        except InputError as error:
            yield Rejected(input_name, error.reason, position)
