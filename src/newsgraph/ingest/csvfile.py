"""CSV with a header row: id?, url?, source/outlet?, title?, published, text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO, TextIO

from newsgraph.ingest.decode import MAX_RECORD_BYTES, open_text, undecodable_at
from newsgraph.ingest.records import article_from_record
from newsgraph.model import Article, InputError, Rejected

csv.field_size_limit(MAX_RECORD_BYTES)

# Stands in for a physical line too long to read, so that the row holding it
# is rejected and the rows after it are read as usual.
_TOO_LONG = "\ufffctoo long\n"


def read_csv(text: str, input_name: str) -> Iterator[Article | Rejected]:
    """Articles of a CSV text; positions are 1-based data rows."""
    return read_csv_rows(io.StringIO(text, newline=""), input_name)


def read_csv_stream(stream: BinaryIO, input_name: str) -> Iterator[Article | Rejected]:
    """Articles of a CSV byte stream (a file, standard input), row by row."""
    with open_text(stream, input_name, newline="") as text:  # type: ignore[arg-type]
        yield from read_csv_rows(text, input_name)


class _BoundedLines:
    """The physical lines of a text stream, each at most ``limit`` characters
    in memory; counts the lines it had to cut short."""

    def __init__(self, stream: TextIO, limit: int = MAX_RECORD_BYTES) -> None:
        self.stream = stream
        self.limit = limit
        self.too_long = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self.stream.readline(self.limit + 1)
        if not line:
            raise StopIteration
        if len(line) > self.limit and not line.endswith(("\n", "\r")):
            while (rest := self.stream.readline(1 << 20)) and not rest.endswith(("\n", "\r")):
                pass
            self.too_long += 1
            return _TOO_LONG
        return line


def read_csv_rows(stream: TextIO, input_name: str) -> Iterator[Article | Rejected]:
    """Articles of CSV rows read from ``stream``; positions are 1-based data
    rows. A bad row (malformed, too long, not UTF-8) is rejected and the rows
    after it are read; a file with no data row is rejected as such."""
    lines = _BoundedLines(stream)
    try:
        reader = csv.DictReader(lines)
        # Reading the field names reads the header row: its errors are told apart.
        fields = {name.strip().lower() for name in reader.fieldnames or ()}
    except csv.Error as error:
        raise InputError(input_name, f"malformed CSV header ({error})") from None
    if lines.too_long or undecodable_at(",".join(fields)) is not None:
        raise InputError(input_name, "CSV header is too long or not valid UTF-8")
    if "text" not in fields:
        raise InputError(input_name, f"CSV header has no 'text' column (found: {', '.join(sorted(fields)) or 'none'})")
    position = 0
    while True:
        position += 1
        cut_before = lines.too_long
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            yield Rejected(input_name, f"malformed CSV ({error})", position)
            continue
        if lines.too_long > cut_before:
            yield Rejected(input_name, f"row has a line longer than {MAX_RECORD_BYTES:,} characters", position)
            continue
        record = {(key or "").strip().lower(): value for key, value in row.items()}
        if any(isinstance(v, str) and undecodable_at(v) is not None for v in record.values()):
            yield Rejected(input_name, "not valid UTF-8", position)
            continue
        try:
            yield article_from_record(record, input_name, position)
        except InputError as error:
            yield Rejected(input_name, error.reason, position)
    if position == 1:
        yield Rejected(input_name, "no data rows (only a header)")
