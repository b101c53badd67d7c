"""Read sources into Articles; every bad input becomes a Rejected with a reason.

Formats register in ``READERS`` by file suffix; a plug-in format would add
itself the same way. ``-`` reads standard input, whose format is sniffed.
"""

from __future__ import annotations

import glob
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from newsgraph.ingest.csvfile import read_csv, read_csv_file
from newsgraph.ingest.decode import MAX_ARTICLE_BYTES, decode_bytes
from newsgraph.ingest.feed import looks_like_feed, read_feed
from newsgraph.ingest.html import looks_like_html, read_html
from newsgraph.ingest.jsonl import looks_like_jsonl, read_jsonl, read_jsonl_file
from newsgraph.ingest.language import detect_language
from newsgraph.ingest.seed import looks_like_seed, read_seed
from newsgraph.model import Article, InputError, Rejected

Reader = Callable[[str, str], Iterable[Article | Rejected]]

READERS: dict[str, Reader] = {
    ".txt": read_seed,
    ".seed": read_seed,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".csv": read_csv,
    ".html": read_html,
    ".htm": read_html,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
}

# Formats read from the file as a stream, record by record, so that a file
# of any size is read in bounded memory; the rest are read whole.
StreamReader = Callable[[Path, str], Iterable[Article | Rejected]]
STREAM_READERS: dict[str, StreamReader] = {
    ".jsonl": read_jsonl_file,
    ".ndjson": read_jsonl_file,
    ".csv": read_csv_file,
}

STDIN = "-"


def sniff_reader(text: str) -> Reader:
    """The reader for a text of unknown format (standard input)."""
    if looks_like_seed(text):
        return read_seed
    if looks_like_jsonl(text):
        return read_jsonl
    if looks_like_feed(text):
        return read_feed
    if looks_like_html(text):
        return read_html
    return read_csv


def expand_paths(sources: Iterable[str]) -> Iterator[str]:
    """Files named by ``sources``: files as given, folders walked (sorted),
    globs expanded; ``-`` passes through. A name matching nothing is yielded
    as is so that reading it reports the problem."""
    for source in sources:
        if source == STDIN:
            yield source
            continue
        path = Path(source)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                if child.suffix.lower() in READERS:
                    yield str(child)
        elif not path.exists() and glob.has_magic(source):
            matches = sorted(glob.glob(source, recursive=True))
            yield from (m for m in matches if Path(m).is_file()) if matches else [source]
        else:
            yield source


def with_language(item: Article | Rejected) -> Article | Rejected:
    """The article with its language detected, unless its source declared it."""
    if isinstance(item, Article) and item.language is None:
        return replace(item, language=detect_language(item.text))
    return item


def read_source(name: str) -> Iterator[Article | Rejected]:
    """Articles and rejections of one file (or ``-``); never raises InputError."""
    try:
        if name == STDIN:
            text = decode_bytes(sys.stdin.buffer.read(), "<stdin>")
            reader = sniff_reader(text)
            input_name = "<stdin>"
        else:
            path = Path(name)
            if not path.exists():
                raise InputError(name, "no such file or directory")
            stream_reader = STREAM_READERS.get(path.suffix.lower())
            if stream_reader is not None:
                for item in stream_reader(path, name):
                    yield with_language(item)
                return
            reader = READERS.get(path.suffix.lower())
            if reader is None:
                raise InputError(name, f"unknown format {path.suffix!r} (known: {', '.join(sorted(READERS))})")
            if reader is read_seed and path.stat().st_size > MAX_ARTICLE_BYTES:
                raise InputError(name, f"file larger than {MAX_ARTICLE_BYTES:,} bytes for one article")
            text = decode_bytes(path.read_bytes(), name)
            input_name = name
        for item in reader(text, input_name):
            yield with_language(item)
    except InputError as error:
        yield Rejected(error.input_name, error.reason, error.position)
    except OSError as error:
        yield Rejected(name, f"cannot read ({error.strerror or error})")


def read_sources(sources: Iterable[str]) -> Iterator[Article | Rejected]:
    """Every article and rejection from ``sources`` (files, folders, globs, ``-``)."""
    for name in expand_paths(sources):
        yield from read_source(name)
