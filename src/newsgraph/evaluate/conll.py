"""Score named entities against CoNLL-2003 gold data, as ``conlleval`` does.

The gold file has one ``token POS chunk NE`` line per token, a blank line
between sentences and ``-DOCSTART-`` lines between documents; NE tags are IOB1
or IOB2 over PER/ORG/LOC/MISC. Each sentence is run through an extractor as its
tokens joined by single spaces; predicted character spans are mapped back onto
the gold tokens, and entities are compared by exact span and type. The same run
scores the bare spaCy model (no newsgraph components) so the gain is visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from newsgraph.evaluate import metrics
from newsgraph.model import Article, InputError

CONLL_TYPES = ("PER", "ORG", "LOC", "MISC")

# Our entity types on the CoNLL-2003 label set; unlisted labels (DATE,
# MONEY, CARDINAL…) are not named entities there.
TO_CONLL = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WEAPON": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}

# CoNLL-2003 is Reuters news of August 1996; the date only feeds timexes.
CONLL_PUBLISHED = date(1996, 8, 30)


@dataclass(frozen=True, slots=True)
class Sentence:
    tokens: tuple[str, ...]
    gold: tuple[str, ...]  # IOB1 or IOB2 tags as in the file

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


@dataclass(frozen=True, slots=True)
class Chunk:
    start: int  # first token
    end: int  # one past the last token
    type: str


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of a CoNLL file; the NE tag is the last column of each line."""
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if tokens:
            sentences.append(Sentence(tuple(tokens), tuple(tags)))
        tokens.clear()
        tags.clear()

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read CoNLL file: {error}") from error
    for number, line in enumerate(lines, start=1):
        columns = line.split()
        if not columns or columns[0] == "-DOCSTART-":
            flush()
        elif len(columns) < 2:
            raise InputError(str(path), f"expected 'token ... NE-tag', got {line!r}", number)
        else:
            tokens.append(columns[0])
            tags.append(columns[-1])
    flush()
    return sentences


def _split_tag(tag: str) -> tuple[str, str]:
    if tag == "O" or "-" not in tag:
        return "O", ""
    prefix, _, kind = tag.partition("-")
    return prefix, kind


def chunks(tags: Sequence[str]) -> list[Chunk]:
    """Entity chunks of an IOB1 or IOB2 tag sequence, by conlleval's rules: a
    chunk starts at B-, or at I- after O or after a different type."""
    found: list[Chunk] = []
    start: int | None = None
    kind = ""
    previous_prefix, previous_kind = "O", ""
    for index, tag in enumerate((*tags, "O")):
        prefix, current = _split_tag(tag)
        begins = prefix == "B" or (prefix == "I" and (previous_prefix == "O" or previous_kind != current))
        if start is not None and (prefix == "O" or begins):
            found.append(Chunk(start, index, kind))
            start = None
        if begins:
            start, kind = index, current
        previous_prefix, previous_kind = prefix, current
    return found


def predicted_tags(sentence: Sentence, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags on the sentence's tokens for character spans ``(start, end,
    CoNLL type)`` in ``sentence.text``; a token belongs to a span when it
    starts inside it."""
    starts = []
    offset = 0
    for token in sentence.tokens:
        starts.append(offset)
        offset += len(token) + 1
    tags = ["O"] * len(sentence.tokens)
    for start, end, kind in sorted(spans):
        inside = [i for i, token_start in enumerate(starts) if start <= token_start < end]
        if not inside or any(tags[i] != "O" for i in inside):
            continue
        tags[inside[0]] = f"B-{kind}"
        for i in inside[1:]:
            tags[i] = f"I-{kind}"
    return tags


@dataclass(slots=True)
class Counts:
    gold: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return metrics.precision(self.correct, self.predicted)

    @property
    def recall(self) -> float:
        return metrics.recall(self.correct, self.gold)

    @property
    def f1(self) -> float:
        return metrics.f1(self.precision, self.recall)

    def to_json(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "correct": self.correct,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(slots=True)
class SystemScores:
    """Per-type and micro-averaged counts of one system over a gold file."""

    name: str
    by_type: dict[str, Counts] = field(default_factory=lambda: {kind: Counts() for kind in CONLL_TYPES})
    micro: Counts = field(default_factory=Counts)

    def add(self, gold: Sequence[str], predicted: Sequence[str]) -> None:
        gold_chunks = set(chunks(gold))
        predicted_chunks = set(chunks(predicted))
        for chunk in gold_chunks:
            self._counts(chunk.type).gold += 1
            self.micro.gold += 1
        for chunk in predicted_chunks:
            self._counts(chunk.type).predicted += 1
            self.micro.predicted += 1
        for chunk in gold_chunks & predicted_chunks:
            self._counts(chunk.type).correct += 1
            self.micro.correct += 1

    def _counts(self, kind: str) -> Counts:
        return self.by_type.setdefault(kind, Counts())

    def to_json(self) -> dict[str, Any]:
        return {
            "system": self.name,
            "micro": self.micro.to_json(),
            "by_type": {kind: counts.to_json() for kind, counts in self.by_type.items()},
        }


@dataclass(slots=True)
class NerReport:
    """Scores of bare spaCy and newsgraph on one CoNLL file."""

    path: str
    model: str
    sentences: int
    systems: list[SystemScores]

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "model": self.model,
            "sentences": self.sentences,
            "systems": [system.to_json() for system in self.systems],
        }

    def render(self, console: Console) -> None:
        table = Table(title=f"NER on {self.path} ({self.sentences} sentences, exact span match)")
        for column in ("system", "type", "gold", "predicted", "correct"):
            table.add_column(column, justify="left" if column in ("system", "type") else "right")
        for column in ("precision", "recall", "F1"):
            table.add_column(column, justify="right")
        for system in self.systems:
            rows = [*system.by_type.items(), ("micro", system.micro)]
            for kind, counts in rows:
                style = "bold" if kind == "micro" else None
                table.add_row(
                    system.name,
                    kind,
                    str(counts.gold),
                    str(counts.predicted),
                    str(counts.correct),
                    f"{counts.precision:.3f}",
                    f"{counts.recall:.3f}",
                    f"{counts.f1:.3f}",
                    style=style,
                    end_section=kind == "micro",
                )
        console.print(table)


def _predict(extractor: Any, sentences: Sequence[Sentence]) -> Iterator[list[str]]:
    articles = (Article.create(published=CONLL_PUBLISHED, text=sentence.text) for sentence in sentences)
    for sentence, extraction in zip(sentences, extractor.extract_many(articles), strict=True):
        spans = [(m.start, m.end, TO_CONLL[m.type]) for m in extraction.mentions if m.type in TO_CONLL]
        yield predicted_tags(sentence, spans)


def evaluate_ner(path: Path, model_name: str, write_conll: Path | None = None, limit: int | None = None) -> NerReport:
    """Score bare spaCy and the newsgraph extractor on CoNLL-2003 gold ``path``.

    Entities are compared by exact token span and type (PER, ORG, LOC, MISC),
    as conlleval does. ``write_conll`` also writes ``token gold predicted``
    lines (newsgraph's predictions, IOB2) that any CoNLL scorer can read;
    ``limit`` keeps only the first sentences.

    Example: ``newsgraph evaluate ner data/eval/conll2003/dev.txt --write-conll out.txt``
    """
    from newsgraph.extract.extractor import Extractor
    from newsgraph.extract.pipeline import build_pipeline, load_model, register_components

    sentences = read_conll(path)
    if limit is not None:
        sentences = sentences[:limit]
    register_components()  # the extractor reads extension attributes even on the bare model
    bare = SystemScores("bare spaCy")
    for sentence, tags in zip(sentences, _predict(Extractor(nlp=load_model(model_name).nlp), sentences), strict=True):
        bare.add(sentence.gold, tags)
    ours = SystemScores("newsgraph")
    output = write_conll.open("w", encoding="utf-8") if write_conll is not None else None
    try:
        for sentence, tags in zip(
            sentences, _predict(Extractor(nlp=build_pipeline(model_name)), sentences), strict=True
        ):
            ours.add(sentence.gold, tags)
            if output is not None:
                for token, gold, predicted in zip(sentence.tokens, sentence.gold, tags, strict=True):
                    output.write(f"{token} {gold} {predicted}\n")
                output.write("\n")
    finally:
        if output is not None:
            output.close()
    return NerReport(str(path), model_name, len(sentences), [bare, ours])
