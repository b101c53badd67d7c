"""CSV with a header row: id?, url?, source/outlet?, title?, published, text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from newsgraph.ingest.decode import MAX_RECORD_BYTES, SNIFF_BYTES, check_not_binary
from newsgraph.ingest.records import article_from_record
from newsgraph.model import Article, InputError, Rejected

csv.field_size_limit(MAX_RECORD_BYTES)


def read_csv(text: str, input_name: str) -> Iterator[Article | Rejected]:
    """Articles of a CSV text; positions are 1-based data rows."""
    return read_csv_rows(io.StringIO(text, newline=""), input_name)


def read_csv_file(path: Path, input_name: str) -> Iterator[Article | Rejected]:
    """Articles of a CSV file, read row by row (memory bounded by the largest
    accepted field); a decoding error ends the file with a rejection."""
    with path.open("rb") as raw:
        check_not_binary(raw.peek(SNIFF_BYTES)[:SNIFF_BYTES], input_name)
        with io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="") as text:
            yield from read_csv_rows(text, input_name)


def read_csv_rows(stream: TextIO, input_name: str) -> Iterator[Article | Rejected]:
    """Articles of CSV rows read from ``stream``; positions are 1-based data rows."""
    try:
        reader = csv.DictReader(stream)
        # Reading the field names reads the header row: its errors are told apart.
        fields = {name.strip().lower() for name in reader.fieldnames or ()}
    except UnicodeDecodeError:
        raise InputError(input_name, "not valid UTF-8 (in the header)") from None
    except csv.Error as error:
        raise InputError(input_name, f"malformed CSV header ({error})") from None
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
            yield Rejected(input_name, f"malformed CSV ({error}); the rest of the file is skipped", position)
            return
        except UnicodeDecodeError:
            yield Rejected(input_name, "not valid UTF-8; the rest of the file is skipped", position)
            return
        record = {(key or "").strip().lower(): value for key, value in row.items()}
        try:
            yield article_from_record(record, input_name, position)
        except InputError as error:
            yield Rejected(input_name, error.reason, position)
