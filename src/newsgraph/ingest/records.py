"""One record (a JSON object or a CSV row) to an Article: the fields both
formats share."""

from __future__ import annotations

from collections.abc import Mapping

from newsgraph.ingest.dates import parse_published
from newsgraph.ingest.decode import check_article_text, check_field, repair_text
from newsgraph.model import Article, InputError

OUTLET_FIELDS = ("outlet", "source")
DATE_FIELDS = ("published", "date")


def _field(record: Mapping[str, object], names: tuple[str, ...], input_name: str, position: int) -> str | None:
    for name in names:
        value = record.get(name)
        if isinstance(value, dict | list):
            raise InputError(input_name, f"'{name}' is not a string", position)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def article_from_record(record: Mapping[str, object], input_name: str, position: int) -> Article:
    """Validate one record; raises InputError naming the field at fault."""
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(input_name, "no 'text' field" if text is None else "'text' is not a string", position)
    published = parse_published(_field(record, DATE_FIELDS, input_name, position), input_name, position)
    declared = _field(record, ("language", "lang"), input_name, position)
    return Article.create(
        published=published,
        text=check_article_text(text, input_name, position),
        outlet=check_field("outlet", _field(record, OUTLET_FIELDS, input_name, position), input_name, position),
        url=check_field("url", _field(record, ("url",), input_name, position), input_name, position),
        title=check_field("title", _field(record, ("title",), input_name, position), input_name, position),
        language=repair_text(declared.lower().split("-")[0][:16]) if declared else None,
        input_name=input_name,
        position=position,
    )
