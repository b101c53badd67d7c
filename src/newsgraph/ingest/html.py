"""HTML pages: the article's main text with boilerplate (navigation, footers,
comments) removed, and its title, date and outlet from the page's metadata,
by trafilatura. A page whose metadata gives no publication date is rejected:
dates are never guessed from the text or the current day."""

from __future__ import annotations

from collections.abc import Iterator

from newsgraph.ingest.dates import parse_published
from newsgraph.ingest.decode import MAX_PAGE_CHARS, check_article_text, check_field
from newsgraph.model import Article, InputError, Rejected

# Only the dates a page declares (meta tags, JSON-LD, <time>), not ones
# found by scanning its text, and the original publication, not an update.
_DATE_SEARCH = {"extensive_search": False, "original_date": True}


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def _body_without_title(text: str, title: str | None) -> str:
    """trafilatura keeps the page's headline as the first line of the text."""
    first, _, rest = text.partition("\n")
    if title and first.strip() == title.strip() and rest.strip():
        return rest
    return text


def article_from_html(html: str, input_name: str, url: str | None = None) -> Article:
    """The article in one HTML page; raises InputError when there is none."""
    if len(html) > MAX_PAGE_CHARS:
        raise InputError(input_name, f"HTML page longer than {MAX_PAGE_CHARS:,} characters")
    import trafilatura  # heavy; only HTML input needs it

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, date_extraction_params=_DATE_SEARCH
    )
    if document is None or not (document.text or "").strip():
        raise InputError(input_name, "no article text found in the HTML page")
    if not document.date:
        raise InputError(input_name, "no publication date in the page's metadata")
    title = document.title or None
    return Article.create(
        published=parse_published(document.date, input_name),
        text=check_article_text(_body_without_title(document.text, title), input_name),
        outlet=check_field("outlet", document.sitename or document.hostname or None, input_name),
        url=check_field("url", document.url or url, input_name),
        title=check_field("title", title, input_name),
        input_name=input_name,
    )


def read_html(text: str, input_name: str) -> Iterator[Article | Rejected]:
    """The article of one HTML page, or why there is none."""
    try:
        yield article_from_html(text, input_name)
    except InputError as error:
        yield Rejected(input_name, error.reason)
    except (ValueError, LookupError, RecursionError) as error:  # from the HTML parser, on this page only
        yield Rejected(input_name, f"not a readable HTML page ({type(error).__name__}: {error})")
