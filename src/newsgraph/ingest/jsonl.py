"""JSON Lines: one article object per line."""

from __future__ import annotations

import json
from collections.abc import Iterator

from newsgraph.ingest.records import article_from_record
from newsgraph.model import Article, InputError, Rejected


def looks_like_jsonl(text: str) -> bool:
    return text.lstrip().startswith("{")


def read_jsonl(text: str, input_name: str) -> Iterator[Article | Rejected]:
    """Articles of a JSON Lines text; each bad line becomes a Rejected."""
    for position, line in enumerate(text.splitlines(), start=1):
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
