"""CSV with a header row: id?, url?, source/outlet?, title?, published, text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from newsgraph.ingest.records import article_from_record
from newsgraph.model import Article, InputError, Rejected

csv.field_size_limit(50_000_000)


def read_csv(text: str, input_name: str) -> Iterator[Article | Rejected]:
    """Articles of a CSV text; positions are 1-based data rows."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = {name.strip().lower() for name in reader.fieldnames or ()}
    if "text" not in fields:
        raise InputError(input_name, f"CSV header has no 'text' column (found: {', '.join(sorted(fields)) or 'none'})")
    position = 0
    while True:
        position += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Rejected(input_name, f"malformed CSV ({error})", position)
            return
        record = {(key or "").strip().lower(): value for key, value in row.items()}
        try:
            yield article_from_record(record, input_name, position)
        except InputError as error:
            yield Rejected(input_name, error.reason, position)
