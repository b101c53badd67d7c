"""Plain data types shared by every stage of newsgraph.

Nothing here imports spaCy or SQL: these values travel from ingest through
extract and resolve to the store and the surfaces, and across process
boundaries (worker processes, Ray), so they are small, frozen and picklable.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any


class NewsgraphError(Exception):
    """Base class of every error newsgraph raises on purpose.

    The message says which input failed and why; surfaces turn it into a clean
    one-line error (CLI) or a 4xx response (API).
    """


class NotFoundError(NewsgraphError):
    """What was asked for (an entity, an article, a story) is not in the store.
    The CLI exits with status 2 and this one line; the API answers 404."""


class InputError(NewsgraphError):
    """An input (file, record, feed) could not be read or is not an article."""

    def __init__(self, input_name: str, reason: str, position: int | None = None) -> None:
        self.input_name = input_name
        self.reason = reason
        self.position = position
        where = f"{input_name}:{position}" if position is not None else input_name
        super().__init__(f"{where}: {reason}")


class EntityType(StrEnum):
    PERSON = "PERSON"
    ORG = "ORG"
    GPE = "GPE"
    LOC = "LOC"
    NORP = "NORP"
    FAC = "FAC"
    EVENT = "EVENT"
    PRODUCT = "PRODUCT"
    WEAPON = "WEAPON"
    WORK_OF_ART = "WORK_OF_ART"
    LAW = "LAW"
    LANGUAGE = "LANGUAGE"


_SPACE = re.compile(r"\s+")

UNDETERMINED_LANGUAGE = "und"  # ISO 639-2 code for a language that cannot be told
# Languages the extractor is built for; "und" (too short to tell) counts as English.
EXTRACTION_LANGUAGES = frozenset({"en", UNDETERMINED_LANGUAGE})


# The publication dates newsgraph accepts. Outside them a date is a typo or
# a placeholder (0001-01-01, 9999-12-31), and date arithmetic on it (story
# windows, relative event times) would leave the calendar.
PUBLISHED_MIN = date(1800, 1, 1)
PUBLISHED_MAX = date(2200, 12, 31)


def published_in_range(published: date) -> bool:
    """Whether ``published`` is within the accepted publication dates."""
    return PUBLISHED_MIN <= published <= PUBLISHED_MAX


def normalise_text(text: str) -> str:
    """Text as compared for identity: Unicode NFC, collapsed whitespace, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


_POSSESSIVE = re.compile(r"'s\b")
_NOT_NAME = re.compile(r"[^\w&]+")


@lru_cache(maxsize=1 << 16)
def normalise_name(name: str) -> str:
    """A name as compared for deduplication: case-folded, accents and
    punctuation other than ``&`` removed, whitespace collapsed. Cached: the
    same names come back in every batch."""
    if name.isascii():
        stripped = name.casefold()
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        stripped = stripped.replace("\u2019", "'").casefold()
    stripped = _POSSESSIVE.sub("", stripped)
    stripped = _NOT_NAME.sub(" ", stripped)
    return _SPACE.sub(" ", stripped).strip()


def article_id(outlet: str | None, text: str) -> str:
    """Stable article id: hash of the outlet and the normalised text, so that
    ingesting the same article again is a no-op."""
    key = f"{normalise_name(outlet or '')}\n{normalise_text(text)}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class Article:
    """One dated news article, validated by ingest."""

    id: str
    published: date
    text: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    language: str | None = None  # ISO 639-1 code, "und" if undetermined; None until ingest tells
    input_name: str = ""
    position: int | None = None

    @classmethod
    def create(
        cls,
        *,
        published: date,
        text: str,
        outlet: str | None = None,
        url: str | None = None,
        title: str | None = None,
        language: str | None = None,
        input_name: str = "",
        position: int | None = None,
    ) -> Article:
        return cls(
            id=article_id(outlet, text),
            published=published,
            text=text,
            outlet=outlet or None,
            url=url or None,
            title=title or None,
            language=language,
            input_name=input_name,
            position=position,
        )


@dataclass(frozen=True, slots=True)
class Rejected:
    """A record that ingest could not turn into an Article, and why."""

    input_name: str
    reason: str
    position: int | None = None

    def __str__(self) -> str:
        where = f"{self.input_name}:{self.position}" if self.position is not None else self.input_name
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A named entity as it appears in an article's text."""

    start: int
    end: int
    text: str
    type: str
    sentence: int


@dataclass(frozen=True, slots=True)
class PersonRole:
    """A title held by a person, as an article states it ("Defence Production
    Secretary" of India). ``person`` and ``organisation`` index into the
    extraction's mentions; ``organisation`` may be None when the article does
    not say."""

    person: int
    title: str
    title_start: int
    title_end: int
    organisation: int | None
    sentence: int


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression with its TimeML TIMEX3 type and ISO-TimeML value
    resolved against the article date (the document creation time)."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # e.g. 2025-10, 2025-W49, P2Y, PAST_REF
    sentence: int


class EventType(StrEnum):
    """The PLOVER event types newsgraph codes."""

    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"


class Modality(StrEnum):
    ASSERTED = "asserted"
    REPORTED = "reported"
    POTENTIAL = "potential"
    NEGATED = "negated"
    DENIED = "denied"


class RoleName(StrEnum):
    ACTOR = "actor"
    RECIPIENT = "recipient"
    LOCATION = "location"
    TOPIC = "topic"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure with its unit and what it measures ("36%" of "the Indian
    army's arms"). ``measure_*`` offsets are None when the text does not say."""

    start: int
    end: int
    text: str
    value: float
    unit: str  # "%", an ISO 4217 code (USD, INR, EUR…), or "count"
    measure: str | None
    measure_start: int | None
    measure_end: int | None
    sentence: int


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a statement is credited to, and how ("Reuters" said; "according to"
    "the report"). ``scope`` lists the sentence indexes it covers, including
    later sentences that continue it; ``source_mention`` indexes mentions."""

    source: str
    start: int
    end: int
    cue: str
    sentence: int
    scope: tuple[int, ...]
    source_mention: int | None = None


@dataclass(frozen=True, slots=True)
class EventParticipant:
    """One role of an event: who or what fills it, with offsets of the text
    that says so, the mention it resolves to (index into mentions, or None
    for a group such as "Western diplomats"), and its country (ISO 3166
    alpha-3) and sector where they can be told."""

    role: str  # RoleName value
    text: str
    start: int
    end: int
    mention: int | None = None
    entity_type: str | None = None
    country: str | None = None
    sector: str | None = None
    # Index (into events) of the earlier mention of the same event this
    # participant was carried over from ("the talks" after "held talks in
    # Moscow"); None when the event's own sentence states it.
    inherited_from: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A PLOVER-coded event with its participants, time, modality,
    attribution and evidence (the sentence that states it)."""

    type: str  # EventType value
    mode: str | None
    context: tuple[str, ...]
    modality: str  # Modality value
    trigger: str
    trigger_start: int
    trigger_end: int
    sentence: int
    start: int  # evidence sentence offsets in the article text
    end: int
    participants: tuple[EventParticipant, ...] = ()
    timex: int | None = None  # index into timexes
    attribution: int | None = None  # index into attributions
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the extractor found in one article; a pure function of it."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    roles: tuple[PersonRole, ...] = ()
    timexes: tuple[Timex, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    events: tuple[Event, ...] = ()
    extractor_version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The JSON object ``newsgraph extract`` prints for this article."""
        article = self.article
        return {
            "id": article.id,
            "published": article.published.isoformat(),
            "outlet": article.outlet,
            "url": article.url,
            "title": article.title,
            "text": article.text,
            "sentences": [[s.start, s.end] for s in self.sentences],
            "mentions": [asdict(m) for m in self.mentions],
            "roles": [
                {
                    "person": self.mentions[r.person].text,
                    "title": r.title,
                    "title_start": r.title_start,
                    "title_end": r.title_end,
                    "organisation": None if r.organisation is None else self.mentions[r.organisation].text,
                    "sentence": r.sentence,
                }
                for r in self.roles
            ],
            "timexes": [asdict(t) for t in self.timexes],
            "quantities": [asdict(q) for q in self.quantities],
            "attributions": [asdict(a) for a in self.attributions],
            "events": [self._event_json(e) for e in self.events],
            "extractor_version": self.extractor_version,
            **self.extra,
        }

    def _event_json(self, event: Event) -> dict[str, Any]:
        data = asdict(event)
        data["time"] = None if event.timex is None else asdict(self.timexes[event.timex])
        data["attribution"] = None if event.attribution is None else asdict(self.attributions[event.attribution])
        data.pop("timex")
        return data
