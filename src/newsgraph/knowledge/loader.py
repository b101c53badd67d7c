"""The one way the package reads its knowledge files (word lists,
gazetteers, patterns under ``newsgraph/knowledge``).

Each file is read and parsed once per process; the parsed value is shared
by every caller, so callers must not change it. A missing or malformed file
raises ``KnowledgeFileError`` naming the file.

Example::

    verbs = load_yaml("plover/attribution.yaml")["verbs"]
    for row in load_csv("places/demonyms.csv"): ...

A name is relative to the packaged folder; an absolute path (a component's
``titles_file`` or ``knowledge_dir`` override) is read as it is.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from newsgraph.model import NewsgraphError


class KnowledgeFileError(NewsgraphError):
    """A knowledge file is missing or cannot be parsed."""


def knowledge_root() -> Path:
    """The folder of the packaged knowledge files."""
    return Path(str(resources.files("newsgraph.knowledge")))


def knowledge_file(name: str | Path) -> Path:
    """The path of a knowledge file: ``name`` under the packaged folder, or
    ``name`` itself when it is absolute."""
    return knowledge_root() / name


def _read(name: str | Path) -> tuple[Path, str]:
    path = knowledge_file(name)
    try:
        return path, path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeFileError(f"knowledge file {path}: not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise KnowledgeFileError(f"knowledge file {path}: cannot be read ({error})") from None


@cache
def load_yaml(name: str | Path) -> Any:
    """The parsed YAML file ``name`` (an empty file reads as ``{}``)."""
    path, text = _read(name)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise KnowledgeFileError(f"knowledge file {path}: not valid YAML ({error})") from None
    return {} if data is None else data


@cache
def load_json(name: str | Path) -> Any:
    """The parsed JSON file ``name``."""
    path, text = _read(name)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise KnowledgeFileError(f"knowledge file {path}: not valid JSON ({error.msg})") from None


@cache
def load_csv(name: str | Path) -> tuple[dict[str, str], ...]:
    """The rows of the CSV file ``name`` by its header; blank lines and lines
    starting with ``#`` are comments."""
    _, text = _read(name)
    return tuple(csv.DictReader(line for line in text.splitlines() if line.strip() and not line.startswith("#")))


@cache
def load_jsonl(name: str | Path) -> tuple[dict[str, Any], ...]:
    """The objects of the JSON Lines file ``name`` (blank lines skipped)."""
    path, text = _read(name)
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise KnowledgeFileError(f"knowledge file {path}:{number}: not valid JSON ({error.msg})") from None
    return tuple(records)
