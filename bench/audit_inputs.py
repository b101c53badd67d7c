"""Re-measures the robustness audit of issue 18: peak memory and time of
``newsgraph ingest`` given a 50 MB HTML page, a 50 MB RSS feed and 1 GB on
standard input, and the worker processes still alive 10 s after a SIGKILL of
a two-worker ingest.

Each ingest runs in its own process (``python -m newsgraph``) against a
fresh SQLite store; its peak RSS is the kernel's figure for that process
(``wait4``), so it includes the interpreter and the imports. An empty input
is measured too, as the floor. The 1 GB stream is written to the ingest's
standard input by this process, so it is never on disk.

    python bench/audit_inputs.py
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from newsgraph.ingest.decode import MAX_ARTICLE_CHARS

MB = 1_000_000
WORDS = "The harbour authority said the new berth would open after the spring repairs. "


def write_html(path: Path, size: int) -> Path:
    paragraph = f"<p>{WORDS * 12}</p>\n".encode()
    with path.open("wb") as out:
        out.write(b"<!doctype html><html><head><title>Harbour</title></head><body><article>\n")
        for _ in range(size // len(paragraph) + 1):
            out.write(paragraph)
        out.write(b"</article></body></html>\n")
    return path


def write_feed(path: Path, size: int) -> Path:
    with path.open("wb") as out:
        out.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour</title>\n')
        number = 0
        while out.tell() < size:
            number += 1
            out.write(
                f"<item><title>Berth {number}</title><link>https://harbour.example/{number}</link>"
                f"<pubDate>Mon, 05 Jan 2026 09:00:00 GMT</pubDate>"
                f"<description>{WORDS * 4}</description></item>\n".encode()
            )
        out.write(b"</channel></rss>\n")
    return path


GOOD_RECORD = json.dumps({"published": "2026-01-05", "outlet": "Harbour Desk", "text": WORDS * 3}) + "\n"
STREAMS = {
    # name: (start, repeated chunk, end)
    "html": (b"<!doctype html><html><body>\n", f"<p>{WORDS * 800}</p>\n".encode(), b"</body></html>\n"),
    "jsonl": (b'{"published": "2026-01-05", "text": "', (WORDS * 800).encode(), b'"}\n' + GOOD_RECORD.encode()),
}


def measure(command: list[str], stdin_bytes: int = 0, stream: str = "html") -> dict[str, object]:
    """Run ``command``; its wall time, peak RSS (MB), exit status and what
    it reported. With ``stdin_bytes``, a stream of that many bytes is written
    to its standard input (as far as it reads): an HTML page, or one JSON
    Lines record that long followed by a good one."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE if stdin_bytes else subprocess.DEVNULL, stdout=subprocess.PIPE
    )
    written = [0]

    def feed() -> None:
        assert process.stdin is not None
        start, chunk, end = STREAMS[stream]
        try:
            process.stdin.write(start)
            while written[0] < stdin_bytes:
                process.stdin.write(chunk)
                written[0] += len(chunk)
            process.stdin.write(end)
            process.stdin.close()
        except (BrokenPipeError, ValueError):
            pass  # the ingest stopped reading: what we measure

    writer = threading.Thread(target=feed, daemon=True) if stdin_bytes else None
    if writer:
        writer.start()
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if writer:
        writer.join(timeout=5)
    try:
        report = json.loads(output)
        summary = {"stored": report.get("stored"), "rejected": [r["reason"] for r in report.get("rejected", [])]}
    except ValueError:
        summary = {"output": output[-300:].decode(errors="replace")}
    result = {
        "seconds": round(elapsed, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),  # ru_maxrss is in KiB on Linux
        "exit": os.waitstatus_to_exitcode(status),
        **summary,
    }
    if stdin_bytes:
        result["stdin_mb_written"] = round(written[0] / MB)
    return result


def orphans_after_sigkill(folder: Path, wait: float = 10.0) -> dict[str, object]:
    """Workers alive ``wait`` seconds after SIGKILL of a 2-worker ingest."""
    corpus = folder / "corpus.jsonl"
    corpus.write_text(
        "".join(json.dumps({"published": "2026-01-05", "text": f"{WORDS * 6}Round {i}."}) + "\n" for i in range(3000))
    )
    env = {**os.environ, "NEWSGRAPH_PARALLEL_MIN_BYTES": "0"}
    command = [sys.executable, "-m", "newsgraph", "--db", f"sqlite:///{folder / 'workers.db'}", "--workers", "2"]
    process = subprocess.Popen([*command, "ingest", str(corpus)], env=env, stdout=subprocess.DEVNULL)
    parent = psutil.Process(process.pid)
    workers: list[psutil.Process] = []
    deadline = time.monotonic() + 180
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        workers = [c for c in parent.children(recursive=True) if "spawn_main" in " ".join(c.cmdline())]
        time.sleep(0.2)
    time.sleep(3)  # mid-run
    started_workers = len(workers)
    process.send_signal(signal.SIGKILL)
    process.wait()
    time.sleep(wait)
    living = [w for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
    for worker in living:
        worker.kill()
    return {"workers_started": started_workers, f"alive_after_{wait:g}s": len(living)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html-mb", type=int, default=50)
    parser.add_argument("--feed-mb", type=int, default=50)
    parser.add_argument("--stdin-mb", type=int, default=1000)
    parser.add_argument(
        "--longest-article", action="store_true", help="also ingest one article just under the text limit (slow)"
    )
    args = parser.parse_args()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def ingest(name: str, source: str) -> list[str]:
            db = f"sqlite:///{folder / (name + '.db')}"
            return [sys.executable, "-m", "newsgraph", "--db", db, "ingest", source, "--json"]

        empty = folder / "empty.jsonl"
        empty.write_bytes(b"")
        results["empty input (floor)"] = measure(ingest("empty", str(empty)))
        html = write_html(folder / "page.html", args.html_mb * MB)
        results[f"{args.html_mb} MB HTML page"] = measure(ingest("html", str(html)))
        html.unlink()
        feed = write_feed(folder / "feed.rss", args.feed_mb * MB)
        results[f"{args.feed_mb} MB RSS feed"] = measure(ingest("feed", str(feed)))
        feed.unlink()
        if args.longest_article:
            longest = folder / "longest.jsonl"
            text = (WORDS * (MAX_ARTICLE_CHARS // len(WORDS)))[: MAX_ARTICLE_CHARS - 1]
            longest.write_text(json.dumps({"published": "2026-01-05", "outlet": "Harbour Desk", "text": text}) + "\n")
            results[f"one article of {len(text):,} characters"] = measure(ingest("longest", str(longest)))
        for stream in STREAMS:
            results[f"{args.stdin_mb} MB on stdin ({stream})"] = measure(
                ingest(f"stdin-{stream}", "-"), stdin_bytes=args.stdin_mb * MB, stream=stream
            )
        results["SIGKILL of a 2-worker ingest"] = orphans_after_sigkill(folder)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
