"""Strict parsing of publication dates: an article's date is never guessed,
and must lie within ``PUBLISHED_MIN``..``PUBLISHED_MAX`` (1800-01-01 to
2200-12-31)."""

from __future__ import annotations

import re
from datetime import date, datetime

from newsgraph.model import PUBLISHED_MAX, PUBLISHED_MIN, InputError, published_in_range

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_published(value: object, input_name: str, position: int | None = None) -> date:
    """A publication date from ``YYYY-MM-DD`` or a full ISO 8601 timestamp
    (``2025-12-11T08:30:00Z``) within the accepted range; anything else is an
    ``InputError``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputError(input_name, "no publication date", position)
    if not isinstance(value, str):
        raise InputError(input_name, f"publication date is not a string: {value!r}", position)
    text = value.strip()
    try:
        if _ISO_DATE.fullmatch(text):
            return check_published(date.fromisoformat(text), input_name, position)
        if len(text) > 10 and _ISO_DATE.match(text) and text[10] in "T ":
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00")).date()
            return check_published(parsed, input_name, position)
    except ValueError as error:
        raise InputError(input_name, f"invalid publication date {text[:40]!r} ({error})", position) from None
    raise InputError(input_name, f"publication date {text[:40]!r} is not YYYY-MM-DD or ISO 8601", position)


def check_published(published: date, input_name: str, position: int | None = None) -> date:
    """``published`` if it lies within the accepted range, else an InputError."""
    if not published_in_range(published):
        raise InputError(
            input_name,
            f"publication date {published.isoformat()} is outside {PUBLISHED_MIN.isoformat()}"
            f"..{PUBLISHED_MAX.isoformat()}",
            position,
        )
    return published
