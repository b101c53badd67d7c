"""Reading our JSON Lines gold files (gold/events, gold/resolution,
gold/stories): one record per line, each an article (published, text,
outlet?, url?, title?) with its labels."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from newsgraph.model import Article, InputError


def gold_records(
    path: Path, what: str = "gold record", outlet_field: str = "outlet"
) -> Iterator[tuple[dict[str, Any], Article]]:
    """Each record of ``path`` with the article it describes (its outlet in
    ``outlet_field``); a malformed record stops the evaluation with an error
    naming the file and line."""
    if path.is_dir():
        files = ", ".join(sorted(p.name for p in path.glob("*.jsonl"))) or "none here"
        raise InputError(str(path), f"a folder, not a JSON Lines gold file (its .jsonl files: {files})")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read it: {error}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            article = Article.create(
                published=date.fromisoformat(record["published"]),
                text=record["text"],
                outlet=record.get(outlet_field),
                url=record.get("url"),
                title=record.get("title"),
                input_name=str(path),
                position=number,
            )
        except (ValueError, KeyError, TypeError) as error:
            raise InputError(str(path), f"not a {what}: {error}", number) from None
        yield record, article
