"""JSON Lines (one article object per line), and JSON documents holding one
article object or an array of them (a request body)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsgraph.ingest.decode import MAX_RECORD_BYTES, SNIFF_BYTES, bounded_lines, check_not_binary
from newsgraph.ingest.records import article_from_record
from newsgraph.model import Article, InputError, Rejected


def looks_like_jsonl(text: str) -> bool:
    return text.lstrip().startswith("{")


def read_jsonl(text: str, input_name: str) -> Iterator[Article | Rejected]:
    """Articles of a JSON Lines text; each bad line becomes a Rejected."""
    return read_jsonl_lines(text.splitlines(), input_name)


def read_json(text: str, input_name: str) -> Iterator[Article | Rejected]:
    """Articles of a JSON document: one article object or an array of them;
    ``position`` is the 1-based place in the array."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(input_name, f"malformed JSON ({error.msg} at column {error.colno})") from None
    records = document if isinstance(document, list) else [document]
    for position, record in enumerate(records, start=1):
        try:
            if not isinstance(record, dict):
                raise InputError(input_name, "not a JSON object", position)
            yield article_from_record(record, input_name, position)
        except InputError as error:
            yield Rejected(input_name, error.reason, position)


def read_jsonl_file(path: Path, input_name: str) -> Iterator[Article | Rejected]:
    """Articles of a JSON Lines file, read line by line: memory stays bounded
    by the longest accepted line, whatever the file's size."""
    with path.open("rb") as stream:
        check_not_binary(stream.peek(SNIFF_BYTES)[:SNIFF_BYTES], input_name)
        yield from read_jsonl_lines(bounded_lines(stream), input_name)


def read_jsonl_lines(lines: Iterable[str | bytes | None], input_name: str) -> Iterator[Article | Rejected]:
    """Articles of JSON lines (text, or UTF-8 bytes; None for a line too long to read)."""
    for position, raw in enumerate(lines, start=1):
        if raw is None:
            yield Rejected(input_name, f"line longer than {MAX_RECORD_BYTES:,} bytes", position)
            continue
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8-sig" if position == 1 else "utf-8")
            except UnicodeDecodeError as error:
                yield Rejected(input_name, f"not valid UTF-8 (byte {error.start} of the line)", position)
                continue
        else:
            line = raw
        if not line.strip():
            continue
        try:
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(
                    input_name, f"malformed JSON ({error.msg} at column {error.colno})", position
                ) from None
            if not isinstance(record, dict):
                raise InputError(input_name, "line is not a JSON object", position)
            yield article_from_record(record, input_name, position)
        except InputError as error:
            yield Rejected(input_name, error.reason, position)
