"""The settings of incremental resolution across articles, and its report.

The steps themselves read and write the store, so they run in the pipeline
(``pipeline/resolution.py``), after the write; what depends on one article
alone is done before it, where the article was extracted (``article.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field

ARTICLES_PER_ENTITY = 30  # co-mentions are read from this many of an entity's articles
KEY_CAP = 200  # a blocking key shared by more entities than this is ignored
# An article is scored against the articles sharing the most story keys with
# it, not all of them: one link joins it to a story, and a story reported
# hundreds of times would otherwise make each new report cost more.
STORY_CANDIDATES = 60
STORY_KEY_CAP = 50  # a story key held by more articles than this within its window is too common to tell
STORY_REGION = 5000  # articles a batch's story clustering reaches at most along story links
NEAR_MISS = 0.45  # negative verdicts are kept from this score up; below it an earlier judgement is withdrawn
RESOLVE_EVERY = 256  # stored articles resolved together during an ingest
# Errors one stored row can provoke in resolution (a value at the calendar's
# edge, a malformed field): that article is left unresolved and reported.
ROW_ERRORS = (ArithmeticError, ValueError, TypeError, LookupError)


@dataclass
class ResolutionReport:
    articles: int = 0
    links: int = 0
    pairs_scored: int = 0
    judgements: int = 0
    entities_touched: int = 0
    stories: set[int] = field(default_factory=set)
