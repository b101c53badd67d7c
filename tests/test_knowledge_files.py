"""The packaged knowledge files as YAML reads them: a bare ``on``, ``no``,
``yes`` or ``off`` in a word list is read as a boolean, and the word is
silently lost from the list."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import yaml

from newsgraph.knowledge.loader import load_yaml


def _knowledge_files() -> list[str]:
    root = resources.files("newsgraph.knowledge")
    names = []
    for folder in root.iterdir():
        if folder.is_dir():
            names += [f"{folder.name}/{item.name}" for item in folder.iterdir() if item.name.endswith(".yaml")]
    return sorted(names)


def _stray_booleans(value: Any, path: str) -> list[str]:
    """Paths of booleans anywhere but under an upper-case key (a token
    attribute such as ``LIKE_NUM: true`` or ``ANCHOR: true``)."""
    if isinstance(value, bool):
        return [path]
    if isinstance(value, dict):
        found = [f"{path}/<key {key}>" for key in value if isinstance(key, bool)]
        for key, item in value.items():
            if isinstance(item, bool) and isinstance(key, str) and key.isupper():
                continue
            found += _stray_booleans(item, f"{path}/{key}")
        return found
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _stray_booleans(item, f"{path}[{i}]")]
    return []


def test_there_are_knowledge_files() -> None:
    assert len(_knowledge_files()) >= 10


@pytest.mark.parametrize("name", _knowledge_files())
def test_no_word_is_read_as_a_boolean(name: str) -> None:
    assert _stray_booleans(load_yaml(name), name) == []


def test_the_check_finds_a_bare_on() -> None:
    assert _stray_booleans(yaml.safe_load("leading: [in, on, at]"), "x") == ["x/leading[1]"]
    assert _stray_booleans(yaml.safe_load("p: [{LIKE_NUM: true}]"), "x") == []
