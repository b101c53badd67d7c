"""Every reader, standard input included, reads in bounded pieces and
rejects an input over its limit before parsing it: memory and time stay
small whatever arrives."""

from __future__ import annotations

import io
import json
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from newsgraph.ingest import read_source
from newsgraph.ingest.decode import MAX_PAGE_CHARS, MAX_RECORD_BYTES
from newsgraph.model import Article, Rejected

GOOD = {"published": "2025-12-11", "text": "Officials of Norland met envoys from Ostland in Geneva on Monday."}
PARAGRAPH = "<p>Officials of Norland met envoys from Ostland in Geneva on Monday, the ministry said.</p>\n"


def measured(read: Callable[[], list[Article | Rejected]]) -> tuple[list[Article | Rejected], int, float]:
    """What ``read`` returns, the peak of Python memory it allocated, and its seconds."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        items = read()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return items, peak, time.perf_counter() - started


def html_page(size: int) -> str:
    head = '<html><head><meta property="article:published_time" content="2025-12-11"></head><body><article>'
    return head + PARAGRAPH * (size // len(PARAGRAPH)) + "</article></body></html>"


def rss_feed(size: int) -> str:
    item = (
        "<item><title>Talks {0}</title><pubDate>Thu, 11 Dec 2025 08:00:00 GMT</pubDate>"
        "<description>Officials met in Geneva, round {0}.</description></item>\n"
    )
    items = "".join(item.format(i) for i in range(size // len(item) + 1))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'


def test_an_html_page_over_the_limit_is_rejected_before_parsing(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_text(html_page(MAX_PAGE_CHARS + 100_000))
    [rejected], peak, seconds = measured(lambda: list(read_source(str(path))))
    assert isinstance(rejected, Rejected) and "HTML page longer than 2,000,000 characters" in rejected.reason
    assert seconds < 2 and peak < 12 * MAX_PAGE_CHARS // 2


@pytest.mark.parametrize("suffix", [".html", ".rss", ".txt"])
def test_a_whole_file_format_over_the_limit_is_rejected_unread(tmp_path: Path, suffix: str):
    path = tmp_path / f"huge{suffix}"
    content = {".html": html_page, ".rss": rss_feed}.get(suffix, lambda n: "date 2025-12-11\n" + "word " * (n // 5))
    path.write_text(content(MAX_RECORD_BYTES + 2_000_000))
    [rejected], peak, seconds = measured(lambda: list(read_source(str(path))))
    assert isinstance(rejected, Rejected) and "larger than 10,000,000 bytes" in rejected.reason
    assert seconds < 2 and peak < MAX_RECORD_BYTES + 3_000_000  # one bounded read, nothing parsed


def stdin_of(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_json_lines_are_streamed_and_an_oversize_line_costs_only_itself(monkeypatch: pytest.MonkeyPatch):
    huge = json.dumps({**GOOD, "text": "x" * (4 * MAX_RECORD_BYTES)})
    stdin_of(monkeypatch, f"{json.dumps(GOOD)}\n{huge}\n{json.dumps({**GOOD, 'title': 'After'})}\n".encode())
    items, peak, _ = measured(lambda: list(read_source("-")))
    assert [type(i) for i in items] == [Article, Rejected, Article]
    assert items[1].position == 2 and "line longer than 10,000,000 characters" in items[1].reason
    assert peak < 2.5 * MAX_RECORD_BYTES  # at most the limit's worth of the line was held, not all of it


def test_stdin_seed_over_the_limit_is_rejected_without_reading_it_all(monkeypatch: pytest.MonkeyPatch):
    stdin_of(monkeypatch, b"date 2025-12-11\n" + b"Officials met in Geneva. " * (MAX_RECORD_BYTES // 20))
    [rejected], peak, _ = measured(lambda: list(read_source("-")))
    assert isinstance(rejected, Rejected) and "larger than 10,000,000 bytes" in rejected.reason
    assert peak < MAX_RECORD_BYTES + 3_000_000


def test_stdin_csv_is_streamed(monkeypatch: pytest.MonkeyPatch):
    rows = "".join(f'2025-12-{day:02d},"Officials met in Geneva on day {day}."\n' for day in range(1, 29))
    stdin_of(monkeypatch, f"published,text\n{rows}".encode())
    items = list(read_source("-"))
    assert len(items) == 28 and all(isinstance(i, Article) for i in items)
