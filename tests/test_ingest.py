from __future__ import annotations

import contextlib
import io
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.ingest import expand_paths, read_source, read_sources
from newsgraph.ingest.dates import parse_published
from newsgraph.model import Article, InputError, Rejected

from .conftest import FIXTURES

ARTICLES = FIXTURES / "articles"


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Rejected)]


def test_seed_format_with_headers():
    (article,) = read_source(str(ARTICLES / "port-deal.txt"))
    assert article.published == date(2026, 3, 4)
    assert article.title == "Port deal signed in Valletta"
    assert article.outlet == "Harbour Ledger"
    assert article.url == "https://harbourledger.example/2026/03/04/port-deal"
    assert article.text.startswith("Finance Minister Elena Varga signed")
    assert "title:" not in article.text and article.text.endswith("open next year.")


def test_seed_format_text_on_following_lines(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("  date 2025-01-02\nLine one.\n\ntitle: not a header once the body started\n")
    (article,) = read_source(str(path))
    assert article.title is None
    assert article.text == "Line one.\n\ntitle: not a header once the body started"


def test_jsonl_keeps_good_lines_and_rejects_bad_ones_with_positions():
    articles, rejected = split(read_source(str(ARTICLES / "mixed.jsonl")))
    assert [a.position for a in articles] == [1, 5, 6]
    assert articles[1].published == date(2026, 2, 12)
    assert [a.language for a in articles] == ["en", "und", "fr"]  # "fr" declared; a short text stays undetermined
    reasons = {r.position: r.reason for r in rejected}
    assert reasons[2] == "no publication date"
    assert reasons[3].startswith("malformed JSON")
    assert reasons[4] == "empty text"
    assert set(reasons) == {2, 3, 4}


def test_csv_with_quotes_newlines_and_a_bad_date():
    articles, rejected = split(read_source(str(ARTICLES / "rows.csv")))
    assert [a.position for a in articles] == [1, 3]
    assert articles[1].text.endswith("annual meeting.")
    assert '"We will hire 300 engineers,"' in articles[1].text
    (bad,) = rejected
    assert bad.position == 2 and "invalid publication date '2026-02-30'" in bad.reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02binary\xff", "binary data"),
        (b"date 2025-01-01 caf\xe9 au lait", "not valid UTF-8"),
        (b"date 2025-13-45 Some text.", "invalid publication date"),
        (b"Just text without a date line.", "first line is not 'date YYYY-MM-DD"),
        (b"date 2025-01-01   \n\n", "empty text"),
    ],
)
def test_bad_seed_files_are_rejected_with_a_reason(tmp_path: Path, content: bytes, reason: str):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    (rejection,) = read_source(str(path))
    assert isinstance(rejection, Rejected)
    assert rejection.input_name == str(path)
    assert reason in rejection.reason


def test_missing_file_and_unknown_format_are_rejected(tmp_path: Path):
    (missing,) = read_source(str(tmp_path / "nope.txt"))
    assert missing.reason == "no such file or directory"
    odd = tmp_path / "x.pdf"
    odd.write_bytes(b"%PDF")
    (unknown,) = read_source(str(odd))
    assert "unknown format '.pdf'" in unknown.reason


def test_folders_and_globs_expand_to_known_formats(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "a.jsonl", "sub/c.csv", "notes.md", ".hidden.txt"):
        (tmp_path / name).write_text("x")
    assert [Path(p).name for p in expand_paths([str(tmp_path)])] == ["a.jsonl", "b.txt", "c.csv"]
    assert [Path(p).name for p in expand_paths([str(tmp_path / "*.txt")])] == ["b.txt"]


def test_stdin_format_is_sniffed(monkeypatch: pytest.MonkeyPatch):
    record = {"published": "2025-05-05", "outlet": "X", "text": "Peru and Chile signed a deal."}
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(json.dumps(record).encode())))
    (article,) = read_sources(["-"])
    assert article.input_name == "<stdin>" and article.position == 1


def test_stdin_csv_needs_its_header_and_plain_text_is_told_what_to_add(monkeypatch: pytest.MonkeyPatch):
    def read(data: str) -> list:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
        return list(read_sources(["-"]))

    (article,) = read('published,text\n2025-05-05,"Peru and Chile signed a deal, officials said."\n')
    assert article.text == "Peru and Chile signed a deal, officials said."
    (rejected,) = read("Peru and Chile signed a deal, officials said.\n")
    assert isinstance(rejected, Rejected) and rejected.input_name == "<stdin>"
    assert "date YYYY-MM-DD" in rejected.reason and "CSV" in rejected.reason


def test_same_outlet_and_text_give_the_same_id_whatever_the_whitespace():
    one = Article.create(published=date(2025, 1, 1), outlet="Harbour Ledger", text="A  b\nc")
    two = Article.create(published=date(2025, 1, 2), outlet="harbour ledger", text="A b c ")
    other = Article.create(published=date(2025, 1, 1), outlet="Meridian Wire", text="A b c")
    assert one.id == two.id != other.id


@pytest.mark.parametrize("value", ["2025-12-11", "2025-12-11T23:59:59Z", "2025-12-11 08:00:00+05:30"])
def test_published_accepts_iso_dates(value: str):
    assert parse_published(value, "x") == date(2025, 12, 11)


@pytest.mark.parametrize("value", ["11/12/2025", "yesterday", "2025-12", "", None, 20251211, "2025-02-29"])
def test_published_rejects_everything_else(value: object):
    with pytest.raises(InputError):
        parse_published(value, "x")


@given(st.text(max_size=200))
def test_published_never_raises_anything_but_input_error(value: str):
    with contextlib.suppress(InputError):
        parse_published(value, "x")


@given(st.binary(max_size=300))
def test_any_bytes_give_articles_or_rejections(tmp_path_factory: pytest.TempPathFactory, data: bytes):
    folder = tmp_path_factory.mktemp("fuzz")
    for suffix in (".txt", ".jsonl", ".csv"):
        path = folder / f"f{suffix}"
        path.write_bytes(data)
        for item in read_source(str(path)):
            assert isinstance(item, Article | Rejected)
            if isinstance(item, Rejected):
                assert item.reason
