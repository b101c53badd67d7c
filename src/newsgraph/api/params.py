"""Query parameters shared by the API's routes, with their bounds."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BeforeValidator

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
MAX_ID = 2**31 - 1

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many rows at most.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip (for paging).")]
EntityId = Annotated[int, Path(ge=1, le=MAX_ID, description="Entity id.")]
EventId = Annotated[int, Path(ge=1, le=MAX_ID, description="Event id.")]
ArticleId = Annotated[
    str, Path(min_length=1, max_length=40, pattern=r"^[0-9a-f]+$", description="Article id or prefix.")
]
SearchText = Annotated[str, Query(min_length=1, max_length=200, description="Words to search for.")]
Country = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166 alpha-3 code.")]
Name = Annotated[str | None, Query(min_length=1, max_length=200)]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _calendar_date_only(value: Any) -> Any:
    """Refuse what pydantic would otherwise take for a date (``0`` is read
    as 1970-01-01, a number as seconds since then): the schema says
    YYYY-MM-DD."""
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("a date must be written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_calendar_date_only)]
