"""Bytes to text, with the checks every input format shares.

Bad input is named and explained: binary junk, invalid UTF-8, empty or
oversized text each raise an ``InputError`` carrying the input's name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from newsgraph.model import InputError

# Articles larger than this are rejected rather than loaded whole.
MAX_ARTICLE_BYTES = 5_000_000

_CONTROL = {*range(0, 9), 11, 12, *range(14, 32), 127}


# A record (a JSON line, a CSV field) may take this much, escaping included.
MAX_RECORD_BYTES = 2 * MAX_ARTICLE_BYTES
SNIFF_BYTES = 65536


def check_not_binary(head: bytes, input_name: str, position: int | None = None) -> None:
    """Reject input whose first bytes hold NULs: binary data, not text."""
    if b"\x00" in head[:SNIFF_BYTES]:
        raise InputError(input_name, "binary data (NUL bytes), not text", position)


def bounded_lines(stream: BinaryIO, limit: int = MAX_RECORD_BYTES) -> Iterator[bytes | None]:
    """Lines of a binary stream, each read with at most ``limit`` bytes in
    memory; a longer line is skipped and given as None."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def decode_bytes(raw: bytes, input_name: str, position: int | None = None) -> str:
    """``raw`` as text: UTF-8 (a BOM is dropped), not binary."""
    check_not_binary(raw, input_name, position)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            input_name, f"not valid UTF-8 (byte {error.start}: {raw[error.start : error.start + 1]!r})", position
        ) from None
    return text


def check_article_text(text: str, input_name: str, position: int | None = None) -> str:
    """The article body, stripped; rejects empty, oversized and binary-looking text."""
    body = text.strip()
    if not body:
        raise InputError(input_name, "empty text", position)
    if len(body.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise InputError(input_name, f"text larger than {MAX_ARTICLE_BYTES:,} bytes", position)
    sample = body[:4096]
    controls = sum(1 for ch in sample if ord(ch) in _CONTROL)
    if controls > max(4, len(sample) // 100):
        raise InputError(input_name, "text is mostly control characters (binary data?)", position)
    if "\ufffd" in sample and sample.count("\ufffd") > max(4, len(sample) // 100):
        raise InputError(input_name, "text is full of replacement characters (wrong encoding?)", position)
    return body
