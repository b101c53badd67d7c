"""Commands that put articles in: extract (no store), ingest, backfill, demo.
Each runs the one pipeline (``newsgraph.pipeline``)."""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from newsgraph.cli import _util
from newsgraph.cli._util import JsonFlag, State, console, demo_corpus, errors, print_json
from newsgraph.cli.render import print_ingest_summary, print_profile
from newsgraph.model import Rejected

PathsArgument = Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")]


def extract(paths: PathsArgument) -> None:
    """Run the extractor without a database; print one JSON object per article.

    Each object holds the article's id, date and text, and its mentions, roles
    and timexes with character offsets into that text. Rejected records are
    reported on stderr. Example: newsgraph extract article.txt
    """
    from newsgraph.ingest import read_sources
    from newsgraph.pipeline import extract_items
    from newsgraph.resolve.article_entities import extraction_json

    read = 0
    for item in extract_items(read_sources(paths), _util.extractor(), State.settings().non_english):
        if isinstance(item, Rejected):
            errors.print(Text(f"rejected {item}", style="yellow"))
            continue
        read += 1
        sys.stdout.write(json.dumps(extraction_json(item), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    if read == 0:
        errors.print(Text("error: no article could be read", style="bold red"))
        raise typer.Exit(1)


def run_ingest(paths: Sequence[str], show_progress: bool = True):  # type: ignore[no-untyped-def]
    """Ingest ``paths`` with a progress bar; the engine and the report."""
    from newsgraph.extract.parallel import ProcessPool
    from newsgraph.ingest import expand_paths
    from newsgraph.pipeline import IngestReport, choose_pool, ingest

    engine = _util.engine()
    settings = State.settings()
    files = list(expand_paths(paths))
    pool = choose_pool(files, settings, _util.extractor)
    if isinstance(pool, ProcessPool):
        errors.print(f"extracting in {settings.workers} worker processes")
    with Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[articles]} articles · {task.fields[rejected]} rejected"),
        TimeElapsedColumn(),
        console=errors,
        disable=not show_progress,
        transient=False,
    ) as progress:
        task = progress.add_task("ingesting", total=len(files), articles=0, rejected=0)

        def on_file_done(name: str, report: IngestReport) -> None:
            progress.update(task, advance=1, articles=report.read, rejected=report.rejected.total)

        try:
            report = ingest(
                files,
                engine,
                pool,
                batch_size=pool.batch_size,
                on_file_done=on_file_done,
                non_english=settings.non_english,
            )
        except KeyboardInterrupt:
            pool.terminate()
            raise
        finally:
            pool.close()
    return engine, report


def _stop_on_sigterm() -> None:
    """SIGTERM stops a run as Ctrl-C does: workers ended, a summary, exit 130."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def ingest(paths: PathsArgument, as_json: JsonFlag = False) -> None:
    """Read articles, extract, and store them; already stored articles are skipped.

    Bad records are stored in the rejected list with file, position and reason;
    the exit status is non-zero only when nothing could be read.
    Example: newsgraph ingest articles/ feed.jsonl
    """
    _stop_on_sigterm()
    try:
        _, report = run_ingest(paths, show_progress=not as_json)
    except KeyboardInterrupt:
        from newsgraph.query.entities import store_stats

        stats = store_stats(_util.engine())
        errors.print(
            f"interrupted: the store holds {stats.articles} article(s) and {stats.rejected} rejected record(s);"
            " what was stored is whole, and running the same command again resumes (stored articles are skipped)"
        )
        raise typer.Exit(130) from None
    if as_json:
        print_json([report.to_json()])
    else:
        print_ingest_summary(report)
    if report.read == 0:
        raise typer.Exit(1)


def backfill(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or globs of articles.")],
    use_ray: Annotated[bool, typer.Option("--ray", help="Run extraction as a Ray Data map.")] = False,
    address: Annotated[
        str | None, typer.Option("--address", help="Ray cluster to join (default: start a local one).")
    ] = None,
    actors: Annotated[int, typer.Option("--actors", min=1, help="Extraction actors on Ray.")] = 1,
    as_json: JsonFlag = False,
) -> None:
    """Backfill a large archive, resumably: articles already stored are skipped.

    Without --ray, extraction runs in worker processes on this machine
    (--workers); with --ray, as a Ray Data map over the input files on a local
    Ray instance or the cluster at --address (on PostgreSQL every actor writes
    its own batches; on SQLite this process is the one writer).
    Example: newsgraph --db postgresql+psycopg://… backfill archive/ --ray
    """
    if not use_ray:
        if address is not None:
            raise typer.BadParameter("--address needs --ray")
        _, report = run_ingest(paths, show_progress=not as_json)
    else:
        from newsgraph.pipeline.distributed import BackfillPlan, run_backfill

        settings = State.settings()
        plan = BackfillPlan(
            paths,
            settings.database_url,
            settings.spacy_model,
            settings.batch_size,
            actors,
            address,
            settings.non_english,
        )
        with Progress(
            SpinnerColumn(),
            TextColumn("backfill on Ray · {task.fields[stored]} stored · {task.fields[present]} already present"),
            TextColumn("· {task.fields[rejected]} rejected"),
            TimeElapsedColumn(),
            console=errors,
            disable=as_json,
        ) as progress:
            task = progress.add_task("backfill", stored=0, present=0, rejected=0)
            report = run_backfill(
                plan,
                on_batch=lambda r: progress.update(
                    task, stored=len(r.stored), present=len(r.present), rejected=r.rejected.total
                ),
            )
    if as_json:
        print_json([report.to_json()])
    else:
        print_ingest_summary(report)


def demo() -> None:
    """Ingest the bundled demo corpus and print a short report.

    Example: newsgraph --db sqlite:///newsgraph.db demo
    """
    from newsgraph.query.entities import entity_profile, list_entities

    engine, report = run_ingest([str(demo_corpus())])
    print_ingest_summary(report)
    for entity_type in ("PERSON", "ORG", "GPE", "WEAPON"):
        top = list_entities(engine, entity_type=entity_type, limit=5)
        if top:
            console.print(
                Text(f"top {entity_type}: ", style="bold") + Text(", ".join(f"{e.name} ({e.mentions})" for e in top))
            )
    people = list_entities(engine, entity_type="PERSON", limit=1)
    if people:
        console.print()
        profile = entity_profile(engine, people[0].id, evidence_limit=3)
        if profile is not None:
            print_profile(profile)
    console.print()
    console.print("next: newsgraph entities · newsgraph entity NAME · newsgraph rejected · newsgraph stats")
    console.print("web UI: newsgraph serve → http://127.0.0.1:8000")


def code(
    sentence: Annotated[str, typer.Argument(help="The sentence that states the relation.")],
    source: Annotated[str, typer.Option("--source", help="Who acts, as written in the sentence.")],
    target: Annotated[str, typer.Option("--target", help="Who is acted on, as written in the sentence.")],
    as_json: JsonFlag = False,
) -> None:
    """Code what a sentence says SOURCE did to TARGET: PLOVER type, mode,
    modality, trigger and evidence offsets.
    Example: newsgraph code "Russia expelled two Estonian diplomats." --source Russia --target "Estonian diplomats"
    """
    from newsgraph.cli.render import highlight
    from newsgraph.extract.dyad import code_dyad

    coding = code_dyad(_util.extractor().nlp, sentence, source, target)
    if as_json:
        print_json([coding.to_json()])
        return
    console.print(f"type: {coding.type or 'none'}  mode: {coding.mode or '-'}  modality: {coding.modality or '-'}")
    if coding.trigger_start is not None and coding.trigger_end is not None:
        console.print(Text("trigger: ").append(highlight(sentence, coding.trigger_start, coding.trigger_end)))
    console.print(f"chosen by: {coding.basis}  confidence: {coding.confidence}")
