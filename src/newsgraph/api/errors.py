"""Errors the API raises on purpose, and the one handler that turns every
newsgraph error into a 4xx response (JSON under /api, a page elsewhere)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse, Response

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
