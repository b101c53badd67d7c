"""Query parameters shared by the API's routes, with their bounds."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

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
