"""The import graph runs one way: ingest → extract → resolve → store → query →
pipeline → evaluate → surfaces (STYLE.md: "Data flows forward"). Every module
under src/newsgraph is parsed (imports anywhere in it, also inside functions
and ``TYPE_CHECKING`` blocks) and may import only its own package or one of a
lower layer. bench/ and tests/ are not checked."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "newsgraph"

# Lowest first. A unit is a package under newsgraph/ or a top-level module;
# "newsgraph" is the package's own __init__ (its version). Units of one layer
# may not import each other.
LAYERS: list[tuple[str, ...]] = [
    ("newsgraph", "model", "config", "memory", "timevalue"),  # shared values, settings, no newsgraph imports
    ("knowledge",),  # data files and their one loader, shared by every stage
    ("ingest",),
    ("extract",),
    ("resolve",),
    ("store",),
    ("query",),
    ("pipeline", "watch"),  # the batch loop every entry point runs; feed polling hands entries to it
    ("runner",),  # kept for code that imports the loop from its old place
    ("evaluate",),  # scorers: may run the pipeline over gold data
    ("cli", "api", "export"),  # surfaces: nothing imports from them
    ("__main__",),  # `python -m newsgraph`
]

# (importing module, imported module or package) → why the import is allowed.
# Each entry must still occur: remove it when the import goes away.
ALLOWED: dict[tuple[str, str], str] = {
    ("newsgraph.cli.serve", "newsgraph.api.app"): (
        "the `serve` command starts the API server: the command line launches every surface"
    ),
    ("newsgraph.cli.serve", "newsgraph.export"): (
        "the `export` command is the command-line entry to the exporters, a surface of their own"
    ),
}

RANK = {unit: rank for rank, layer in enumerate(LAYERS) for unit in layer}


def module_name(path: Path, source: Path = SOURCE) -> str:
    parts = list(path.relative_to(source.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def imports(path: Path, source: Path = SOURCE) -> Iterator[tuple[int, str]]:
    """(line, imported module) for every newsgraph import in a module; from
    the top package, ``from newsgraph import store`` imports ``newsgraph.store``."""
    module = module_name(path, source)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            targets = [".".join([*base, *([node.module] if node.module else [])])]
            if targets == [source.name]:
                targets = [
                    f"{source.name}.{alias.name}" if _is_module(source / alias.name) else source.name
                    for alias in node.names
                ]
        else:
            continue
        for target in targets:
            if target == "newsgraph" or target.startswith("newsgraph."):
                yield node.lineno, target


def _is_module(path: Path) -> bool:
    return path.is_dir() or path.with_suffix(".py").is_file()


def violations(source: Path = SOURCE, allowed: dict[tuple[str, str], str] | None = None) -> list[str]:
    """Every import of a unit of the same or a higher layer, except those allowed."""
    allowed = ALLOWED if allowed is None else allowed
    found: list[str] = []
    for path in sorted(source.rglob("*.py")):
        module = module_name(path, source)
        for line, target in imports(path, source):
            importer, imported = unit_of(module), unit_of(target)
            if importer == imported or (module, target) in allowed:
                continue
            if importer not in RANK or imported not in RANK:
                found.append(f"{module}:{line} imports {target}: place {importer!r} / {imported!r} in LAYERS")
            elif RANK[imported] >= RANK[importer]:
                found.append(f"{module}:{line} imports {target} (layer {RANK[imported]} >= {RANK[importer]})")
    return found


def test_no_upward_imports() -> None:
    assert violations() == []


def test_every_unit_has_a_layer() -> None:
    units = {unit_of(module_name(path)) for path in SOURCE.rglob("*.py")}
    assert units - set(RANK) == set()


def test_allowed_exceptions_still_occur() -> None:
    occurring = {(module_name(path), target) for path in SOURCE.rglob("*.py") for _, target in imports(path)}
    stale = set(ALLOWED) - occurring
    assert not stale, f"no longer imported, remove from ALLOWED: {sorted(stale)}"


@pytest.mark.parametrize(
    ("importer", "line", "upward"),
    [
        ("store/writer.py", "from newsgraph.query.entities import entity_list\n", True),
        ("extract/timex.py", "def f():\n    import newsgraph.resolve.batch\n", True),
        ("query/graph.py", "from ..cli import app\n", True),
        ("model.py", "from newsgraph import knowledge\n", True),
        ("store/writer.py", "from newsgraph import cli\n", True),
        ("cli/read.py", "from newsgraph.api.rest import router\n", True),
        ("query/graph.py", "from newsgraph.store.schema import entity\n", False),
        ("extract/timex.py", "from .timex_normalise import TimexNormaliser\n", False),
        ("api/rest.py", "from newsgraph import __version__\n", False),
    ],
)
def test_checker_sees_upward_imports(tmp_path: Path, importer: str, line: str, upward: bool) -> None:
    source = tmp_path / "newsgraph"
    for package in ("cli", "knowledge"):
        (source / package).mkdir(parents=True, exist_ok=True)
        (source / package / "__init__.py").write_text("", encoding="utf-8")
    path = source / importer
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(line, encoding="utf-8")
    assert bool(violations(source, allowed={})) is upward
