"""Errors the API raises on purpose, and the one handler that turns every
newsgraph error into a 4xx response (JSON under /api, a page elsewhere)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

# NotFoundError is the domain's (newsgraph.query raises it too): the API's modules
# import it from here, and status_of maps it to 404 once.
from newsgraph.model import InputError, NewsgraphError, NotFoundError


class BadRequestError(NewsgraphError):
    status_code = 400


class PayloadTooLargeError(NewsgraphError):
    status_code = 413


class UnsupportedMediaTypeError(NewsgraphError):
    status_code = 415


class NothingIngestedError(NewsgraphError):
    """Every record of a POSTed body was rejected."""

    status_code = 422


class Problem(BaseModel):
    """Why a request was refused. ``error`` names the newsgraph error; it is
    absent when the framework refused the request itself (a body that is not
    JSON, a parameter out of bounds: then ``detail`` lists the problems)."""

    error: str | None = Field(default=None, examples=["NotFoundError"])
    detail: str | list[dict[str, Any]]


def _refused(why: str) -> dict[str, Any]:
    return {"model": Problem, "description": why}


# Documented on every /api route (a route without parameters answers none of
# them, which the schema allows); POST routes add 413 and 415.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _refused("The request cannot be read (a body that is not JSON, an unknown filter value)."),
    404: _refused("Nothing with that id (or id prefix) is stored."),
    422: _refused("A parameter or the body is not valid, or a body held no article that could be ingested."),
}
BODY_RESPONSES: dict[int | str, dict[str, Any]] = {
    413: _refused("The body is over the size limit."),
    415: _refused("The body's Content-Type is not one the route reads."),
}


def status_of(error: NewsgraphError) -> int:
    if isinstance(error, InputError):
        return 422
    if isinstance(error, NotFoundError):
        return 404
    return getattr(error, "status_code", 400)


async def newsgraph_error_handler(request: Request, error: Exception) -> Response:
    assert isinstance(error, NewsgraphError)
    status = status_of(error)
    if request.url.path.startswith("/api"):
        return JSONResponse({"error": type(error).__name__, "detail": str(error)}, status_code=status)
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": str(error)}, status_code=status
    )
