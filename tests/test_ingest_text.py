"""Bad text costs one record, never the run: lone surrogates and NULs are
repaired, undecodable bytes reject their record, UTF-16/UTF-32 with a byte
order mark are read, empty files and oversize rows are reported, and every
reader goes on after a bad record."""

from __future__ import annotations

import codecs
import io
import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from newsgraph.api.body import items_from_body
from newsgraph.ingest import read_source
from newsgraph.ingest.feed import read_feed
from newsgraph.ingest.html import read_html
from newsgraph.model import Article, Rejected
from newsgraph.runner import ingest
from newsgraph.store import schema

TEXT = "Officials of Norland met trade envoys from Ostland in Geneva on Monday to discuss a fisheries accord."


def record(**fields: str) -> dict[str, str]:
    return {"published": "2025-12-11", "text": TEXT, **fields}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def kinds(items: list[Article | Rejected]) -> list[str]:
    return [type(item).__name__ for item in items]


def test_lone_surrogates_and_nuls_in_jsonl_are_repaired_per_record(tmp_path: Path):
    path = write_jsonl(
        tmp_path / "surrogates.jsonl",
        [
            record(text=f"{TEXT} \ud800 one"),
            record(text=f"{TEXT} two", title="A \udfff title"),
            record(text=f"{TEXT} three", outlet="Out\ud800let\u0000"),
            record(text=f"{TEXT} four"),
        ],
    )
    items = list(read_source(str(path)))
    assert kinds(items) == ["Article"] * 4
    assert items[0].text.endswith("\ufffd one") and items[1].title == "A \ufffd title"
    assert items[2].outlet == "Out\ufffdlet\ufffd"
    for article in items:
        (article.text + (article.title or "") + (article.outlet or "")).encode("utf-8")  # storable


def test_a_surrogate_record_does_not_end_an_ingest_run(tmp_path: Path, engine, extractor):
    path = write_jsonl(
        tmp_path / "batch.jsonl",
        [record(text=f"{TEXT} \ud800", title="\udc00", outlet="Wire\ud800"), record(text=f"{TEXT} Later.")],
    )
    report = ingest([str(path)], engine, extractor)
    assert len(report.stored) == 2 and not report.rejected


def test_undecodable_bytes_reject_one_csv_row_and_the_rest_is_read(tmp_path: Path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        b'published,text\n2025-12-11,"caf\xe9 ' + TEXT.encode() + b'"\n2025-12-12,"' + TEXT.encode() + b'"\n'
    )
    first, second = read_source(str(path))
    assert isinstance(first, Rejected) and first.position == 1 and "not valid UTF-8" in first.reason
    assert isinstance(second, Article) and second.position == 2


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(tmp_path: Path, encoding: str):
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
    }[encoding]
    seed = tmp_path / "seed.txt"
    seed.write_bytes(bom + f"date 2025-12-11\ntitle: Café talks\n{TEXT}\n".encode(encoding))
    jsonl = tmp_path / "lines.jsonl"
    jsonl.write_bytes(bom + f"{json.dumps(record())}\n{json.dumps(record(text='Ünïcode ' + TEXT))}\n".encode(encoding))
    csv_file = tmp_path / "rows.csv"
    csv_file.write_bytes(bom + f'published,text\n2025-12-11,"{TEXT}"\n'.encode(encoding))
    [article] = read_source(str(seed))
    assert isinstance(article, Article) and article.title == "Café talks" and article.text == TEXT
    assert [a.text[:8] for a in read_source(str(jsonl))] == [TEXT[:8], "Ünïcode "]
    [row] = read_source(str(csv_file))
    assert isinstance(row, Article) and row.text == TEXT


def test_empty_jsonl_and_header_only_csv_are_listed_as_rejected(tmp_path: Path):
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.ndjson"
    blank.write_text("\n  \n")
    header = tmp_path / "header.csv"
    header.write_text("published,text\n")
    for path, reason in ((empty, "no records"), (blank, "no records"), (header, "no data rows")):
        [rejected] = read_source(str(path))
        assert isinstance(rejected, Rejected) and reason in rejected.reason


def test_deeply_nested_json_rejects_its_line_only(tmp_path: Path):
    path = tmp_path / "nested.jsonl"
    path.write_text("[" * 100_000 + "\n" + '{"a": ' * 50_000 + "\n" + json.dumps(record()) + "\n")
    first, second, third = read_source(str(path))
    assert isinstance(first, Rejected) and "nested too deeply" in first.reason
    assert isinstance(second, Rejected) and isinstance(third, Article) and third.position == 3


def test_non_string_and_overlong_fields_reject_their_record(tmp_path: Path):
    path = write_jsonl(
        tmp_path / "fields.jsonl",
        [
            record(title={"nested": ["x"]}),
            record(outlet="O" * 301),
            record(url="https://x.test/" + "a" * 2000),
            record(),
        ],
    )
    items = list(read_source(str(path)))
    assert kinds(items) == ["Rejected", "Rejected", "Rejected", "Article"]
    assert [r.reason for r in items[:3]] == [
        "'title' is not a string",
        "outlet longer than 300 characters",
        "url longer than 2,000 characters",
    ]


def test_stdin_is_read_as_a_stream_in_its_encoding(monkeypatch: pytest.MonkeyPatch):
    first, last = json.dumps(record(text=TEXT + " \ud800")), json.dumps(record(text="Second. " + TEXT))
    lines = f"{first}\nnot json\n{last}\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(codecs.BOM_UTF16_LE + lines.encode("utf-16-le"))))
    items = list(read_source("-"))
    assert kinds(items) == ["Article", "Rejected", "Article"]
    assert items[0].text.endswith("\ufffd") and items[1].position == 2


def test_feed_and_html_with_surrogate_character_references_never_raise():
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire &#xD800;</title>'
        f"<item><title>A &#xDFFF; b</title><pubDate>Thu, 11 Dec 2025 08:00:00 GMT</pubDate>"
        f"<description>{TEXT} &#xD800;</description></item>"
        f"<item><title>Fine</title><pubDate>Fri, 12 Dec 2025 08:00:00 GMT</pubDate>"
        f"<description>{TEXT}</description></item></channel></rss>"
    )
    items = list(read_feed(feed, "wire.rss"))
    assert len(items) == 2 and isinstance(items[1], Article)
    for item in items:
        if isinstance(item, Article):
            (item.text + (item.title or "") + (item.outlet or "")).encode("utf-8")
    page = (
        '<html><head><title>T &#xD800;</title><meta property="article:published_time" content="2025-12-11">'
        f"</head><body><article><p>{TEXT} &#xD800;</p><p>{TEXT}</p></article></body></html>"
    )
    [result] = read_html(page, "page.html")
    if isinstance(result, Article):
        (result.text + (result.title or "")).encode("utf-8")


def test_api_body_with_surrogates_is_repaired_not_refused():
    body = json.dumps([record(text=TEXT + "\ud800", title="\udc00"), record(published="0001-01-01")]).encode()
    article, rejected = items_from_body("application/json", body)
    assert isinstance(article, Article) and article.title == "\ufffd"
    assert isinstance(rejected, Rejected) and "outside" in rejected.reason


def test_a_file_name_that_is_not_utf8_is_reported_and_stored(tmp_path: Path, engine, extractor):
    name = os.fsdecode(bytes(tmp_path) + b"/caf\xe9.jsonl")
    Path(name).write_text("not json\n")
    report = ingest([name], engine, extractor)
    assert [r.reason[:14] for r in report.rejected] == ["malformed JSON"]
    with engine.connect() as connection:
        [stored] = connection.scalars(select(schema.rejected.c.input_name))
    assert stored.endswith("caf\ufffd.jsonl")
