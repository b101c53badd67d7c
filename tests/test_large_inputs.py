"""Oversized inputs are rejected with a reason, and big files are read in
bounded memory (record by record)."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

from newsgraph.ingest import read_source
from newsgraph.ingest.decode import MAX_ARTICLE_CHARS, MAX_RECORD_BYTES
from newsgraph.model import Article, Rejected

GOOD = {"outlet": "Meridian Wire", "published": "2026-01-02", "text": "Chile and Peru signed a fisheries accord."}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_50_mb_article_is_rejected_in_every_format(tmp_path: Path):
    huge = "word " * (50_000_000 // 5)
    seed = tmp_path / "huge.txt"
    seed.write_text("date 2026-01-02\n" + huge, encoding="utf-8")
    (rejection,) = read_source(str(seed))
    assert "larger than" in rejection.reason

    items = list(read_source(str(write_jsonl(tmp_path / "huge.jsonl", [{**GOOD, "text": huge}, GOOD]))))
    assert isinstance(items[0], Rejected) and items[0].position == 1
    assert f"longer than {MAX_RECORD_BYTES:,} characters" in items[0].reason
    assert isinstance(items[1], Article) and items[1].position == 2

    csv_path = tmp_path / "huge.csv"
    csv_path.write_text(f'published,text\n2026-01-02,"{huge}"\n2026-01-03,"fine"\n', encoding="utf-8")
    rejection, after = read_source(str(csv_path))  # the rows after the oversize one are still read
    assert isinstance(rejection, Rejected) and rejection.position == 1 and "longer than" in rejection.reason
    assert isinstance(after, Article) and after.position == 2 and after.text == "fine"


def test_an_article_just_over_the_limit_is_rejected_and_one_under_is_kept(tmp_path: Path):
    over = {**GOOD, "text": "x" * (MAX_ARTICLE_CHARS + 1)}
    under = {**GOOD, "text": "Chile " * ((MAX_ARTICLE_CHARS - 10) // 6)}
    first, second = read_source(str(write_jsonl(tmp_path / "edge.jsonl", [over, under])))
    assert isinstance(first, Rejected) and "text longer than 1,000,000 characters" in first.reason
    assert isinstance(second, Article)


def test_big_files_are_read_in_bounded_memory(tmp_path: Path):
    body = "The ministry said the port would reopen after repairs. " * 180  # about 10 kB
    path = write_jsonl(tmp_path / "big.jsonl", [{**GOOD, "text": f"{i} {body}"} for i in range(1500)])
    assert path.stat().st_size > 14_000_000
    tracemalloc.start()
    try:
        count = sum(1 for item in read_source(str(path)) if isinstance(item, Article))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 1500
    assert peak < 5_000_000, f"reading a {path.stat().st_size:,}-byte file peaked at {peak:,} bytes"


def test_invalid_utf8_inside_a_big_file_costs_only_its_line(tmp_path: Path):
    path = tmp_path / "mixed.jsonl"
    good = json.dumps(GOOD).encode()
    path.write_bytes(
        good + b"\n" + good.replace(b"Chile", b"Ch\xffle") + b"\n" + good.replace(b"Peru", b"Bolivia") + b"\n"
    )
    first, second, third = read_source(str(path))
    assert isinstance(first, Article) and isinstance(third, Article)
    assert isinstance(second, Rejected) and second.position == 2 and "not valid UTF-8" in second.reason
