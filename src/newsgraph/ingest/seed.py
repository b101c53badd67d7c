"""The seed format: one article per file.

    date 2025-12-11 First sentence of the text may follow on this line…
    title: An optional title
    outlet: An optional outlet name
    url: https://an.optional/url
    Body text…

Header lines (``title:``, ``outlet:``, ``url:``) may only come right after the
date line; the first other line starts the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsgraph.ingest.dates import parse_published
from newsgraph.ingest.decode import check_article_text, check_field
from newsgraph.model import Article, InputError

_DATE_LINE = re.compile(r"date[ \t]+(\S+)[ \t]*(.*)", re.IGNORECASE)
_HEADER = re.compile(r"(title|outlet|source|url)[ \t]*:[ \t]*(.*)", re.IGNORECASE)


def looks_like_seed(text: str) -> bool:
    return bool(_DATE_LINE.match(text.lstrip()))


def read_seed(text: str, input_name: str) -> Iterator[Article]:
    """The one article of a seed-format text; raises InputError if it has none."""
    lines = text.lstrip().splitlines()
    if not lines:
        raise InputError(input_name, "empty file")
    first = _DATE_LINE.match(lines[0])
    if first is None:
        raise InputError(input_name, "first line is not 'date YYYY-MM-DD …' (seed format)")
    published = parse_published(first.group(1), input_name)
    headers: dict[str, str] = {}
    body_lines = [first.group(2)] if first.group(2).strip() else []
    rest = iter(lines[1:])
    for line in rest:
        header = _HEADER.fullmatch(line.strip())
        if header is None:
            body_lines.append(line)
            body_lines.extend(rest)
            break
        key = "outlet" if header.group(1).lower() == "source" else header.group(1).lower()
        headers[key] = header.group(2).strip()
    body = check_article_text("\n".join(body_lines), input_name)
    yield Article.create(
        published=published,
        text=body,
        title=check_field("title", headers.get("title"), input_name),
        outlet=check_field("outlet", headers.get("outlet"), input_name),
        url=check_field("url", headers.get("url"), input_name),
        input_name=input_name,
    )
