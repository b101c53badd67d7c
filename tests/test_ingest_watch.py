"""Polling feeds: conditional requests against a local HTTP server, files,
and de-duplication of entries already seen."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from newsgraph.model import Article
from newsgraph.watch import FeedState, PollResult, poll, watch
from tests.surfaces import WEB_FIXTURES

FEED = (WEB_FIXTURES / "meridian-wire.rss").read_bytes()
ETAG = '"feed-v1"'


class FeedHandler(BaseHTTPRequestHandler):
    requests: list[dict[str, str | None]] = []  # noqa: RUF012 - one server per test

    def do_GET(self) -> None:
        FeedHandler.requests.append({"path": self.path, "if-none-match": self.headers.get("If-None-Match")})
        if self.path != "/feed.xml":
            self.send_error(404)
            return
        if self.headers.get("If-None-Match") == ETAG:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", ETAG)
        self.send_header("Content-Length", str(len(FEED)))
        self.end_headers()
        self.wfile.write(FEED)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feed_server() -> Iterator[str]:
    FeedHandler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_url_feed_is_fetched_then_answered_304(feed_server: str):
    state = FeedState(f"{feed_server}/feed.xml")
    with httpx.Client(timeout=5) as client:
        first = poll(state, client)
        second = poll(state, client)
    assert first.status == "new"
    assert sum(isinstance(item, Article) for item in first.fresh) == 2
    assert second.status == "unchanged" and second.fresh == []
    assert [r["if-none-match"] for r in FeedHandler.requests] == [None, ETAG]


def test_entries_seen_before_are_not_handed_on_again(feed_server: str):
    state = FeedState(f"{feed_server}/feed.xml")
    with httpx.Client(timeout=5) as client:
        poll(state, client)
        state.etag = None  # the server sends the whole feed again
        again = poll(state, client)
    assert again.status == "unchanged" and again.fresh == []


def test_http_errors_are_reported_not_raised(feed_server: str):
    with httpx.Client(timeout=5) as client:
        missing = poll(FeedState(f"{feed_server}/missing.xml"), client)
        refused = poll(FeedState("http://127.0.0.1:9/feed.xml"), client)
    assert missing.status == "error" and "404" in missing.detail
    assert refused.status == "error"


def test_file_feed_is_read_again_only_when_it_changes(tmp_path: Path):
    path = tmp_path / "feed.rss"
    shutil.copy(WEB_FIXTURES / "meridian-wire.rss", path)
    results: list[PollResult] = []
    naps: list[float] = []
    watch([str(path)], results.append, interval=7, rounds=2, sleep=naps.append)
    assert [r.status for r in results] == ["new", "unchanged"]
    assert naps == [7]


def test_watch_command_ingests_once(tmp_path: Path, feed_server: str, monkeypatch, extractor):
    from typer.testing import CliRunner

    from newsgraph import cli
    from newsgraph.query.entities import list_articles
    from newsgraph.store.database import open_store

    monkeypatch.setattr(cli, "_extractor", lambda: extractor)
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(cli.app, ["--db", db, "watch", f"{feed_server}/feed.xml", "--once"])
        assert result.exit_code == 0, result.output
    engine = open_store(db)
    assert len(list_articles(engine)) == 2
    engine.dispose()


class EndlessFeedHandler(BaseHTTPRequestHandler):
    """A feed that never ends and does not say how long it is."""

    sent = 0

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        chunk = b"<rss><channel>" + b"<item><title>x</title></item>" * 2000
        try:
            while EndlessFeedHandler.sent < 200_000_000:
                self.wfile.write(chunk)
                EndlessFeedHandler.sent += len(chunk)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


def test_a_feed_too_large_is_refused_without_reading_it_all(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("newsgraph.watch.MAX_FEED_BYTES", 1_000_000)
    server = ThreadingHTTPServer(("127.0.0.1", 0), EndlessFeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with httpx.Client(timeout=5) as client:
            endless = poll(FeedState(f"http://127.0.0.1:{server.server_address[1]}/feed.xml"), client)
    finally:
        server.shutdown()
        server.server_close()
    assert endless.status == "error" and "larger than 1,000,000 bytes" in endless.detail
    assert EndlessFeedHandler.sent < 20_000_000  # the client stopped reading, it did not download 200 MB
    big = tmp_path / "big.rss"
    big.write_bytes(b"<rss>" + b" " * 2_000_000 + b"</rss>")
    large_file = poll(FeedState(str(big)), httpx.Client())
    assert large_file.status == "error" and "larger than 1,000,000 bytes" in large_file.detail


def test_entries_seen_are_remembered_only_while_the_feed_holds_them(tmp_path: Path):
    path = tmp_path / "feed.rss"
    shutil.copy(WEB_FIXTURES / "meridian-wire.rss", path)
    state = FeedState(str(path))
    first = poll(state, httpx.Client())
    assert len(state.seen) == len(first.fresh) > 0
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>')
    empty = poll(state, httpx.Client())
    assert [item.reason for item in empty.fresh] == ["feed has no entries"]
    assert state.seen == {"rejected:None:feed has no entries"}  # the articles are forgotten
