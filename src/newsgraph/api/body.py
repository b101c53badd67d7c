"""The body of ``POST /api/articles``: a JSON article (or a list of them), an
HTML page, or an RSS/Atom feed, chosen by the Content-Type header, read with
a size limit and turned into articles by the reader the ingest registry
(``ingest/formats.py``) holds for that media type, as files are."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from newsgraph.api.errors import PayloadTooLargeError, UnsupportedMediaTypeError
from newsgraph.ingest.decode import MAX_ARTICLE_CHARS, repair_text
from newsgraph.ingest.formats import UnknownFormatError, format_for_media_type, read_bytes
from newsgraph.model import Article, Rejected

MAX_BODY_BYTES = 5_000_000
MAX_ARTICLES_PER_REQUEST = 100
INPUT_NAME = "POST /api/articles"


class ArticleIn(BaseModel):
    """One article to ingest; ``published`` is YYYY-MM-DD or ISO 8601."""

    model_config = ConfigDict(extra="ignore")

    published: str = Field(max_length=64, examples=["2025-12-11"])
    text: str = Field(min_length=1, max_length=MAX_ARTICLE_CHARS)
    outlet: str | None = Field(default=None, max_length=300)
    url: str | None = Field(default=None, max_length=2000)
    title: str | None = Field(default=None, max_length=1000)
    language: str | None = Field(default=None, max_length=16)


ArticlesIn = ArticleIn | Annotated[list[ArticleIn], Field(min_length=1, max_length=MAX_ARTICLES_PER_REQUEST)]
_ARTICLES = TypeAdapter(ArticlesIn)

OPENAPI_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "anyOf": [
                        ArticleIn.model_json_schema(),
                        {
                            "type": "array",
                            "items": ArticleIn.model_json_schema(),
                            "minItems": 1,
                            "maxItems": MAX_ARTICLES_PER_REQUEST,
                        },
                    ]
                }
            },
            "text/html": {"schema": {"type": "string"}},
            "application/rss+xml": {"schema": {"type": "string"}},
            "application/atom+xml": {"schema": {"type": "string"}},
        },
    }
}


async def read_limited(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body; PayloadTooLargeError past ``limit`` bytes, even
    when the client sent no Content-Length."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLargeError(f"request body of {int(declared):,} bytes is over the {limit:,} byte limit")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLargeError(f"request body is over the {limit:,} byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def _validate_json(raw: bytes) -> None:
    """422 (with pydantic's errors) unless ``raw`` is an article or a list of them."""
    try:
        parsed = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise RequestValidationError([{"type": "json_invalid", "loc": ("body",), "msg": str(error)}]) from None
    except RecursionError:
        raise RequestValidationError([{"type": "json_invalid", "loc": ("body",), "msg": "nested too deeply"}]) from None
    try:
        _ARTICLES.validate_python(_repaired(parsed))
    except ValidationError as error:
        raise RequestValidationError(
            error.errors(include_url=False, include_context=False, include_input=False)
        ) from None


def _repaired(parsed: Any) -> Any:
    """The articles' string fields with lone surrogates (from escapes such
    as "\\ud800") repaired, as every reader repairs them."""
    records = parsed if isinstance(parsed, list) else [parsed]
    repaired = [
        {key: repair_text(value) if isinstance(value, str) else value for key, value in record.items()}
        if isinstance(record, dict)
        else record
        for record in records
    ]
    return repaired if isinstance(parsed, list) else repaired[0]


def items_from_body(content_type: str, raw: bytes) -> list[Article | Rejected]:
    """Articles and rejections in a POSTed body of ``content_type``, read by
    the format the registry (ingest/formats.py) holds for that media type."""
    try:
        fmt = format_for_media_type(content_type)
    except UnknownFormatError as error:
        raise UnsupportedMediaTypeError(str(error)) from None
    if fmt.name == "json":
        _validate_json(raw)
    return list(read_bytes(raw, fmt, INPUT_NAME))
