"""The FastAPI app: the JSON API under /api, the web UI at /, static files,
one error handler for newsgraph errors, a request size limit, and the single
writer thread that ingests POSTed articles."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from starlette.types import ASGIApp, Receive, Scope, Send

from newsgraph import __version__
from newsgraph.api import rest, stories, web
from newsgraph.api.body import MAX_BODY_BYTES
from newsgraph.api.docs import add_offline_docs
from newsgraph.api.errors import newsgraph_error_handler
from newsgraph.api.writer import IngestWorker
from newsgraph.config import Settings
from newsgraph.model import NewsgraphError
from newsgraph.store.database import open_store

HERE = Path(__file__).parent


def web_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) link, else None: an article's URL comes
    from its input and must not become a ``javascript:`` link."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None


class BodySizeLimit:
    """Refuses (413) a request whose declared Content-Length is over the limit
    before the app reads it; bodies without one are capped where read."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            declared = dict(scope["headers"]).get(b"content-length", b"")
            if declared.isdigit() and int(declared) > self.limit:
                await send({"type": "http.response.start", "status": 413,
                            "headers": [(b"content-type", b"application/json")]})  # fmt: skip
                detail = f'{{"error": "PayloadTooLargeError", "detail": "body over {self.limit} bytes"}}'
                await send({"type": "http.response.body", "body": detail.encode()})
                return
        await self.app(scope, receive, send)


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    """The API and web UI over the store named in ``settings`` (or ``engine``)."""
    engine = engine or open_store(settings.database_url)
    writer = IngestWorker(engine, settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        writer.close()

    app = FastAPI(
        title="newsgraph",
        version=__version__,
        summary="Entities, events, times and evidence from news articles.",
        lifespan=lifespan,
        docs_url=None,  # served by add_offline_docs, without a CDN
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.writer = writer
    templates = Jinja2Templates(directory=HERE / "templates")  # autoescapes .html
    templates.env.filters["web_url"] = web_url
    templates.env.globals["sentence_segments"] = web.sentence_segments  # every page cuts evidence the same way
    app.state.templates = templates
    app.add_exception_handler(NewsgraphError, newsgraph_error_handler)
    app.add_middleware(BodySizeLimit, limit=MAX_BODY_BYTES)
    add_offline_docs(app)
    app.include_router(rest.router)
    app.include_router(stories.api)
    app.include_router(web.router)
    app.include_router(stories.pages)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
