"""TempEval-3 evaluation of temporal expressions against TimeML gold files.

A TimeML document holds its document creation time (DCT) as the TIMEX3 with
``functionInDocument="CREATION_TIME"`` and the scored text in its ``TEXT``
element, with inline TIMEX3 tags carrying ``type`` and ``value``. We strip the
tags, run our extractor on the plain TEXT content with the DCT as the article
date, and compute the TempEval-3 measures:

- strict extent: a system timex matches a gold one with the very same offsets;
- relaxed extent: the two overlap (one-to-one, greatest overlap first);
- value and type F1: attribute accuracy over relaxed matches × relaxed F1,
  which equals ``2 · correct / (system + gold)``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from rich import box
from rich.console import Console
from rich.table import Table

from newsgraph.evaluate import metrics
from newsgraph.model import Article, Extraction, InputError, Timex

TYPES = ("DATE", "TIME", "DURATION", "SET")

_PIECE = re.compile(r"<[^>]*>|&#?\w+;|[^<&]+|&", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([\w:-]+)([^>]*?)(/?)\s*>", re.S)
_ATTRIBUTE = re.compile(r'([\w:-]+)\s*=\s*"([^"]*)"')
_DCT_TIMEX = re.compile(r"<TIMEX3\b[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>.*?</TIMEX3>", re.S)
_DOCID = re.compile(r"<DOCID>(.*?)</DOCID>", re.S)
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimeMLDocument:
    """One TimeML file: its TEXT content without tags, and the gold TIMEX3s in it."""

    name: str
    docid: str
    dct: date
    dct_element: str  # the DCT TIMEX3 exactly as in the file, written back unchanged
    text: str
    timexes: tuple[GoldTimex, ...]


class TimexExtractor(Protocol):
    def extract_many(self, articles: Iterable[Article]) -> Iterable[Extraction]: ...


def _attributes(raw: str) -> dict[str, str]:
    return {key: html.unescape(value) for key, value in _ATTRIBUTE.findall(raw)}


def _parse_dct(name: str, element: str) -> date:
    value = _attributes(element).get("value", "")
    match = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value)
    if not match:
        raise InputError(name, f"creation-time TIMEX3 has no calendar date value: {value!r}")
    return date(int(match[1]), int(match[2]), int(match[3]))


def parse_text(name: str, marked_up: str) -> tuple[str, tuple[GoldTimex, ...]]:
    """Plain text of a TimeML TEXT element and the TIMEX3 spans in it, as
    character offsets into that plain text (entities unescaped, tags removed)."""
    parts: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes: list[GoldTimex] = []
    for piece in _PIECE.findall(marked_up):
        if piece.startswith("<"):
            tag = _TAG.match(piece)
            if tag is None or tag[2] != "TIMEX3":
                continue
            if tag[1]:
                if open_timex is None:
                    raise InputError(name, f"closing TIMEX3 without an opening one at character {length}")
                start, attributes = open_timex
                text = "".join(parts)[start:length]
                timexes.append(GoldTimex(start, length, text, attributes.get("type", ""), attributes.get("value", "")))
                open_timex = None
            elif not tag[4]:
                open_timex = (length, _attributes(tag[3]))
            continue
        chunk = html.unescape(piece) if piece.startswith("&") else piece
        parts.append(chunk)
        length += len(chunk)
    return "".join(parts), tuple(timexes)


def read_timeml(path: Path) -> TimeMLDocument:
    """Read one TimeML file; raises InputError when it has no DCT or TEXT."""
    source = path.read_text(encoding="utf-8")
    dct_match = _DCT_TIMEX.search(source)
    if dct_match is None:
        raise InputError(path.name, 'no TIMEX3 with functionInDocument="CREATION_TIME"')
    text_match = _TEXT.search(source)
    if text_match is None:
        raise InputError(path.name, "no <TEXT> element")
    docid_match = _DOCID.search(source)
    text, timexes = parse_text(path.name, text_match[1])
    return TimeMLDocument(
        name=path.name,
        docid=docid_match[1].strip() if docid_match else path.stem,
        dct=_parse_dct(path.name, dct_match[0]),
        dct_element=dct_match[0],
        text=text,
        timexes=timexes,
    )


def render_timeml(document: TimeMLDocument, timexes: Sequence[Timex]) -> str:
    """The document as TimeML with our TIMEX3s in TEXT, in the TempEval-3 layout."""
    out: list[str] = []
    position = 0
    for number, timex in enumerate(sorted(timexes, key=lambda t: (t.start, t.end)), start=1):
        if timex.start < position:
            continue  # overlapping annotations cannot nest in TimeML
        out.append(html.escape(document.text[position : timex.start], quote=False))
        out.append(
            f'<TIMEX3 tid="t{number}" type="{timex.type}" value="{html.escape(timex.value)}" '
            f'temporalFunction="false" functionInDocument="NONE">'
            f"{html.escape(document.text[timex.start : timex.end], quote=False)}</TIMEX3>"
        )
        position = timex.end
    out.append(html.escape(document.text[position:], quote=False))
    return (
        '<?xml version="1.0" ?>\n'
        '<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:noNamespaceSchemaLocation="http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd">\n\n'
        f"<DOCID>{html.escape(document.docid, quote=False)}</DOCID>\n\n"
        f"<DCT>{document.dct_element}</DCT>\n\n"
        f"<TEXT>{''.join(out)}</TEXT>\n\n"
        "</TimeML>\n"
    )


@dataclass(slots=True)
class Counts:
    """Tallies for one scope (all timexes, or one type)."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def add(self, other: Counts) -> None:
        for name in ("gold", "system", "strict", "relaxed", "value", "type"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def _prf(self, correct: int) -> dict[str, float]:
        precision = metrics.precision(correct, self.system)
        recall = metrics.recall(correct, self.gold)
        f1 = metrics.f1(precision, recall)
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}

    def measures(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "system": self.system,
            "strict": self._prf(self.strict),
            "relaxed": self._prf(self.relaxed),
            "value_f1": self._prf(self.value)["f1"],
            "type_f1": self._prf(self.type)["f1"],
        }


@dataclass(frozen=True, slots=True)
class TimexError:
    """One disagreement with the gold file, for error analysis."""

    document: str
    kind: str  # missed, spurious, value, type
    gold: GoldTimex | None
    system: Timex | None


@dataclass(slots=True)
class TimexReport:
    """TempEval-3 scores over a set of documents, overall and per type."""

    documents: int = 0
    overall: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=lambda: {name: Counts() for name in TYPES})
    errors: list[TimexError] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "overall": self.overall.measures(),
            "by_type": {name: counts.measures() for name, counts in self.by_type.items()},
        }

    def render(self, console: Console) -> None:
        # fits an 80-column terminal without cutting a figure; strict precision
        # and recall are in the JSON (--json)
        table = Table(
            title=f"TIMEX3 (TempEval-3 measures, {self.documents} documents)",
            box=box.SIMPLE_HEAD,
            padding=(0, 0, 0, 1),
            pad_edge=False,
        )
        for column in (
            "scope",
            "gold",
            "system",
            "strict\nF1",
            *(f"relaxed\n{measure}" for measure in ("P", "R", "F1")),
            "value\nF1",
            "type\nF1",
        ):
            table.add_column(column, justify="right", no_wrap=True, min_width=max(map(len, column.split("\n"))))
        for scope, counts in (("all", self.overall), *self.by_type.items()):
            m = counts.measures()
            table.add_row(
                scope,
                str(m["gold"]),
                str(m["system"]),
                f"{m['strict']['f1']:.3f}",
                *(f"{m['relaxed'][k]:.3f}" for k in ("precision", "recall", "f1")),
                f"{m['value_f1']:.3f}",
                f"{m['type_f1']:.3f}",
            )
        console.print(table)


def _overlap(gold: GoldTimex, system: Timex) -> int:
    return min(gold.end, system.end) - max(gold.start, system.start)


def _tally(gold: Sequence[GoldTimex], system: Sequence[Timex]) -> tuple[Counts, list[tuple[GoldTimex, Timex]]]:
    counts = Counts(gold=len(gold), system=len(system))
    pairs = sorted(
        ((_overlap(g, s), gi, si) for gi, g in enumerate(gold) for si, s in enumerate(system) if _overlap(g, s) > 0),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_system: set[int] = set()
    matches: list[tuple[GoldTimex, Timex]] = []
    for _, gi, si in pairs:
        if gi in used_gold or si in used_system:
            continue
        used_gold.add(gi)
        used_system.add(si)
        matches.append((gold[gi], system[si]))
    counts.relaxed = len(matches)
    counts.strict = sum(1 for g, s in matches if (g.start, g.end) == (s.start, s.end))
    counts.value = sum(1 for g, s in matches if g.value == s.value)
    counts.type = sum(1 for g, s in matches if g.type == s.type)
    return counts, matches


def score_document(report: TimexReport, document: TimeMLDocument, system: Sequence[Timex]) -> None:
    """Add one document's tallies (overall and per type) and errors to ``report``."""
    report.documents += 1
    counts, matches = _tally(document.timexes, system)
    report.overall.add(counts)
    for name in TYPES:
        typed, _ = _tally([g for g in document.timexes if g.type == name], [s for s in system if s.type == name])
        report.by_type[name].add(typed)
    matched_gold = {id(g) for g, _ in matches}
    matched_system = {id(s) for _, s in matches}
    for g in document.timexes:
        if id(g) not in matched_gold:
            report.errors.append(TimexError(document.name, "missed", g, None))
    for s in system:
        if id(s) not in matched_system:
            report.errors.append(TimexError(document.name, "spurious", None, s))
    for g, s in matches:
        if g.value != s.value:
            report.errors.append(TimexError(document.name, "value", g, s))
        elif g.type != s.type:
            report.errors.append(TimexError(document.name, "type", g, s))


def evaluate_timex(paths: list[Path], extractor: TimexExtractor, write_tml: Path | None = None) -> TimexReport:
    """Score ``extractor`` on TimeML files with the TempEval-3 measures.

    Each file's TEXT content is extracted as an article dated by its DCT. With
    ``write_tml``, each document is also written there as TimeML with our
    TIMEX3s (same file name, same DCT as tid t0), for the official scorer.

    Example: ``evaluate_timex(sorted(Path("timebank").glob("*.tml")), Extractor())``
    """
    documents = [read_timeml(path) for path in paths]
    articles = [Article.create(published=d.dct, text=d.text, input_name=d.name) for d in documents]
    report = TimexReport()
    if write_tml is not None:
        write_tml.mkdir(parents=True, exist_ok=True)
    for document, extraction in zip(documents, extractor.extract_many(articles), strict=True):
        score_document(report, document, extraction.timexes)
        if write_tml is not None:
            (write_tml / document.name).write_text(render_timeml(document, extraction.timexes), encoding="utf-8")
    return report
