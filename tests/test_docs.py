"""Every CLI command and every setting is documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from newsgraph.cli import app
from newsgraph.config import setting_names

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def command_paths(typer_app: typer.Typer, prefix: str = "newsgraph") -> list[str]:
    paths = []
    for command in typer_app.registered_commands:
        name = command.name or command.callback.__name__.replace("_", "-")
        paths.append(f"{prefix} {name}")
    for group in typer_app.registered_groups:
        paths.extend(command_paths(group.typer_instance, f"{prefix} {group.name}"))
    return paths


@pytest.mark.parametrize("command", command_paths(app))
def test_command_is_documented(command: str):
    assert f"`{command}" in README, f"{command} is not documented in README.md"


@pytest.mark.parametrize("setting", setting_names())
def test_setting_is_documented(setting: str):
    assert f"NEWSGRAPH_{setting.upper()}" in README, f"setting {setting} is not documented in README.md"
