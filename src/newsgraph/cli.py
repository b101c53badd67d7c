"""The ``newsgraph`` command line: thin wrappers over ingest, extract, store
and query. Each command's docstring is its help text and ends with an example."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import wraps
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from newsgraph.config import Settings, load_settings
from newsgraph.model import Article, NewsgraphError, Rejected

app = typer.Typer(
    name="newsgraph",
    help="Turn dated news articles into an evidence-backed knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
evaluate_app = typer.Typer(help="Score the extractor against public gold data.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")

console = Console()
errors = Console(stderr=True, soft_wrap=True)  # one error, one line

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=1, help="How many rows at most.")]
OffsetOption = Annotated[int, typer.Option("--offset", min=0, help="Rows to skip (for paging).")]


class State:
    overrides: dict[str, Any] = {}  # noqa: RUF012 - one CLI invocation per process
    engine: Any = None

    @classmethod
    def settings(cls) -> Settings:
        return load_settings(**cls.overrides)

    @classmethod
    def close(cls) -> None:
        if cls.engine is not None:
            cls.engine.dispose()
            cls.engine = None


def fail_cleanly(command):  # type: ignore[no-untyped-def]
    """Turn newsgraph errors into one red line and exit status 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except NewsgraphError as error:
            errors.print(Text(f"error: {error}", style="bold red"))
            raise typer.Exit(2) from None
        finally:
            State.close()

    return wrapper


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


def _engine():  # type: ignore[no-untyped-def]
    """The store's engine for this command (disposed when the command ends)."""
    from newsgraph.store.database import open_store

    if State.engine is None:
        State.engine = open_store(State.settings().database_url)
    return State.engine


def _extractor():  # type: ignore[no-untyped-def]
    from newsgraph.extract.extractor import Extractor

    settings = State.settings()
    with errors.status(f"loading spaCy model {settings.spacy_model}…"):
        return Extractor(settings.spacy_model, batch_size=settings.batch_size)


def _print_json(rows: Iterable[Any]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row.to_json() if hasattr(row, "to_json") else row, ensure_ascii=False) + "\n")


def _highlight(sentence: str, start: int, end: int) -> Text:
    text = Text(sentence.replace("\n", " "))
    text.stylize("bold reverse", start, end)
    return text


@app.command()
@fail_cleanly
def extract(paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")]) -> None:
    """Run the extractor without a database; print one JSON object per article.

    Each object holds the article's id, date and text, and its mentions, roles
    and timexes with character offsets into that text. Rejected records are
    reported on stderr. Example: newsgraph extract article.txt
    """
    from newsgraph.ingest import read_sources
    from newsgraph.runner import extractable_language, not_english

    extractor = _extractor()
    articles: list[Article] = []
    read = 0

    def flush() -> None:
        for extraction in extractor.extract_many(articles):
            sys.stdout.write(json.dumps(extraction.to_json(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
        articles.clear()

    keep_other_languages = State.settings().non_english == "entities"
    for item in read_sources(paths):
        if isinstance(item, Article) and not (keep_other_languages or extractable_language(item)):
            item = not_english(item)
        if isinstance(item, Rejected):
            errors.print(Text(f"rejected {item}", style="yellow"))
            continue
        read += 1
        articles.append(item)
        if len(articles) >= extractor.batch_size:
            flush()
    flush()
    if read == 0:
        errors.print(Text("error: no article could be read", style="bold red"))
        raise typer.Exit(1)


def run_ingest(paths: Sequence[str], show_progress: bool = True):  # type: ignore[no-untyped-def]
    from newsgraph.extract.extractor import Extractor
    from newsgraph.ingest import expand_paths
    from newsgraph.runner import IngestReport, ingest

    engine = _engine()
    settings = State.settings()
    files = list(expand_paths(paths))
    size = sum(Path(f).stat().st_size for f in files if f != "-" and Path(f).is_file())
    if settings.workers > 1 and size >= settings.parallel_min_bytes:
        from newsgraph.extract.parallel import ProcessPool

        errors.print(f"extracting in {settings.workers} worker processes")
        extractor = ProcessPool(settings.spacy_model, settings.batch_size, settings.workers)
    else:
        extractor = _extractor()
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
            progress.update(task, advance=1, articles=report.read, rejected=len(report.rejected))

        try:
            report = ingest(
                files,
                engine,
                extractor,
                batch_size=extractor.batch_size,
                on_file_done=on_file_done,
                non_english=settings.non_english,
            )
        except KeyboardInterrupt:
            if not isinstance(extractor, Extractor):
                extractor.terminate()
            raise
        finally:
            if not isinstance(extractor, Extractor):
                extractor.close()
    return engine, report


def _print_ingest_summary(report) -> None:  # type: ignore[no-untyped-def]
    table = Table(title="ingest", show_header=False)
    table.add_row("files", str(report.files))
    table.add_row("articles read", str(report.read))
    table.add_row("stored", str(len(report.stored)))
    table.add_row("already present", str(len(report.present)))
    table.add_row("rejected", str(len(report.rejected)))
    console.print(table)
    for rejection in report.rejected[:20]:
        console.print(Text(f"  rejected {rejection}", style="yellow"))
    if len(report.rejected) > 20:
        console.print(f"  … and {len(report.rejected) - 20} more (newsgraph rejected)")


def _stop_on_sigterm() -> None:
    """SIGTERM stops a run as Ctrl-C does: workers ended, a summary, exit 130."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


@app.command()
@fail_cleanly
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
    as_json: JsonFlag = False,
) -> None:
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

        stats = store_stats(_engine())
        errors.print(
            f"interrupted: the store holds {stats.articles} article(s) and {stats.rejected} rejected record(s);"
            " what was stored is whole, and running the same command again resumes (stored articles are skipped)"
        )
        raise typer.Exit(130) from None
    if as_json:
        _print_json([report.to_json()])
    else:
        _print_ingest_summary(report)
    if report.read == 0:
        raise typer.Exit(1)


@app.command()
@fail_cleanly
def articles(limit: LimitOption = 50, offset: OffsetOption = 0, as_json: JsonFlag = False) -> None:
    """List stored articles, newest first. Example: newsgraph articles -n 10"""
    from newsgraph.query.entities import list_articles

    rows = list_articles(_engine(), limit=limit, offset=offset)
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "published", "outlet", "title", "words", "mentions")
    for row in rows:
        table.add_row(
            row.id, row.published.isoformat(), row.outlet or "", row.title or "", str(row.words), str(row.mentions)
        )
    console.print(table)


@app.command()
@fail_cleanly
def entities(
    entity_type: Annotated[str | None, typer.Option("--type", "-t", help="PERSON, ORG, GPE, WEAPON, …")] = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    as_json: JsonFlag = False,
) -> None:
    """List entities, most mentioned first. Example: newsgraph entities --type PERSON"""
    from newsgraph.query.entities import list_entities

    rows = list_entities(_engine(), entity_type=entity_type, limit=limit, offset=offset)
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "type", "name", "mentions", "articles")
    for row in rows:
        table.add_row(str(row.id), row.type, row.name, str(row.mentions), str(row.articles))
    console.print(table)


def print_profile(profile) -> None:  # type: ignore[no-untyped-def]
    console.print(Text.assemble((profile.name, "bold"), f"  {profile.type}  #{profile.id}"))
    console.print(f"mentions: {profile.mentions} in {profile.articles} article(s)")
    console.print(Text("aliases: " + ", ".join(profile.aliases)))
    if profile.roles:
        console.print("roles:")
        for role in profile.roles:
            where = f" of {role.organisation}" if role.organisation else ""
            console.print(
                Text(f"  {role.title}{where} (as of {role.as_of.isoformat()}, article {role.evidence.article_id})")
            )
    if profile.evidence:
        console.print("sentences:")
        for evidence in profile.evidence:
            label = f"  {evidence.published.isoformat()} {evidence.outlet or evidence.article_id}: "
            console.print(Text(label, style="dim") + _highlight(evidence.sentence, evidence.start, evidence.end))
    if profile.co_mentions:
        console.print(
            Text("co-mentioned: " + ", ".join(f"{c.name} ({c.type}, {c.sentences})" for c in profile.co_mentions))
        )


@app.command()
@fail_cleanly
def entity(
    words: Annotated[list[str], typer.Argument(help="NAME, or: why|merge|split A B.", metavar="NAME | VERB A B")],
    entity_type: Annotated[str | None, typer.Option("--type", "-t", help="Restrict to this type.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why (merge/split).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Profile of an entity: type, aliases, mention count, the sentences it
    appears in (mention highlighted), roles and co-mentioned entities.
    With three arguments whose first is why, merge or split, explains or
    records a resolution decision between entities A and B (a name or #id):
    `entity why A B`, `entity merge A B`, `entity split A B`.
    Example: newsgraph entity "Bharat Forge"
    """
    from newsgraph.query.entities import entity_profile, find_entity_ids

    if len(words) == 3 and words[0] in ENTITY_VERBS:
        entity_decision(words[0], words[1], words[2], entity_type, note, as_json)
        return
    name = " ".join(words)
    engine = _engine()
    ids = find_entity_ids(engine, name, entity_type)
    if not ids:
        errors.print(Text(f"error: no entity named {name!r}", style="bold red"))
        raise typer.Exit(1)
    profiles = [entity_profile(engine, entity_id) for entity_id in ids]
    if as_json:
        _print_json(p for p in profiles if p is not None)
        return
    for profile in profiles:
        if profile is not None:
            print_profile(profile)
            console.print()


def _date_option(help_text: str):  # type: ignore[no-untyped-def]
    return typer.Option(help=help_text, formats=["%Y-%m-%d"])


SinceOption = Annotated[datetime | None, _date_option("Happened on or after this date (YYYY-MM-DD).")]
UntilOption = Annotated[datetime | None, _date_option("Happened on or before this date.")]
ReportedSinceOption = Annotated[datetime | None, _date_option("Reported on or after this date.")]
ReportedUntilOption = Annotated[datetime | None, _date_option("Reported on or before this date.")]


def _day(value: datetime | None) -> date | None:
    return None if value is None else value.date()


@app.command()
@fail_cleanly
def timeline(
    name: Annotated[str, typer.Argument(help="Entity name or alias.")],
    entity_type: Annotated[str | None, typer.Option("--type", "-t", help="Restrict to this type.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    reported_since: ReportedSinceOption = None,
    reported_until: ReportedUntilOption = None,
    as_json: JsonFlag = False,
) -> None:
    """The dated things an entity is involved in, ordered by when they happened,
    with the report date and the evidence sentence. A date known only to the
    month is shown as the month. Example: newsgraph timeline "Sanjeev Kumar"
    """
    from newsgraph.query.entities import find_entity_ids
    from newsgraph.query.timeline import entity_timeline

    engine = _engine()
    ids = find_entity_ids(engine, name, entity_type)
    if not ids:
        errors.print(Text(f"error: no entity named {name!r}", style="bold red"))
        raise typer.Exit(1)
    entries = entity_timeline(engine, ids[0], _day(since), _day(until), _day(reported_since), _day(reported_until))
    if as_json:
        _print_json(entries)
        return
    table = Table("happened", "precision", "reported", "what", "evidence")
    for entry in entries:
        evidence = entry.evidence
        table.add_row(
            entry.event_time,
            entry.precision,
            entry.reported.isoformat(),
            Text(f"{entry.what} ({entry.time_text})"),
            _highlight(evidence.sentence, evidence.start, evidence.end),
        )
    console.print(table)


def print_events(events) -> None:  # type: ignore[no-untyped-def]
    for event in events:
        when = f"{event.event_time} ({event.precision}, '{event.time_text}')" if event.event_time else "undated"
        header = Text.assemble(
            (f"#{event.id} {event.type}", "bold"),
            f"{'/' + event.mode if event.mode else ''}  {event.modality}  happened {when}  reported ",
            event.reported.isoformat(),
        )
        console.print(header)
        for participant in event.participants:
            kind = f" ({participant.entity_type})" if participant.entity_type else ""
            known = f" = {participant.entity}{kind}" if participant.entity else ""
            extra = ", ".join(x for x in (participant.country, participant.sector) if x)
            console.print(Text(f"   {participant.role}: {participant.text}{known}{f' [{extra}]' if extra else ''}"))
        if event.attribution:
            console.print(Text(f"   according to: {event.attribution} ({event.attribution_cue})"))
        evidence = event.evidence
        label = f"   {evidence.outlet or evidence.article_id} @{evidence.sentence_start}: "
        console.print(Text(label, style="dim") + _highlight(evidence.sentence, evidence.start, evidence.end))


@app.command()
@fail_cleanly
def events(
    event_type: Annotated[str | None, typer.Option("--type", "-t", help="PLOVER type, e.g. CONSULT.")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Actor name or alias.")] = None,
    recipient: Annotated[str | None, typer.Option("--recipient", help="Recipient name or alias.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Participant country (ISO alpha-3).")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    reported_since: ReportedSinceOption = None,
    reported_until: ReportedUntilOption = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    as_json: JsonFlag = False,
) -> None:
    """PLOVER-coded events with participants, time, modality, attribution and
    the evidence sentence (trigger highlighted), ordered by event time.
    --since/--until filter by when it happened, --reported-since/--reported-until
    by when it was reported. Example: newsgraph events --type CONSULT --country IND
    """
    from newsgraph.query.events import EventFilter, list_events

    criteria = EventFilter(
        type=event_type,
        actor=actor,
        recipient=recipient,
        country=country,
        since=_day(since),
        until=_day(until),
        reported_since=_day(reported_since),
        reported_until=_day(reported_until),
    )
    rows = list_events(_engine(), criteria, limit=limit, offset=offset)
    if as_json:
        _print_json(rows)
    else:
        print_events(rows)


@app.command()
@fail_cleanly
def show(
    article_id: Annotated[str, typer.Argument(help="Article id, or a unique prefix of it.")],
    as_json: JsonFlag = False,
) -> None:
    """An article with its timexes highlighted and their values, and its
    entities. Example: newsgraph show 1881a3cc
    """
    from newsgraph.query.articles import article_view, find_article_ids
    from newsgraph.query.events import EventFilter, list_events
    from newsgraph.query.resolution import story_of_article

    engine = _engine()
    ids = find_article_ids(engine, article_id)
    if len(ids) != 1:
        problem = "no article" if not ids else f"{len(ids)} articles"
        errors.print(Text(f"error: {problem} with id starting {article_id!r}", style="bold red"))
        raise typer.Exit(1)
    view = article_view(engine, ids[0])
    if view is None:
        raise typer.Exit(1)
    if as_json:
        _print_json([view])
        return
    console.print(
        Text.assemble((view.title or "(no title)", "bold"), f"  {view.published.isoformat()}  {view.outlet or ''}")
    )
    console.print(Text(f"{view.id}  {view.url or ''}", style="dim"))
    story_id = story_of_article(engine, view.id)
    if story_id is not None:
        console.print(Text(f"story {story_id}: newsgraph story {story_id}", style="dim"))
    body = Text()
    cursor = 0
    for timex in view.timexes:
        body.append(view.text[cursor : timex.start])
        body.append(view.text[timex.start : timex.end], style="bold reverse")
        body.append(f"⟨{timex.value}⟩", style="cyan")
        cursor = timex.end
    body.append(view.text[cursor:])
    for mention in view.mentions:
        shift = sum(len(f"⟨{t.value}⟩") for t in view.timexes if t.end <= mention.start)
        body.stylize("underline", mention.start + shift, mention.end + shift)
    console.print(body)
    if view.timexes:
        table = Table("time expression", "type", "value", "precision", title="timexes")
        for timex in view.timexes:
            table.add_row(Text(timex.text), timex.label, timex.value or "", timex.precision or "")
        console.print(table)
    article_events = list_events(engine, EventFilter(article_id=view.id), limit=1000)
    if article_events:
        console.print(Text("events", style="bold"))
        print_events(article_events)


@app.command()
@fail_cleanly
def rejected(limit: LimitOption = 100, offset: OffsetOption = 0, as_json: JsonFlag = False) -> None:
    """List rejected inputs with file, position and reason. Example: newsgraph rejected"""
    from newsgraph.query.entities import list_rejected

    rows = list_rejected(_engine(), limit=limit, offset=offset)
    if as_json:
        _print_json(rows)
        return
    table = Table("input", "position", "reason", "when")
    for row in rows:
        table.add_row(
            Text(row.input_name),
            "" if row.position is None else str(row.position),
            Text(row.reason),
            str(row.rejected_at)[:19],
        )
    console.print(table)


@app.command()
@fail_cleanly
def stats(as_json: JsonFlag = False) -> None:
    """Counts of what the store holds. Example: newsgraph stats"""
    from newsgraph.query.entities import store_stats

    result = store_stats(_engine())
    if as_json:
        _print_json([result])
        return
    table = Table(show_header=False, title="store")
    for key, value in result.to_json().items():
        if key != "entities_by_type":
            table.add_row(key, str(value))
    for entity_type, count in result.entities_by_type.items():
        table.add_row(f"entities: {entity_type}", str(count))
    console.print(table)


@app.command()
@fail_cleanly
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


@app.command()
@fail_cleanly
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

    count = run_export(_engine(), format_name, output)
    if output is not None:
        errors.print(f"wrote {count} records to {output}")


@app.command()
@fail_cleanly
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
    from newsgraph.runner import ingest_items
    from newsgraph.watch import PollResult
    from newsgraph.watch import watch as run_watch

    engine = _engine()
    extractor = _extractor()

    def handle(result: PollResult) -> None:
        if result.status == "error":
            errors.print(Text(f"{result.source}: {result.detail}", style="yellow"))
            return
        if not result.fresh:
            errors.print(Text(f"{result.source}: unchanged", style="dim"))
            return
        report = ingest_items(result.fresh, engine, extractor, batch_size=extractor.batch_size)
        errors.print(
            Text(f"{result.source}: {len(report.stored)} stored, {len(report.present)} already present, "
                 f"{len(report.rejected)} rejected")
        )  # fmt: skip

    try:
        run_watch(feeds, handle, interval=interval, rounds=1 if once else None)
    except KeyboardInterrupt:
        errors.print("stopped")


@app.command()
@fail_cleanly
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
    Ray instance or the cluster at --address, this process being the single
    writer. Example: newsgraph --db postgresql+psycopg://… backfill archive/ --ray
    """
    if not use_ray:
        if address is not None:
            raise typer.BadParameter("--address needs --ray")
        _, report = run_ingest(paths, show_progress=not as_json)
    else:
        from newsgraph.backfill import BackfillPlan, run_backfill

        settings = State.settings()
        plan = BackfillPlan(paths, settings.database_url, settings.spacy_model, settings.batch_size, actors, address)
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
                    task, stored=len(r.stored), present=len(r.present), rejected=len(r.rejected)
                ),
            )
    if as_json:
        _print_json([report.to_json()])
    else:
        _print_ingest_summary(report)


def demo_corpus() -> Path:
    return Path(str(resources.files("newsgraph") / "demo"))


@app.command()
@fail_cleanly
def demo() -> None:
    """Ingest the bundled demo corpus and print a short report.

    Example: newsgraph --db sqlite:///newsgraph.db demo
    """
    from newsgraph.query.entities import entity_profile, list_entities

    engine, report = run_ingest([str(demo_corpus())])
    _print_ingest_summary(report)
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


@evaluate_app.command("ner")
@fail_cleanly
def evaluate_ner(
    path: Annotated[Path, typer.Argument(help="CoNLL-2003 file (token POS chunk NE).", exists=True, dir_okay=False)],
    write_conll: Annotated[
        Path | None, typer.Option("--write-conll", help="Write 'token gold predicted' lines.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Score only the first N documents.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Score entity extraction on CoNLL-2003 data against bare spaCy, per type
    and micro P/R/F1 (exact span match, as conlleval).
    Example: newsgraph evaluate ner ../shared/data/eval/conll2003/dev.txt
    """
    from newsgraph.evaluate.conll import evaluate_ner as run

    report = run(path, State.settings().spacy_model, write_conll=write_conll, limit=limit)
    if as_json:
        _print_json([report.to_json()])
    else:
        report.render(console)


@evaluate_app.command("timex")
@fail_cleanly
def evaluate_timex(
    paths: Annotated[list[Path], typer.Argument(help="TimeML .tml files or folders of them.")],
    write_tml: Annotated[
        Path | None, typer.Option("--write-tml", help="Folder to write our TimeML annotations to.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Score temporal expressions on TimeML documents with the TempEval-3
    measures (strict/relaxed extent, value and type F1).
    Example: newsgraph evaluate timex ../shared/data/eval/timeml/aquaint
    """
    from newsgraph.evaluate.timeml import evaluate_timex as run

    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.tml")) if path.is_dir() else [path])
    report = run(files, _extractor(), write_tml=write_tml)
    if as_json:
        _print_json([report.to_json()])
    else:
        report.render(console)


@evaluate_app.command("events")
@fail_cleanly
def evaluate_events(
    path: Annotated[Path, typer.Argument(help="Event gold file (JSON Lines, see gold/events/README.md).", exists=True)],
    as_json: JsonFlag = False,
) -> None:
    """Score event extraction against gold: P/R/F1 for event type (matched by
    sentence) and for each role, and modality accuracy.
    Example: newsgraph evaluate events gold/events/test.jsonl
    """
    from newsgraph.evaluate.events import evaluate_events as run

    report = run(path, _extractor())
    if as_json:
        _print_json([report.to_json()])
    else:
        report.render(console)


# Resolution: entity decisions, stories, conflicts, screening.

ENTITY_VERBS = ("why", "merge", "split")


def _entity_id(engine, reference: str, entity_type: str | None) -> int:  # type: ignore[no-untyped-def]
    """An entity named by ``#id`` or by a name or alias (the most mentioned)."""
    from newsgraph.query.entities import find_entity_ids

    if reference.startswith("#") and reference[1:].isdigit():
        return int(reference[1:])
    ids = find_entity_ids(engine, reference, entity_type)
    if not ids:
        errors.print(Text(f"error: no entity named {reference!r}", style="bold red"))
        raise typer.Exit(1)
    return ids[0]


def entity_decision(verb: str, left: str, right: str, entity_type: str | None, note: str | None, as_json: bool) -> None:
    """`entity why|merge|split A B`: explain, or record a person's judgement."""
    from newsgraph.query.resolution import explain_pair
    from newsgraph.resolve.batch import record_decision

    engine = _engine()
    a, b = _entity_id(engine, left, entity_type), _entity_id(engine, right, entity_type)
    if verb in ("merge", "split"):
        record_decision(engine, a, b, "positive" if verb == "merge" else "negative", note)
    explanation = explain_pair(engine, a, b)
    if as_json:
        _print_json([explanation])
        return
    left_entity, right_entity = explanation.left, explanation.right
    state = "one entity" if explanation.same_cluster else "different entities"
    names = f"{left_entity.name} (#{left_entity.id}) / {right_entity.name} (#{right_entity.id})"
    console.print(Text.assemble((names, "bold"), f": {state}"))
    match = explanation.match
    table = Table("feature", "weight", "score", "part", "compared", title=f"score {match.score} → {match.verdict}")
    for feature in match.features:
        table.add_row(
            feature.name,
            f"{feature.weight:+.2f}",
            f"{feature.score:.2f}",
            f"{feature.contribution:+.3f}",
            Text(" | ".join(feature.compared)),
        )
    console.print(table)
    for judgement in explanation.judgements:
        deleted = f" (withdrawn {str(judgement['deleted_at'])[:19]})" if judgement["deleted_at"] else ""
        console.print(
            Text(
                f"  {str(judgement['created_at'])[:19]} {judgement['decided_by']}: {judgement['verdict']}"
                f" score={judgement['score']} {judgement['note'] or ''}{deleted}"
            )
        )


@app.command()
@fail_cleanly
def resolve(as_json: JsonFlag = False) -> None:
    """Resolve stored articles that have not been resolved yet (ingest does
    this as it goes; use this after loading articles another way).
    Example: newsgraph resolve
    """
    from newsgraph.resolve.batch import resolve_unresolved

    done = resolve_unresolved(_engine())
    if as_json:
        _print_json([{"resolved": done}])
    else:
        console.print(f"resolved {done} article(s)")


@app.command()
@fail_cleanly
def stories(
    min_articles: Annotated[int, typer.Option("--min-articles", min=1, help="Smallest story shown.")] = 2,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    as_json: JsonFlag = False,
) -> None:
    """Stories (articles about the same happening), latest first, with their
    first report and outlets. Example: newsgraph stories --min-articles 3
    """
    from newsgraph.query.resolution import list_stories

    rows = list_stories(_engine(), min_articles=min_articles, limit=limit, offset=offset)
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "first seen", "articles", "outlets", "first report", "title")
    for row in rows:
        table.add_row(
            str(row.id),
            row.first_seen.isoformat(),
            str(row.articles),
            str(row.outlets),
            f"{row.first_outlet or ''} {row.first_article_id[:10]}",
            Text(row.title or ""),
        )
    console.print(table)


def _print_conflicts(conflicts) -> None:  # type: ignore[no-untyped-def]
    for conflict in conflicts:
        console.print(
            Text.assemble((f"{conflict.kind}: {conflict.subject}", "bold"), "  " + " ≠ ".join(conflict.values))
        )
        for version in conflict.versions:
            label = f"   {version.published.isoformat()} {version.outlet or version.article_id}: {version.value} — "
            console.print(Text(label, style="dim") + _highlight(version.sentence, version.start, version.end))


@app.command()
@fail_cleanly
def story(
    story_id: Annotated[int, typer.Argument(help="Story id (see newsgraph stories).")],
    as_json: JsonFlag = False,
) -> None:
    """A story: its first report, its articles by publication date and the
    claims they disagree on. Example: newsgraph story 3
    """
    from newsgraph.query.resolution import story_conflicts, story_detail

    engine = _engine()
    found = story_detail(engine, story_id)
    if found is None:
        errors.print(Text(f"error: no story {story_id}", style="bold red"))
        raise typer.Exit(1)
    summary, members = found
    conflicts = story_conflicts(engine, story_id)
    if as_json:
        _print_json(
            [
                summary.to_json()
                | {"articles": [m.to_json() for m in members], "conflicts": [c.to_json() for c in conflicts]}
            ]
        )
        return
    console.print(Text.assemble((summary.title or "(no title)", "bold"), f"  story {summary.id}"))
    for member in members:
        mark = "first report" if member.first_report else ""
        console.print(
            Text(f"  {member.published.isoformat()}  {member.outlet or ''}  {member.id}  {member.title or ''}  {mark}")
        )
    if conflicts:
        console.print(Text("conflicting claims", style="bold"))
        _print_conflicts(conflicts)


@app.command()
@fail_cleanly
def conflicts(
    story_id: Annotated[int | None, typer.Argument(help="Story id; all stories when left out.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Claims that differ across the articles of a story (a person's name or
    title, an event's date or place, a figure), each version with its outlet
    and evidence. Example: newsgraph conflicts 3
    """
    from newsgraph.query.resolution import list_stories, story_conflicts

    engine = _engine()
    ids = [story_id] if story_id is not None else [s.id for s in list_stories(engine, limit=10_000)]
    for current in ids:
        found = story_conflicts(engine, current)
        if as_json:
            _print_json([{"story": current} | c.to_json() for c in found])
        elif found:
            console.print(Text(f"story {current}", style="bold underline"))
            _print_conflicts(found)


@app.command()
@fail_cleanly
def screen(
    path: Annotated[Path, typer.Argument(help="CSV with a 'name' column (optional 'type': PERSON/ORG).", exists=True)],
    threshold: Annotated[float, typer.Option("--threshold", min=0, max=100, help="Fuzzy match score 0-100.")] = 85.0,
    as_json: JsonFlag = False,
) -> None:
    """Screen a watchlist of people and companies against resolved entities;
    prints each hit with its score and evidence. Example: newsgraph screen watchlist.csv
    """
    import csv

    from newsgraph.query.resolution import screen as run

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or "name" not in rows[0]:
        errors.print(Text(f"error: {path}: no 'name' column", style="bold red"))
        raise typer.Exit(2)
    hits = run(_engine(), [(r["name"].strip(), (r.get("type") or "").strip() or None) for r in rows], threshold)
    if as_json:
        _print_json(hits)
        return
    table = Table("listed", "entity", "type", "score", "matched", "evidence")
    for hit in hits:
        table.add_row(
            Text(hit.listed),
            Text(f"{hit.name} #{hit.entity_id}"),
            hit.type,
            f"{hit.score:.0f}",
            Text(hit.matched),
            Text(f"{hit.outlet or hit.article_id} {hit.published.isoformat()}: ")
            + _highlight(hit.sentence, hit.start, hit.end),
        )
    console.print(table)


@evaluate_app.command("resolution")
@fail_cleanly
def evaluate_resolution(
    path: Annotated[Path, typer.Argument(help="Resolution gold (gold/resolution/*.jsonl).", exists=True)],
    as_json: JsonFlag = False,
) -> None:
    """Score entity resolution on a gold file (mention -> cluster) with
    B-cubed and pairwise P/R/F1. Example: newsgraph evaluate resolution gold/resolution/test.jsonl
    """
    from newsgraph.evaluate.resolution import evaluate_resolution as run

    report = run(path, _extractor())
    if as_json:
        _print_json([report])
    else:
        report.render(console)


@evaluate_app.command("stories")
@fail_cleanly
def evaluate_stories(
    path: Annotated[Path, typer.Argument(help="Story gold (gold/stories/*.jsonl).", exists=True)],
    as_json: JsonFlag = False,
) -> None:
    """Score story clustering on a gold file with pairwise P/R/F1 and the
    adjusted Rand index. Example: newsgraph evaluate stories gold/stories/test.jsonl
    """
    from newsgraph.evaluate.resolution import evaluate_stories as run

    report = run(path, _extractor())
    if as_json:
        _print_json([report])
    else:
        report.render(console)
