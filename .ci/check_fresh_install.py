"""Checks a fresh runtime-only install of newsgraph (see fresh-install.sh):
every dependency came as a wheel, no test extra came along, and each input
format (seed, JSON Lines, CSV, HTML, RSS, Atom, stdin) ingests from
tests/fixtures with the installed ``newsgraph`` command.

Usage: python check_fresh_install.py PIP_REPORT.json WORK_FOLDER
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
FORMATS = {
    "seed": FIXTURES / "articles" / "port-deal.txt",
    "jsonl": FIXTURES / "articles" / "mixed.jsonl",
    "csv": FIXTURES / "articles" / "rows.csv",
    "html": FIXTURES / "web" / "harbour-ledger-port-strike.html",
    "rss": FIXTURES / "web" / "meridian-wire.rss",
    "atom": FIXTURES / "web" / "continental-review.atom",
}
STDIN_SOURCE = FIXTURES / "articles" / "port-deal.txt"
# Test extras and optional extras that a runtime install must not bring.
NOT_RUNTIME = ("followthemoney", "ray", "playwright", "schemathesis", "pytest", "hypothesis")


def built_from_source(report: dict) -> list[str]:
    """Installed distributions (other than newsgraph) that pip did not get as a wheel."""
    return [
        f"{item['metadata']['name']} {item['metadata']['version']} ({item['download_info']['url']})"
        for item in report["install"]
        if item["metadata"]["name"] != "newsgraph" and not item["download_info"]["url"].endswith(".whl")
    ]


def newsgraph(store: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    command = [str(Path(sys.executable).with_name("newsgraph")), "--db", f"sqlite:///{store}", *args]
    return subprocess.run(command, input=stdin, capture_output=True, timeout=600, check=False)


def ingest(store: Path, source: str, stdin: bytes | None = None) -> str:
    """'' when ``source`` stored at least one article, else what went wrong."""
    run = newsgraph(store, "ingest", source, "--json", stdin=stdin)
    if run.returncode != 0:
        return f"exit {run.returncode}: {run.stderr.decode(errors='replace')[-800:]}"
    summary = json.loads(run.stdout.decode().strip().splitlines()[-1])
    return "" if summary["stored"] >= 1 else f"nothing stored: {summary}"


def main(report_path: Path, work: Path) -> int:
    problems: list[str] = []
    report = json.loads(report_path.read_text(encoding="utf-8"))
    problems += [f"built from source: {name}" for name in built_from_source(report)]
    print(f"installed {len(report['install'])} distributions, all wheels but newsgraph itself"
          if not problems else "\n".join(problems))  # fmt: skip
    problems += [f"{name} is installed, but is no runtime dependency" for name in NOT_RUNTIME
                 if importlib.util.find_spec(name) is not None]  # fmt: skip
    for name, path in FORMATS.items():
        problem = ingest(work / f"{name}.db", str(path))
        print(f"ingest {name:5} {path.name}: {problem or 'ok'}")
        problems += [f"ingest {name} ({path}): {problem}"] if problem else []
    problem = ingest(work / "stdin.db", "-", stdin=STDIN_SOURCE.read_bytes())
    print(f"ingest stdin {STDIN_SOURCE.name}: {problem or 'ok'}")
    problems += [f"ingest from stdin: {problem}"] if problem else []
    export = newsgraph(work / "seed.db", "export", "ftm")
    message = export.stderr.decode(errors="replace").strip()
    print(f"export ftm without the extra: exit {export.returncode}: {message}")
    if export.returncode != 2 or "newsgraph[ftm]" not in message or len(message.splitlines()) != 1:
        problems.append(f"export ftm without followthemoney should fail in one line naming the extra: {message}")
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
