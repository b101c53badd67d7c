"""Admission: which of a batch of read items go on to extraction.

One function for every entry point (files, request bodies, polled feeds, a
Ray map), so that none applies another policy: each article gets its
language (detected unless its source declared it); articles the extractor
is not built for are rejected or kept for their entities, as the
``non_english`` setting says; articles already stored, or already admitted
in this run, are passed over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from newsgraph.ingest.language import detect_language
from newsgraph.model import EXTRACTION_LANGUAGES, UNDETERMINED_LANGUAGE, Article, Rejected

NonEnglishPolicy = Literal["reject", "entities"]
PresentIds = Callable[[Iterable[str]], set[str]]


@dataclass
class Admission:
    """One batch, sorted: ``fresh`` goes on to extraction; ``present`` are
    ids already stored (or admitted before); ``rejected`` are bad records
    and refused articles; ``read`` counts the articles accepted (fresh or
    present)."""

    fresh: list[Article] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    read: int = 0


def extractable_language(article: Article) -> bool:
    """Whether the extractor is built for the article's language."""
    return (article.language or UNDETERMINED_LANGUAGE) in EXTRACTION_LANGUAGES


def not_english(article: Article) -> Rejected:
    reason = (
        f"language looks like {article.language!r}, not English; "
        "set NEWSGRAPH_NON_ENGLISH=entities to keep such articles with entities only"
    )
    return Rejected(article.input_name or article.id, reason, article.position)


def admit(
    batch: Sequence[Article | Rejected],
    non_english: NonEnglishPolicy = "reject",
    present_ids: PresentIds | None = None,
    admitted: set[str] | None = None,
) -> Admission:
    """Sort ``batch``: languages told, the ``non_english`` policy applied,
    articles already stored (``present_ids``, None: no store) or already in
    ``admitted`` (updated with the fresh ones; None: no memory) passed over."""
    admission = Admission(rejected=[item for item in batch if isinstance(item, Rejected)])
    articles: list[Article] = []
    for item in batch:
        if isinstance(item, Article):
            article = item if item.language is not None else replace(item, language=detect_language(item.text))
            if non_english == "reject" and not extractable_language(article):
                admission.rejected.append(not_english(article))
            else:
                articles.append(article)
    admission.read = len(articles)
    stored = present_ids(a.id for a in articles) if present_ids is not None and articles else set()
    for article in articles:
        if article.id in stored or (admitted is not None and article.id in admitted):
            admission.present.append(article.id)
        else:
            if admitted is not None:
                admitted.add(article.id)
            admission.fresh.append(article)
    return admission
