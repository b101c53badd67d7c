"""Property tests for every ingest format: whatever the input, reading it
never raises; it gives articles or rejections, each rejection with a reason."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.ingest import READERS, read_source
from newsgraph.model import Article, Rejected

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
record_fields = st.fixed_dictionaries(
    {},
    optional={
        "published": st.one_of(st.just("2026-01-05"), st.just("2026-02-30"), st.text(max_size=25), json_values),
        "text": st.one_of(st.text(max_size=200), st.just("Chile and Peru signed a fisheries accord."), json_values),
        "outlet": st.one_of(st.text(max_size=20), json_values),
        "title": st.one_of(st.text(max_size=20), json_values),
        "url": st.one_of(st.text(max_size=20), json_values),
        "language": st.one_of(st.sampled_from(["en", "fr", "EN-gb", ""]), json_values),
    },
)


def check(path: Path) -> list[Article | Rejected]:
    items = list(read_source(str(path)))
    for item in items:
        assert isinstance(item, Article | Rejected)
        if isinstance(item, Rejected):
            assert item.reason and "\n" not in item.reason
        else:
            assert item.text.strip() and item.published
    return items


@pytest.mark.parametrize("suffix", sorted(READERS))
@FUZZ
@given(data=st.binary(max_size=400))
def test_any_bytes_in_any_format(tmp_path: Path, suffix: str, data: bytes):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    check(path)


@FUZZ
@given(records=st.lists(st.one_of(record_fields, json_values), max_size=5))
def test_json_lines_of_any_shape(tmp_path: Path, records: list):
    path = tmp_path / "input.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    items = check(path)
    assert len(items) <= max(1, len(records))  # one rejection for a file without records


@FUZZ
@given(
    header=st.lists(st.sampled_from(["published", "text", "outlet", "title", "url", "x"]), min_size=1, max_size=6),
    rows=st.lists(st.lists(st.text(max_size=60), max_size=7), max_size=5),
)
def test_csv_of_any_shape(tmp_path: Path, header: list[str], rows: list[list[str]]):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / "input.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    check(path)


@FUZZ
@given(
    date_line=st.one_of(st.just("date 2026-01-05"), st.text(max_size=30)),
    headers=st.lists(st.sampled_from(["title: A", "outlet: B", "url: C", "source: D", ""]), max_size=4),
    body=st.text(max_size=300),
)
def test_seed_files_of_any_shape(tmp_path: Path, date_line: str, headers: list[str], body: str):
    path = tmp_path / "input.txt"
    path.write_text("\n".join([date_line, *headers, body]), encoding="utf-8")
    check(path)
