"""What resolution asks of the knowledge files: the gazetteer (one module for
every stage, ``newsgraph.knowledge.gazetteer``) and the data under
``knowledge/resolve``."""

from __future__ import annotations

from typing import Any

from newsgraph.knowledge.gazetteer import KIND_ORDER, Place, country_name, lookup, places
from newsgraph.knowledge.loader import load_yaml

__all__ = ["KIND_ORDER", "Place", "country_name", "load_resolve_data", "lookup", "places"]


def load_resolve_data(name: str) -> dict[str, Any]:
    """One of the data files under ``knowledge/resolve`` (shared: not to be changed)."""
    return load_yaml(f"resolve/{name}")
