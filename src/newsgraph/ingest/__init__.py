"""Read sources into Articles; every bad input becomes a Rejected with a reason.

Formats register in ``ingest/formats.py`` (files by suffix, request bodies
by media type, standard input by sniffing); a plug-in format would add itself
the same way. ``-`` reads standard input, whose format is sniffed.
"""

from __future__ import annotations

import glob
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from newsgraph.ingest.decode import MAX_ARTICLE_BYTES, decode_bytes
from newsgraph.ingest.formats import FORMATS, Reader, StreamReader, format_for_suffix, read_text, sniff_format
from newsgraph.ingest.language import detect_language
from newsgraph.model import Article, InputError, Rejected

# Views of the registry (ingest/formats.py) by file suffix.
READERS: dict[str, Reader] = {suffix: fmt.read for fmt in FORMATS.values() for suffix in fmt.suffixes}
STREAM_READERS: dict[str, StreamReader] = {
    suffix: fmt.read_file for fmt in FORMATS.values() if fmt.read_file is not None for suffix in fmt.suffixes
}

STDIN = "-"


def sniff_reader(text: str) -> Reader:
    """The reader for a text of unknown format (standard input)."""
    return sniff_format(text).read


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
            fmt, input_name = sniff_format(text), "<stdin>"
        else:
            path = Path(name)
            if not path.exists():
                raise InputError(name, "no such file or directory")
            found = format_for_suffix(path.suffix)
            if found is None:
                raise InputError(name, f"unknown format {path.suffix!r} (known: {', '.join(sorted(READERS))})")
            if found.read_file is not None:
                for item in found.read_file(path, name):
                    yield with_language(item)
                return
            if found.one_article and path.stat().st_size > MAX_ARTICLE_BYTES:
                raise InputError(name, f"file larger than {MAX_ARTICLE_BYTES:,} bytes for one article")
            text = decode_bytes(path.read_bytes(), name)
            fmt, input_name = found, name
        for item in read_text(text, fmt, input_name):
            yield with_language(item)
    except InputError as error:
        yield Rejected(error.input_name, error.reason, error.position)
    except OSError as error:
        yield Rejected(name, f"cannot read ({error.strerror or error})")


def read_sources(sources: Iterable[str]) -> Iterator[Article | Rejected]:
    """Every article and rejection from ``sources`` (files, folders, globs, ``-``)."""
    for name in expand_paths(sources):
        yield from read_source(name)
