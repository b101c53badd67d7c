"""Bytes to text, with the checks every input format shares.

Bad input is named and explained: binary junk, invalid UTF-8, empty or
oversized text each raise an ``InputError`` carrying the input's name.
Input is read in bounded pieces: no record larger than its limit is ever
held whole in memory.

The limits (documented in the README):

- an article's text: ``MAX_ARTICLE_CHARS`` characters, the most spaCy takes
  in one document (``nlp.max_length``);
- a record as read (a JSON line, a CSV line, a seed file, an HTML page, a
  feed), escapes and markup included: ``MAX_RECORD_BYTES``;
- an HTML page, before boilerplate removal (which takes seconds per MB):
  ``MAX_PAGE_CHARS``.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from typing import BinaryIO, TextIO

from newsgraph.model import InputError

MAX_ARTICLE_CHARS = 1_000_000
MAX_RECORD_BYTES = 10_000_000
MAX_PAGE_CHARS = 2_000_000
SNIFF_BYTES = 65536
READ_CHUNK = 1 << 20
# The longest title, outlet and url kept (as the API's schema says).
FIELD_LIMITS = {"title": 1000, "outlet": 300, "url": 2000}

_CONTROL = {*range(0, 9), 11, 12, *range(14, 32), 127}
_CONTROL_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_CONTROL)) + "]")
# Code points no UTF-8 text can hold (lone surrogates, from a JSON escape
# such as "\ud800") and NUL, which PostgreSQL text cannot store.
_UNENCODABLE = re.compile("[\x00\ud800-\udfff]")
# What undecodable bytes become when read with errors="surrogateescape".
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")

# Byte order marks, longest first (UTF-32 LE starts with UTF-16 LE's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def encoding_of(head: bytes) -> str:
    """The text encoding of input starting with ``head``: UTF-16 or UTF-32
    if it starts with their byte order mark, UTF-8 otherwise."""
    return next((name for bom, name in _BOMS if head.startswith(bom)), "utf-8-sig")


def _encoding_name(encoding: str) -> str:
    return encoding.removesuffix("-sig").upper()


def check_not_binary(head: bytes, input_name: str, position: int | None = None) -> None:
    """Reject input whose first bytes hold NULs: binary data, not text
    (text in UTF-16 or UTF-32, which hold NULs, starts with its byte order mark)."""
    if encoding_of(head) == "utf-8-sig" and b"\x00" in head[:SNIFF_BYTES]:
        raise InputError(input_name, "binary data (NUL bytes), not text", position)


def decode_bytes(raw: bytes, input_name: str, position: int | None = None) -> str:
    """``raw`` as text: UTF-8, or UTF-16/UTF-32 with a byte order mark (which
    is dropped); not binary."""
    check_not_binary(raw, input_name, position)
    encoding = encoding_of(raw[:4])
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            input_name,
            f"not valid {_encoding_name(encoding)} (byte {error.start}: {raw[error.start : error.start + 1]!r})",
            position,
        ) from None
    return text


def open_text(stream: io.BufferedReader, input_name: str, newline: str | None = "\n") -> TextIO:
    """``stream`` as text in its encoding (``encoding_of``), after checking it
    is not binary. Undecodable bytes become lone surrogates (surrogateescape),
    so that a reader can reject the one record holding them
    (``undecodable_at``) and go on."""
    head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    check_not_binary(head, input_name)
    return io.TextIOWrapper(stream, encoding=encoding_of(head), errors="surrogateescape", newline=newline)


def read_bounded(stream: BinaryIO, limit: int, input_name: str) -> bytes:
    """All of ``stream``, read in chunks; an InputError as soon as it holds
    more than ``limit`` bytes (the rest is left unread)."""
    chunks, size = [], 0
    while chunk := stream.read(min(READ_CHUNK, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise InputError(input_name, f"larger than {limit:,} bytes for one input")
    return b"".join(chunks)


def bounded_lines(stream: TextIO, limit: int = MAX_RECORD_BYTES) -> Iterator[str | None]:
    """Lines of a text stream, each read with at most ``limit`` characters in
    memory; a longer line is skipped and given as None."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith("\n"):
            while (rest := stream.readline(READ_CHUNK)) and not rest.endswith("\n"):
                pass
            yield None
        else:
            yield line


def undecodable_at(text: str) -> int | None:
    """The index of the first undecodable byte (read with surrogateescape)
    in ``text``, or None."""
    found = _ESCAPED_BYTE.search(text)
    return None if found is None else found.start()


def repair_text(text: str) -> str:
    """``text`` with code points no UTF-8 store can hold (lone surrogates,
    NUL) replaced by U+FFFD."""
    return _UNENCODABLE.sub("\ufffd", text)


def check_field(name: str, value: str | None, input_name: str, position: int | None = None) -> str | None:
    """A title, outlet or url, repaired (``repair_text``); an InputError when
    it is longer than ``FIELD_LIMITS`` allows."""
    if value is None:
        return None
    limit = FIELD_LIMITS[name]
    if len(value) > limit:
        raise InputError(input_name, f"{name} longer than {limit:,} characters", position)
    return repair_text(value)


def check_article_text(text: str, input_name: str, position: int | None = None) -> str:
    """The article body, stripped and repaired (``repair_text``); rejects
    empty, oversized and binary-looking text."""
    body = repair_text(text.strip())
    if not body:
        raise InputError(input_name, "empty text", position)
    if len(body) > MAX_ARTICLE_CHARS:
        raise InputError(input_name, f"text longer than {MAX_ARTICLE_CHARS:,} characters", position)
    sample = body[:4096]
    controls = len(_CONTROL_CHARS.findall(sample))
    if controls > max(4, len(sample) // 100):
        raise InputError(input_name, "text is mostly control characters (binary data?)", position)
    if "\ufffd" in sample and sample.count("\ufffd") > max(4, len(sample) // 100):
        raise InputError(input_name, "text is full of replacement characters (wrong encoding?)", position)
    return body
