"""The ``newsgraph`` command line: thin commands over ingest, the pipeline,
query and export, one module per family (``ingest``, ``read``,
``resolution``, ``evaluate``, ``serve``), what they share in ``_util`` and
how they print in ``render``. Each command's docstring is its help text and
ends with an example. Commands are registered here, in the order ``--help``
lists them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from newsgraph.cli import evaluate, ingest, read, resolution, serve
from newsgraph.cli._util import State, _engine, _extractor, app, demo_corpus, evaluate_app, fail_cleanly
from newsgraph.cli.render import print_events, print_profile

app.add_typer(evaluate_app, name="evaluate")


@app.callback()
def main(
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default sqlite:///newsgraph.db).")] = None,
    model: Annotated[str | None, typer.Option("--model", help="spaCy model name.")] = None,
    batch_size: Annotated[int | None, typer.Option("--batch-size", min=1, help="Articles per batch.")] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Extraction processes (default: cores).")
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="TOML config file (default ./newsgraph.toml).")
    ] = None,
) -> None:
    """newsgraph: entities, events, times and evidence from news articles.

    Settings come from defaults, then newsgraph.toml, then NEWSGRAPH_* environment
    variables, then these flags.
    """
    if config is not None:
        os.environ["NEWSGRAPH_CONFIG"] = str(config)
    State.overrides = {"database_url": db, "spacy_model": model, "batch_size": batch_size, "workers": workers}


for command in (
    ingest.extract,
    ingest.code,
    ingest.ingest,
    read.articles,
    read.entities,
    read.entity,
    read.timeline,
    read.events,
    read.show,
    read.rejected,
    read.stats,
    serve.serve,
    serve.export,
    serve.watch,
    ingest.backfill,
    ingest.demo,
    resolution.resolve,
    resolution.stories,
    resolution.story,
    resolution.conflicts,
    resolution.screen,
):
    app.command()(fail_cleanly(command))

for name, command in (
    ("ner", evaluate.evaluate_ner),
    ("timex", evaluate.evaluate_timex),
    ("events", evaluate.evaluate_events),
    ("plover", evaluate.evaluate_plover),
    ("resolution", evaluate.evaluate_resolution),
    ("stories", evaluate.evaluate_stories),
):
    evaluate_app.command(name)(fail_cleanly(command))

run_ingest = ingest.run_ingest

__all__ = ["_engine", "_extractor", "app", "demo_corpus", "print_events", "print_profile", "run_ingest"]
