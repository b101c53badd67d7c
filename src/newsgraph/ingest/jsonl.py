"""JSON Lines (one article object per line), and JSON documents holding one
article object or an array of them (a request body)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from newsgraph.ingest.decode import MAX_RECORD_BYTES, bounded_lines, open_text, undecodable_at
from newsgraph.ingest.records import article_from_record
from newsgraph.model import Article, InputError, Rejected


def looks_like_jsonl(text: str) -> bool:
    return text.lstrip().startswith("{")


def parse_json(text: str | bytes, input_name: str, position: int | None = None) -> Any:
    """The JSON value in ``text``; an InputError (never RecursionError) for
    malformed or too deeply nested JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(input_name, f"malformed JSON ({error.msg} at column {error.colno})", position) from None
    except RecursionError:
        raise InputError(input_name, "JSON nested too deeply", position) from None
    except UnicodeDecodeError as error:
        raise InputError(input_name, f"not valid UTF-8 JSON (byte {error.start})", position) from None


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


def read_jsonl_stream(stream: BinaryIO, input_name: str) -> Iterator[Article | Rejected]:
    """Articles of a JSON Lines byte stream (a file, standard input), line by line."""
    with open_text(stream, input_name) as text:  # type: ignore[arg-type]
        yield from read_jsonl_lines(bounded_lines(text), input_name)


def read_jsonl_lines(lines: Iterable[str | None], input_name: str) -> Iterator[Article | Rejected]:
    """Articles of JSON lines (None for a line too long to read); a file with
    no record at all is rejected as such."""
    records = 0
    for position, line in enumerate(lines, start=1):
        if line is None:
            records += 1
            yield Rejected(input_name, f"line longer than {MAX_RECORD_BYTES:,} characters", position)
            continue
        if not line.strip():
            continue
        records += 1
        try:
            if (at := undecodable_at(line)) is not None:
                raise InputError(input_name, f"not valid UTF-8 (character {at} of the line)", position)
            record = parse_json(line, input_name, position)
            if not isinstance(record, dict):
                raise InputError(input_name, "line is not a JSON object", position)
            yield article_from_record(record, input_name, position)
        except InputError as error:
            yield Rejected(input_name, error.reason, position)
    if records == 0:
        yield Rejected(input_name, "no records (empty file)")
