"""Exports for the tools analysts already use, one module per format, all
registered in ``EXPORTERS`` by name (a plug-in format would add itself the
same way). Each reads the store through ``newsgraph.query`` only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from newsgraph.export import csvtables, ftm, gdelt, graphml, jsonl
from newsgraph.model import NewsgraphError


class ExportError(NewsgraphError):
    """An export cannot be written where it was asked to go."""


@dataclass(frozen=True, slots=True)
class Exporter:
    name: str
    description: str
    # Writes the export to a file (or a folder, when ``to_folder``), or to
    # standard output when given None; returns how many records it wrote.
    write: Callable[[Engine, Path | None], int]
    to_folder: bool = False


EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("jsonl", "JSON Lines: every article with its mentions, timexes, events and figures, "
                 "then every entity with aliases, roles and evidence", jsonl.write_jsonl),
        Exporter("gdelt", "GDELT-style event CSV: date, actors with country codes, PLOVER type, "
                 "location, source URL, evidence", gdelt.write_gdelt),
        Exporter("ftm", "FollowTheMoney entities (JSON Lines) for Aleph / OpenSanctions tools", ftm.write_ftm),
        Exporter("graphml", "GraphML for Gephi: entities as nodes, events and co-mentions as edges",
                 graphml.write_graphml),
        Exporter("csv", "CSV tables (articles, entities, mentions, events, participants, quantities) "
                 "in a folder", csvtables.write_tables, to_folder=True),
    )
}  # fmt: skip


def export(engine: Engine, format_name: str, output: Path | None) -> int:
    """Write the store in ``format_name`` to ``output`` (None: standard output)."""
    exporter = EXPORTERS.get(format_name)
    if exporter is None:
        raise ExportError(f"unknown export format {format_name!r} (known: {', '.join(EXPORTERS)})")
    if exporter.to_folder:
        if output is None:
            raise ExportError(f"the {format_name} export writes several files: give a folder with --output")
        if output.exists() and not output.is_dir():
            raise ExportError(f"{output} is a file; the {format_name} export needs a folder")
        output.mkdir(parents=True, exist_ok=True)
    elif output is not None and not output.parent.exists():
        raise ExportError(f"folder {output.parent} does not exist (--output {output})")
    return exporter.write(engine, output)
