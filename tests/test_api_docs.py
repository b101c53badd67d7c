"""Every API route is documented in docs/api.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.routing import APIRoute

from newsgraph.api import rest, stories

API_DOC = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "route",
    [
        f"{method} {route.path}"
        for route in [*rest.router.routes, *stories.api.routes]
        if isinstance(route, APIRoute)
        for method in route.methods
    ],
)
def test_route_is_documented(route: str):
    assert f"`{route}`" in API_DOC, f"{route} is not documented in docs/api.md"
