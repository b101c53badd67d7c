"""Score the event extractor against the newsgraph event gold format
(``gold/events/README.md``): one JSON article per line with its events.

Matching, precisely:

- Same sentence: a predicted event's evidence span and a gold event's span
  overlap by more than half of the shorter one.
- Event type: a predicted event matches a gold event in the same sentence with
  the same PLOVER type, one to one (a gold event with the same mode first).
- Roles: every (sentence, event type, role, text) of the gold is matched one to
  one against those of all predictions (participants a prediction carried over
  from an earlier mention, ``inherited_from``, are not its own and are left
  out). Texts match when, after normalising (case, quotes, leading article,
  edge punctuation), they are equal, or one is a whole-word suffix of the
  other (English noun phrases end in their head: "diplomats" ~ "Western
  diplomats"), or the gold text equals the text of the mention the
  participant resolves to.
- Modality, mode and attribution accuracy: over matched event pairs; the
  attribution is right when both have none, or the source texts match as
  roles do (or the gold text matches the source's mention).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from newsgraph.evaluate import metrics
from newsgraph.evaluate.gold import gold_records
from newsgraph.model import Article, Event, Extraction, RoleName

ARTICLES = re.compile(r"^(the|a|an)\s+")


@dataclass(frozen=True, slots=True)
class Score:
    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return metrics.precision(self.true_positives, self.predicted)

    @property
    def recall(self) -> float:
        return metrics.recall(self.true_positives, self.gold)

    @property
    def f1(self) -> float:
        return metrics.f1(self.precision, self.recall)

    def to_json(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True, slots=True)
class Accuracy:
    correct: int
    total: int

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": round(self.value, 4)}


@dataclass(frozen=True)
class EventReport:
    """Scores of one gold file."""

    path: str
    articles: int
    event_type: Score
    per_type: dict[str, Score]
    roles: Score
    per_role: dict[str, Score]
    modality: Accuracy
    mode: Accuracy
    attribution: Accuracy
    modality_confusion: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "articles": self.articles,
            "event_type": self.event_type.to_json(),
            "per_type": {name: s.to_json() for name, s in sorted(self.per_type.items())},
            "roles": self.roles.to_json(),
            "per_role": {name: s.to_json() for name, s in self.per_role.items()},
            "modality": self.modality.to_json(),
            "mode": self.mode.to_json(),
            "attribution": self.attribution.to_json(),
            "modality_confusion": dict(sorted(self.modality_confusion.items())),
        }

    def render(self, console: Console) -> None:
        table = Table(title=f"Events: {self.path} ({self.articles} articles)")
        for column in ("measure", "gold", "predicted", "correct", "P", "R", "F1"):
            table.add_column(column, justify="left" if column == "measure" else "right")

        def row(name: str, score: Score, style: str | None = None) -> None:
            table.add_row(
                name,
                str(score.gold),
                str(score.predicted),
                str(score.true_positives),
                f"{score.precision:.3f}",
                f"{score.recall:.3f}",
                f"{score.f1:.3f}",
                style=style,
            )

        row("event type", self.event_type, "bold")
        for name, score in sorted(self.per_type.items()):
            row(f"  {name}", score)
        row("roles", self.roles, "bold")
        for name, score in self.per_role.items():
            row(f"  {name}", score)
        console.print(table)
        accuracy = Table(title="Over matched events")
        for column in ("measure", "correct", "total", "accuracy"):
            accuracy.add_column(column, justify="left" if column == "measure" else "right")
        for name, value in (("modality", self.modality), ("mode", self.mode), ("attribution", self.attribution)):
            accuracy.add_row(name, str(value.correct), str(value.total), f"{value.value:.3f}")
        console.print(accuracy)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").casefold().strip()
    text = re.sub(r"^[^\w]+|[^\w]+$", "", text)
    return re.sub(r"\s+", " ", ARTICLES.sub("", text))


def texts_match(gold: str, predicted: str, mention: str | None = None) -> bool:
    """The lenient role-text match of the module docstring."""
    g, p = normalise(gold), normalise(predicted)
    if not g or not p:
        return False
    if g == p or g.endswith(" " + p) or p.endswith(" " + g):
        return True
    return mention is not None and normalise(mention) == g


def same_sentence(a: tuple[int, int], b: tuple[int, int]) -> bool:
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    return overlap > 0 and overlap * 2 > min(a[1] - a[0], b[1] - b[0])


def read_gold(path: Path) -> list[tuple[Article, list[dict[str, Any]]]]:
    """The articles and gold events of a gold file."""
    records = []
    for record, article in gold_records(path, "gold event record"):
        events = []
        for event in record.get("events", []):
            if "start" not in event:
                event = {**event, "start": record["text"].index(event["sentence"])}
                event["end"] = event["start"] + len(event["sentence"])
            events.append(event)
        records.append((article, events))
    return records


def _match_events(gold: list[dict[str, Any]], predicted: list[Event]) -> list[tuple[dict[str, Any], Event]]:
    pairs = []
    used: set[int] = set()
    for event in gold:
        span = (event["start"], event["end"])
        candidates = [
            i
            for i, p in enumerate(predicted)
            if i not in used and p.type == event["type"] and same_sentence(span, (p.start, p.end))
        ]
        candidates.sort(key=lambda i: predicted[i].mode != event.get("mode"))
        if candidates:
            used.add(candidates[0])
            pairs.append((event, predicted[candidates[0]]))
    return pairs


def _role_counts(gold: list[dict[str, Any]], extraction: Extraction) -> Counter[tuple[str, str]]:
    """(role, outcome) counts for one article; outcome is tp, gold or predicted."""
    counts: Counter[tuple[str, str]] = Counter()
    predicted = []
    for event in extraction.events:
        for participant in event.participants:
            if participant.inherited_from is not None:
                continue
            mention = None if participant.mention is None else extraction.mentions[participant.mention].text
            predicted.append((event, participant, mention))
            counts[(participant.role, "predicted")] += 1
    used: set[int] = set()
    for event in gold:
        span = (event["start"], event["end"])
        for role in event.get("roles", []):
            counts[(role["role"], "gold")] += 1
            for index, (p_event, participant, mention) in enumerate(predicted):
                if (
                    index not in used
                    and p_event.type == event["type"]
                    and participant.role == role["role"]
                    and same_sentence(span, (p_event.start, p_event.end))
                    and texts_match(role["text"], participant.text, mention)
                ):
                    used.add(index)
                    counts[(role["role"], "tp")] += 1
                    break
    return counts


def _attribution_right(gold: dict[str, Any], event: Event, extraction: Extraction) -> bool:
    expected = gold.get("attribution")
    if event.attribution is None:
        return expected is None
    if expected is None:
        return False
    attribution = extraction.attributions[event.attribution]
    mention = None if attribution.source_mention is None else extraction.mentions[attribution.source_mention].text
    return texts_match(expected, attribution.source, mention)


def evaluate_events(path: Path, extractor: Any) -> EventReport:
    """Precision, recall and F1 of event types and roles, and modality, mode
    and attribution accuracy, of ``extractor`` on the gold file ``path``.

    Example: ``evaluate_events(Path("gold/events/test.jsonl"), Extractor())``.
    """
    records = read_gold(path)
    extractions = extractor.extract_many(article for article, _ in records)
    type_counts: Counter[tuple[str, str]] = Counter()
    role_counts: Counter[tuple[str, str]] = Counter()
    modality = mode = attribution = 0
    matched_total = 0
    confusion: Counter[str] = Counter()
    for (_article, gold), extraction in zip(records, extractions, strict=True):
        for event in gold:
            type_counts[(event["type"], "gold")] += 1
        for event in extraction.events:
            type_counts[(event.type, "predicted")] += 1
        pairs = _match_events(gold, list(extraction.events))
        for gold_event, event in pairs:
            type_counts[(event.type, "tp")] += 1
            matched_total += 1
            modality += gold_event.get("modality", "asserted") == event.modality
            mode += gold_event.get("mode") == event.mode
            attribution += _attribution_right(gold_event, event, extraction)
            confusion[f"{gold_event.get('modality', 'asserted')}->{event.modality}"] += 1
        role_counts += _role_counts(gold, extraction)
    return EventReport(
        path=str(path),
        articles=len(records),
        event_type=_total(type_counts),
        per_type=_by_name(type_counts),
        roles=_total(role_counts),
        per_role={role: score for role, score in _by_name(role_counts).items() if role in set(RoleName)},
        modality=Accuracy(modality, matched_total),
        mode=Accuracy(mode, matched_total),
        attribution=Accuracy(attribution, matched_total),
        modality_confusion=dict(confusion),
    )


def _by_name(counts: Counter[tuple[str, str]]) -> dict[str, Score]:
    names = sorted({name for name, _ in counts})
    return {n: Score(counts[(n, "tp")], counts[(n, "predicted")], counts[(n, "gold")]) for n in names}


def _total(counts: Counter[tuple[str, str]]) -> Score:
    return Score(
        sum(v for (_, kind), v in counts.items() if kind == "tp"),
        sum(v for (_, kind), v in counts.items() if kind == "predicted"),
        sum(v for (_, kind), v in counts.items() if kind == "gold"),
    )
