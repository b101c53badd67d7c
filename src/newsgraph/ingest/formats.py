"""Every input format newsgraph reads, in one registry.

A format says how to read a text into articles, which file suffixes and
media types (HTTP Content-Type) it answers to, how to recognise it when
nothing says (standard input), and, optionally, how to read a file as a
stream in bounded memory. Files, request bodies and polled feeds all find
their reader here; a plug-in format would add itself the same way.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from newsgraph.ingest.csvfile import read_csv, read_csv_stream
from newsgraph.ingest.decode import decode_bytes
from newsgraph.ingest.feed import looks_like_feed, read_feed
from newsgraph.ingest.html import looks_like_html, read_html
from newsgraph.ingest.jsonl import looks_like_jsonl, read_json, read_jsonl, read_jsonl_stream
from newsgraph.ingest.seed import looks_like_seed, read_seed
from newsgraph.model import Article, InputError, NewsgraphError, Rejected

Reader = Callable[[str, str], Iterable[Article | Rejected]]
StreamReader = Callable[[BinaryIO, str], Iterable[Article | Rejected]]


class UnknownFormatError(NewsgraphError):
    """No registered format answers to a suffix or media type."""


@dataclass(frozen=True, slots=True)
class InputFormat:
    name: str
    read: Reader  # (text, input name) -> articles and rejections
    suffixes: tuple[str, ...] = ()
    media_types: tuple[str, ...] = ()
    looks_like: Callable[[str], bool] | None = None  # sniffing, tried in registry order
    read_stream: StreamReader | None = None  # a byte stream record by record, in bounded memory


def _looks_like_csv(text: str) -> bool:
    """A first line that is a CSV header naming a ``text`` column."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        fields = next(csv.reader([header]), [])
    except csv.Error:
        return False
    return "text" in {field.strip().lower() for field in fields}


_UNRECOGNISED = (
    "not a format newsgraph reads: plain text needs a first line 'date YYYY-MM-DD' (the seed format); "
    "or give JSON Lines, CSV with a header naming a 'text' column, an RSS/Atom feed or an HTML page"
)


def _read_unrecognised(text: str, input_name: str) -> Iterator[Article | Rejected]:
    yield Rejected(input_name, _UNRECOGNISED)


def _stream_unrecognised(stream: BinaryIO, input_name: str) -> Iterator[Article | Rejected]:
    yield Rejected(input_name, _UNRECOGNISED)  # not read any further


# What standard input is read as when it looks like none of the formats.
UNRECOGNISED = InputFormat("unrecognised", _read_unrecognised, read_stream=_stream_unrecognised)


FORMATS: dict[str, InputFormat] = {
    fmt.name: fmt
    for fmt in (
        InputFormat("seed", read_seed, (".txt", ".seed"), (), looks_like_seed),
        InputFormat("jsonl", read_jsonl, (".jsonl", ".ndjson"), (), looks_like_jsonl, read_jsonl_stream),
        InputFormat("json", read_json, (), ("application/json",)),
        InputFormat("feed", read_feed, (".xml", ".rss", ".atom"),
                    ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml"), looks_like_feed),
        InputFormat("html", read_html, (".html", ".htm"), ("text/html", "application/xhtml+xml"), looks_like_html),
        InputFormat("csv", read_csv, (".csv",), (), _looks_like_csv, read_csv_stream),
    )
}  # fmt: skip


def format_for_suffix(suffix: str) -> InputFormat | None:
    suffix = suffix.lower()
    return next((fmt for fmt in FORMATS.values() if suffix in fmt.suffixes), None)


def format_for_media_type(content_type: str) -> InputFormat:
    """The format a Content-Type header names; UnknownFormatError if none."""
    media_type = content_type.split(";")[0].strip().lower()
    for fmt in FORMATS.values():
        if media_type in fmt.media_types:
            return fmt
    known = ", ".join(t for fmt in FORMATS.values() for t in fmt.media_types)
    raise UnknownFormatError(f"cannot ingest a body of type {media_type or '(none)'!r}; send one of: {known}")


def sniff_format(text: str) -> InputFormat:
    """The format of a text nothing describes (standard input)."""
    return next((fmt for fmt in FORMATS.values() if fmt.looks_like is not None and fmt.looks_like(text)), UNRECOGNISED)


def read_bytes(raw: bytes, fmt: InputFormat, input_name: str) -> Iterator[Article | Rejected]:
    """Articles and rejections of ``raw`` in format ``fmt``; never raises InputError."""
    try:
        text = decode_bytes(raw, input_name)
    except InputError as error:
        yield Rejected(error.input_name, error.reason, error.position)
        return
    yield from read_text(text, fmt, input_name)


def read_text(text: str, fmt: InputFormat, input_name: str) -> Iterator[Article | Rejected]:
    """Articles and rejections of ``text`` in format ``fmt``; never raises InputError."""
    try:
        yield from fmt.read(text, input_name)
    except InputError as error:
        yield Rejected(error.input_name, error.reason, error.position)
