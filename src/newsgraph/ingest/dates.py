"""Strict parsing of publication dates: an article's date is never guessed."""

from __future__ import annotations

import re
from datetime import date, datetime

from newsgraph.model import InputError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_published(value: object, input_name: str, position: int | None = None) -> date:
    """A publication date from ``YYYY-MM-DD`` or a full ISO 8601 timestamp
    (``2025-12-11T08:30:00Z``); anything else is an ``InputError``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputError(input_name, "no publication date", position)
    if not isinstance(value, str):
        raise InputError(input_name, f"publication date is not a string: {value!r}", position)
    text = value.strip()
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
        if len(text) > 10 and _ISO_DATE.match(text) and text[10] in "T ":
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError as error:
        raise InputError(input_name, f"invalid publication date {text!r} ({error})", position) from None
    raise InputError(input_name, f"publication date {text!r} is not YYYY-MM-DD or ISO 8601", position)
