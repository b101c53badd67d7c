"""What every command shares: the typer apps, the common options, settings
and the store's engine for this invocation, turning newsgraph errors into one
line and an exit status, and JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import wraps
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from newsgraph.config import ConfigError, Settings, load_settings
from newsgraph.model import EntityType, EventType, NewsgraphError

app = typer.Typer(
    name="newsgraph",
    help="Turn dated news articles into an evidence-backed knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
evaluate_app = typer.Typer(help="Score the extractor against public gold data.", no_args_is_help=True)

console = Console()
errors = Console(stderr=True, soft_wrap=True)  # one error, one line

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=1, help="How many rows at most.")]
OffsetOption = Annotated[int, typer.Option("--offset", min=0, help="Rows to skip (for paging).")]
# --type takes the same closed lists as the API's ``type`` parameters.
EntityTypeOption = Annotated[
    EntityType | None, typer.Option("--type", "-t", case_sensitive=False, help="Restrict to this type.")
]
EntityListTypeOption = Annotated[
    EntityType | None, typer.Option("--type", "-t", case_sensitive=False, help="PERSON, ORG, GPE, WEAPON, …")
]
EventTypeOption = Annotated[
    EventType | None, typer.Option("--type", "-t", case_sensitive=False, help="PLOVER type, e.g. CONSULT.")
]


def _date_option(help_text: str):  # type: ignore[no-untyped-def]
    return typer.Option(help=help_text, formats=["%Y-%m-%d"])


SinceOption = Annotated[datetime | None, _date_option("Happened on or after this date (YYYY-MM-DD).")]
UntilOption = Annotated[datetime | None, _date_option("Happened on or before this date.")]
ReportedSinceOption = Annotated[datetime | None, _date_option("Reported on or after this date.")]
ReportedUntilOption = Annotated[datetime | None, _date_option("Reported on or before this date.")]


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


Command = TypeVar("Command", bound=Callable[..., Any])


def fail_cleanly(command: Command) -> Command:
    """Turn newsgraph errors (NotFoundError included) into one red line and exit status 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (NewsgraphError, ConfigError) as error:
            errors.print(Text(f"error: {error}", style="bold red"))
            raise typer.Exit(2) from None
        finally:
            State.close()

    return wrapper  # type: ignore[return-value]


def _engine():  # type: ignore[no-untyped-def]
    """The store's engine for this command (disposed when the command ends)."""
    from newsgraph.store.database import open_store

    if State.engine is None:
        State.engine = open_store(State.settings().database_url)
    return State.engine


def _extractor():  # type: ignore[no-untyped-def]
    """The extraction pipeline, loaded with a status line."""
    from newsgraph.extract.extractor import Extractor

    settings = State.settings()
    with errors.status(f"loading spaCy model {settings.spacy_model}…"):
        return Extractor(settings.spacy_model, batch_size=settings.batch_size)


def engine():  # type: ignore[no-untyped-def]
    """The store's engine, looked up on the package at call time, so that a
    test may replace ``newsgraph.cli._engine``."""
    from newsgraph import cli

    return cli._engine()


def extractor():  # type: ignore[no-untyped-def]
    """The extraction pipeline, looked up on the package at call time, so
    that a test may replace ``newsgraph.cli._extractor``."""
    from newsgraph import cli

    return cli._extractor()


def print_json(rows: Iterable[Any]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row.to_json() if hasattr(row, "to_json") else row, ensure_ascii=False) + "\n")


def print_more(shown: Sequence[Any], limit: int, more: bool) -> None:
    """A listing's last line when the store holds more rows than it showed."""
    if more:
        console.print(Text(f"… more: use --limit/--offset (showed {len(shown)}, limit {limit})", style="dim"))


def day(value: datetime | None) -> date | None:
    return None if value is None else value.date()


def type_name(value: EntityType | EventType | None) -> str | None:
    return None if value is None else value.value


def demo_corpus() -> Path:
    return Path(str(resources.files("newsgraph") / "demo"))
