"""Score PLOVER event types on PLV dyads (Hu et al., ACL 2024).

The file is a TSV with a header; the columns used are ``sentence``,
``marked_sentence`` (the source between ``<s>`` and ``</s>``, the target
between ``<t>`` and ``</t>``) and ``gold_root`` (PLOVER 2018 root type names:
YIELD is today's CONCEDE and RETREAT). Other columns are ignored. Each row is
scored in two settings:

- *free*: the extractor finds the events of the sentence on its own; the event
  whose actor and recipient best match the source and target is compared
  (``dyad.choose_event`` without the parse path; ties go to the trigger
  nearest the dyad). A sentence with no event is a miss ("NONE").
- *given dyad*: ``dyad.code_in_doc`` is told the source and target and codes
  the relation between them, as the reference NLI coder is.

Reported: macro F1 over the gold root types, accuracy, the share of rows with
no prediction, per-type P/R/F1 and the most frequent confusions.

Parts: ``heldback`` is the rows whose sentence's SHA-1 (UTF-8, hex) read as an
integer is divisible by 5 (about a fifth, fixed by the text alone); ``dev`` is
the rest; ``all`` is every row. Tune on dev, report heldback separately.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from newsgraph.evaluate import metrics
from newsgraph.extract.dyad import CharSpan, choose_event, code_in_doc
from newsgraph.model import Article, InputError

# Our PLOVER types on PLV's 2018 root names.
TO_PLV = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
NONE = "NONE"
PARTS = ("dev", "heldback", "all")
HELD_BACK_MODULUS = 5
# PLV sentences are undated; the date only anchors relative timexes.
PLV_PUBLISHED = date(2018, 6, 1)
MARK = re.compile(r"</?[st]>")
NO_PARTY = CharSpan(0, 0)


@dataclass(frozen=True, slots=True)
class Dyad:
    sentence: str
    source: CharSpan
    target: CharSpan
    gold: str


def plv_type(our_type: str | None) -> str:
    """A newsgraph PLOVER type as a PLV root name (NONE for no event)."""
    if our_type is None:
        return NONE
    return TO_PLV.get(our_type, our_type)


def held_back(sentence: str) -> bool:
    """Whether a row belongs to the held-back part (fixed by the sentence)."""
    return int(hashlib.sha1(sentence.encode("utf-8")).hexdigest(), 16) % HELD_BACK_MODULUS == 0


def _unmark(marked: str, name: str) -> tuple[str, CharSpan, CharSpan]:
    text: list[str] = []
    opened: dict[str, int] = {}
    spans: dict[str, CharSpan] = {}
    length = 0
    position = 0
    for match in MARK.finditer(marked):
        piece = marked[position : match.start()]
        text.append(piece)
        length += len(piece)
        tag = match.group()
        if tag.startswith("</"):
            if tag[2] not in opened:
                raise InputError(name, f"closing {tag} without an opening tag")
            spans[tag[2]] = CharSpan(opened.pop(tag[2]), length)
        else:
            opened[tag[1]] = length
        position = match.end()
    text.append(marked[position:])
    if not spans or opened:
        raise InputError(name, "marked_sentence needs a <s>…</s> or <t>…</t> pair")
    # A party PLV leaves unmarked ("a recipient") is an empty span: it matches nothing.
    return "".join(text), spans.get("s", NO_PARTY), spans.get("t", NO_PARTY)


def read_plv(path: Path, part: str = "all") -> list[Dyad]:
    """The dyads of a PLV TSV file in ``part`` (dev, heldback or all)."""
    if part not in PARTS:
        raise InputError(str(path), f"unknown part {part!r} (one of {', '.join(PARTS)})")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read PLV file: {error}") from error
    dyads = []
    for number, row in enumerate(rows, start=2):
        where = f"{path}:{number}"
        if not row.get("marked_sentence") or not row.get("gold_root"):
            raise InputError(where, "needs marked_sentence and gold_root columns")
        sentence, source, target = _unmark(row["marked_sentence"], where)
        if part != "all" and held_back(row.get("sentence") or sentence) != (part == "heldback"):
            continue
        dyads.append(Dyad(sentence, source, target, row["gold_root"].strip().upper()))
    return dyads


@dataclass(frozen=True)
class SettingScore:
    """Scores of one setting: per gold type (tp, predicted, gold), the pairs."""

    name: str
    pairs: tuple[tuple[str, str], ...]  # (gold, predicted)

    @property
    def labels(self) -> list[str]:
        return sorted({gold for gold, _ in self.pairs})

    def per_type(self) -> dict[str, tuple[int, int, int]]:
        counts = {}
        for label in self.labels:
            tp = sum(1 for g, p in self.pairs if g == label and p == label)
            predicted = sum(1 for _, p in self.pairs if p == label)
            gold = sum(1 for g, _ in self.pairs if g == label)
            counts[label] = (tp, predicted, gold)
        return counts

    @staticmethod
    def f1_of(tp: int, predicted: int, gold: int) -> float:
        return metrics.f1(metrics.precision(tp, predicted), metrics.recall(tp, gold))

    @property
    def macro_f1(self) -> float:
        scores = [self.f1_of(*counts) for counts in self.per_type().values()]
        return sum(scores) / len(scores) if scores else 0.0

    @property
    def accuracy(self) -> float:
        return sum(1 for g, p in self.pairs if g == p) / len(self.pairs) if self.pairs else 0.0

    @property
    def no_event(self) -> float:
        return sum(1 for _, p in self.pairs if p == NONE) / len(self.pairs) if self.pairs else 0.0

    def confusions(self, top: int = 10) -> list[tuple[str, str, int]]:
        counter = Counter((g, p) for g, p in self.pairs if g != p)
        return [(g, p, n) for (g, p), n in counter.most_common(top)]

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": len(self.pairs),
            "macro_f1": round(self.macro_f1, 4),
            "accuracy": round(self.accuracy, 4),
            "no_event": round(self.no_event, 4),
            "per_type": {
                label: {"tp": tp, "predicted": p, "gold": g, "f1": round(self.f1_of(tp, p, g), 4)}
                for label, (tp, p, g) in self.per_type().items()
            },
            "confusions": [{"gold": g, "predicted": p, "count": n} for g, p, n in self.confusions()],
        }


@dataclass(frozen=True)
class PloverReport:
    path: str
    part: str
    settings: list[SettingScore] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "part": self.part, **{s.name: s.to_json() for s in self.settings}}

    def render(self, console: Console) -> None:
        rows = len(self.settings[0].pairs) if self.settings else 0
        summary = Table(title=f"PLOVER types: {self.path} (part {self.part}, {rows} dyads)")
        for column in ("setting", "macro F1", "accuracy", "no event"):
            summary.add_column(column, justify="left" if column == "setting" else "right")
        for s in self.settings:
            summary.add_row(s.name, f"{s.macro_f1:.3f}", f"{s.accuracy:.3f}", f"{s.no_event:.3f}")
        console.print(summary)
        table = Table(title="per type F1 (gold count)")
        table.add_column("type")
        table.add_column("gold", justify="right")
        for s in self.settings:
            table.add_column(s.name, justify="right")
        labels = self.settings[0].labels if self.settings else []
        per = [s.per_type() for s in self.settings]
        for label in labels:
            cells = [f"{SettingScore.f1_of(*p[label]):.3f}" for p in per]
            table.add_row(label, str(per[0][label][2]), *cells)
        console.print(table)
        for s in self.settings:
            pairs = ", ".join(f"{g}→{p} {n}" for g, p, n in s.confusions())
            console.print(f"most confused ({s.name}): {pairs}")


def score_dyads(dyads: Sequence[Dyad], docs: Iterable[Any]) -> tuple[SettingScore, SettingScore]:
    """Both settings over ``dyads`` and their processed sentences, in order."""
    free: list[tuple[str, str]] = []
    given: list[tuple[str, str]] = []
    for dyad, doc in zip(dyads, docs, strict=True):
        events = list(doc._.events or ())
        event, _, _ = choose_event(doc, events, dyad.source, dyad.target, use_path=False)
        free.append((dyad.gold, plv_type(event.type if event else None)))
        given.append((dyad.gold, plv_type(code_in_doc(doc, dyad.source, dyad.target).type)))
    return SettingScore("free", tuple(free)), SettingScore("given dyad", tuple(given))


def evaluate_plover(path: Path, extractor: Any, part: str = "all") -> PloverReport:
    """Run ``extractor`` (an ``Extractor``) over the PLV sentences of ``part``
    and score both settings."""
    dyads = read_plv(path, part)
    sentences = sorted({d.sentence for d in dyads})
    articles = [Article.create(published=PLV_PUBLISHED, text=s, language="en") for s in sentences]
    processed = extractor.nlp.pipe((extractor.make_doc(a) for a in articles), batch_size=64)
    docs = dict(zip(sentences, processed, strict=True))
    free, given = score_dyads(dyads, (docs[d.sentence] for d in dyads))
    return PloverReport(str(path), part, [free, given])
