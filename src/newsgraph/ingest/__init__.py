"""Read sources into Articles; every bad input becomes a Rejected with a reason.

Formats register in ``ingest/formats.py`` (files by suffix, request bodies
by media type, standard input by sniffing); a plug-in format would add itself
the same way. ``-`` reads standard input, whose format is sniffed.
"""

from __future__ import annotations

import glob
import io
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from newsgraph.ingest.decode import (
    MAX_RECORD_BYTES,
    SNIFF_BYTES,
    decode_bytes,
    encoding_of,
    read_bounded,
    repair_text,
)
from newsgraph.ingest.formats import FORMATS, InputFormat, Reader, format_for_suffix, sniff_format
from newsgraph.ingest.language import detect_language
from newsgraph.model import Article, InputError, Rejected

# The registry (ingest/formats.py) by file suffix. Formats with a stream
# reader are read record by record, so that an input of any size is read in
# bounded memory; the rest are read whole, up to MAX_RECORD_BYTES (one
# article, one page, one feed).
READERS: dict[str, Reader] = {suffix: fmt.read for fmt in FORMATS.values() for suffix in fmt.suffixes}

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
    input_name = "<stdin>" if name == STDIN else repair_text(name)  # a file name need not be UTF-8
    try:
        if name == STDIN:
            yield from _read_stream(_read_ahead(sys.stdin.buffer), input_name)
            return
        path = Path(name)
        if not path.exists():
            raise InputError(input_name, "no such file or directory")
        fmt = format_for_suffix(path.suffix)
        if fmt is None:
            raise InputError(input_name, f"unknown format {path.suffix!r} (known: {', '.join(sorted(READERS))})")
        with path.open("rb") as stream:
            yield from _read_with(fmt, stream, input_name)
    except InputError as error:
        yield Rejected(error.input_name, error.reason, error.position)
    except OSError as error:
        yield Rejected(input_name, f"cannot read ({error.strerror or error})")
    except (ValueError, LookupError, RecursionError) as error:  # a reader's own bug: this input only
        yield Rejected(input_name, f"cannot read ({type(error).__name__}: {error})")


def _read_with(fmt: InputFormat, stream: BinaryIO, input_name: str) -> Iterator[Article | Rejected]:
    if fmt.read_stream is not None:
        items = fmt.read_stream(stream, input_name)
    else:
        items = fmt.read(decode_bytes(read_bounded(stream, MAX_RECORD_BYTES, input_name), input_name), input_name)
    for item in items:
        yield with_language(item)


def _read_stream(stream: io.BufferedReader, input_name: str) -> Iterator[Article | Rejected]:
    """A stream of unknown format (standard input): the format is sniffed
    from its first bytes, then it is read like a file of that format."""
    head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    fmt = sniff_format(head.decode(encoding_of(head), errors="replace"))
    yield from _read_with(fmt, stream, input_name)


def _read_ahead(stream: BinaryIO) -> io.BufferedReader:
    """``stream`` buffered so that ``peek`` sees its first SNIFF_BYTES,
    however little a pipe gives at a time."""
    return io.BufferedReader(_Prefixed(stream.read(SNIFF_BYTES), stream), buffer_size=SNIFF_BYTES)


class _Prefixed(io.RawIOBase):
    """Bytes already read from a stream, then the rest of the stream."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self.head = head
        self.stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self.head:
            count = min(len(buffer), len(self.head))
            buffer[:count] = self.head[:count]
            self.head = self.head[count:]
            return count
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def read_sources(sources: Iterable[str]) -> Iterator[Article | Rejected]:
    """Every article and rejection from ``sources`` (files, folders, globs, ``-``)."""
    for name in expand_paths(sources):
        yield from read_source(name)
