"""Commands that serve or send the store elsewhere, or keep it fed: serve
(API and web UI), export, watch (feeds, through the one pipeline)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from newsgraph.cli import _util
from newsgraph.cli._util import State, errors


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind (default: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
) -> None:
    """Serve the REST API (/api, OpenAPI at /docs) and the web UI over the store.

    POSTed articles are ingested by one writer thread. Binds 127.0.0.1 unless
    told otherwise. Example: newsgraph serve --port 8000
    """
    import uvicorn

    from newsgraph.api.app import create_app

    settings = State.settings()
    api = create_app(settings)
    errors.print(f"newsgraph serve → http://{host}:{port}  (store {settings.database_url})")
    uvicorn.run(api, host=host, port=port, log_level="warning")


def export(
    format_name: Annotated[str, typer.Argument(metavar="FORMAT", help="jsonl, gdelt, ftm, graphml or csv.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (a folder for csv); default stdout.")
    ] = None,
) -> None:
    """Export the store for other tools: jsonl (everything with evidence), gdelt
    (GDELT-style event CSV), ftm (FollowTheMoney entities), graphml (Gephi),
    csv (tables, into a folder). Example: newsgraph export graphml -o graph.graphml
    """
    from newsgraph.export import export as run_export

    count = run_export(_util.engine(), format_name, output)
    if output is not None:
        errors.print(f"wrote {count} records to {output}")


def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS/Atom feed URLs or files.")],
    interval: Annotated[float, typer.Option("--interval", min=1.0, help="Seconds between polls.")] = 300.0,
    once: Annotated[bool, typer.Option("--once", help="Poll each feed once, then stop.")] = False,
) -> None:
    """Poll feeds and ingest new entries, until interrupted (or once).

    Uses conditional requests (ETag/Last-Modified), so an unchanged feed costs
    a 304; entries already seen or stored are not extracted again.
    Example: newsgraph watch https://example.org/feed.xml --interval 600
    """
    from newsgraph.pipeline import ingest_items
    from newsgraph.watch import PollResult
    from newsgraph.watch import watch as run_watch

    engine = _util.engine()
    extractor = _util.extractor()
    non_english = State.settings().non_english

    def handle(result: PollResult) -> None:
        if result.status == "error":
            errors.print(Text(f"{result.source}: {result.detail}", style="yellow"))
            return
        if not result.fresh:
            errors.print(Text(f"{result.source}: unchanged", style="dim"))
            return
        report = ingest_items(result.fresh, engine, extractor, batch_size=extractor.batch_size, non_english=non_english)
        errors.print(
            Text(f"{result.source}: {len(report.stored)} stored, {len(report.present)} already present, "
                 f"{report.rejected.total} rejected")
        )  # fmt: skip

    try:
        run_watch(feeds, handle, interval=interval, rounds=1 if once else None)
    except KeyboardInterrupt:
        errors.print("stopped")
