"""Polling feeds: fetch each RSS/Atom feed (a URL or a file) at an interval,
with conditional requests (ETag / Last-Modified) so an unchanged feed costs
a 304, and hand on only entries not seen before. Entries are read by the
feed format of the ingest registry; what is done with them (admitted,
extracted, stored) is the pipeline's job (``newsgraph.pipeline``)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from newsgraph.ingest.decode import decode_bytes, read_bounded
from newsgraph.ingest.formats import FORMATS, read_text
from newsgraph.model import Article, InputError, Rejected

USER_AGENT = "newsgraph-watch/0.1 (+https://github.com/newsgraph)"
TIMEOUT_SECONDS = 20.0
MAX_FEED_BYTES = 10_000_000


@dataclass
class FeedState:
    """What we know of one feed between polls."""

    source: str
    etag: str | None = None
    last_modified: str | None = None
    mtime: float | None = None  # for files
    seen: set[str] = field(default_factory=set)  # ids of the entries handed on, in the feed's last content


@dataclass(frozen=True, slots=True)
class PollResult:
    source: str
    status: str  # "new", "unchanged", "error"
    fresh: list[Article | Rejected]
    detail: str = ""


def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


def _fetch_url(state: FeedState, client: httpx.Client) -> str | None:
    """The feed's text, or None when the server says it has not changed."""
    headers = {"User-Agent": USER_AGENT}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    with client.stream("GET", state.source, headers=headers) as response:
        if response.status_code == 304:
            return None
        if response.status_code != 200:
            raise InputError(state.source, f"HTTP {response.status_code} {response.reason_phrase}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_FEED_BYTES:
            raise InputError(state.source, f"feed larger than {MAX_FEED_BYTES:,} bytes")
        content = bytearray()
        for chunk in response.iter_bytes():
            content += chunk
            if len(content) > MAX_FEED_BYTES:  # a wrong or missing length: stop reading
                raise InputError(state.source, f"feed larger than {MAX_FEED_BYTES:,} bytes")
    state.etag = response.headers.get("etag") or state.etag
    state.last_modified = response.headers.get("last-modified") or state.last_modified
    return decode_bytes(bytes(content), state.source)


def _read_file(state: FeedState) -> str | None:
    path = Path(state.source)
    if not path.is_file():
        raise InputError(state.source, "no such file")
    mtime = path.stat().st_mtime
    if state.mtime is not None and mtime == state.mtime:
        return None
    state.mtime = mtime
    with path.open("rb") as stream:
        return decode_bytes(read_bounded(stream, MAX_FEED_BYTES, state.source), state.source)


def poll(state: FeedState, client: httpx.Client) -> PollResult:
    """Fetch one feed once; ``fresh`` holds the entries not seen before
    (rejections only the first time the feed's content is seen)."""
    try:
        text = _fetch_url(state, client) if is_url(state.source) else _read_file(state)
    except InputError as error:
        return PollResult(state.source, "error", [], error.reason)
    except httpx.HTTPError as error:
        return PollResult(state.source, "error", [], f"{type(error).__name__}: {error}")
    if text is None:
        return PollResult(state.source, "unchanged", [])
    fresh: list[Article | Rejected] = []
    present: set[str] = set()  # what the feed holds now: ``seen`` grows no larger than one feed
    for item in read_text(text, FORMATS["feed"], state.source):
        key = item.id if isinstance(item, Article) else f"rejected:{item.position}:{item.reason}"
        if key not in state.seen and key not in present:
            fresh.append(item)
        present.add(key)
    state.seen = present
    return PollResult(state.source, "new" if fresh else "unchanged", fresh)


def watch(
    sources: Sequence[str],
    handle: Callable[[PollResult], None],
    interval: float = 300.0,
    rounds: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Poll every feed, hand each result to ``handle``, wait ``interval``
    seconds, repeat; ``rounds`` polls then stops (None: until interrupted)."""
    states = [FeedState(source) for source in dict.fromkeys(sources)]
    done = 0
    with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=True) as client:
        while rounds is None or done < rounds:
            for state in states:
                handle(poll(state, client))
            done += 1
            if rounds is None or done < rounds:
                sleep(interval)
