"""Build ``knowledge/plover/event_model.json`` from our own training sentences.

Reads ``knowledge/plover/training.tsv`` (sentences we wrote; see its header),
parses each with the newsgraph pipeline, takes ``event_model.dyad_features``
of its source and target, and fits a multinomial logistic regression by full
batch gradient descent: fixed order, no randomness, weights rounded, so the
same inputs always give the same bytes. Run after changing the training
sentences, the features or the codebook:

    python -m newsgraph.extract.event_model_train
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.language import Language

from newsgraph.extract.dyad import locate
from newsgraph.extract.event_model import MODEL_FILE, NONE, dyad_features
from newsgraph.knowledge.loader import knowledge_file

MODEL_VERSION = 1
MIN_COUNT = 2  # a feature seen once says more about that sentence than the type
ITERATIONS = 1000
LEARNING_RATE = 1.0
L2 = 0.0003
DECIMALS = 2


@dataclass(frozen=True, slots=True)
class Example:
    sentence: str
    source: str
    target: str
    type: str


def plover_dir() -> Path:
    return knowledge_file("plover")


def read_training(path: Path | None = None) -> list[Example]:
    """The training sentences (``training.tsv``: comment lines, a header, rows)."""
    path = path or plover_dir() / "training.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [Example(r["sentence"], r["source"], r["target"], r["type"]) for r in rows]


def featurise(nlp: Language, examples: list[Example]) -> list[list[str]]:
    """The features of each example's dyad, in order."""
    out = []
    for example, doc in zip(examples, nlp.pipe(e.sentence for e in examples), strict=True):
        source = locate(example.sentence, example.source, "source")
        target = locate(example.sentence, example.target, "target", after=source.start)
        heads = [doc.char_span(s.start, s.end, alignment_mode="expand") for s in (source, target)]
        out.append(dyad_features(heads[0].root, heads[1].root))  # type: ignore[union-attr]
    return out


def fit(features: list[list[str]], labels: list[str]) -> dict[str, object]:
    """The model (as written to JSON) fitted to the examples."""
    classes = sorted(set(labels) | {NONE})
    counts = Counter(f for fs in features for f in fs)
    vocabulary = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {f: i for i, f in enumerate(vocabulary)}
    # The examples as a sparse 0/1 matrix: each row's feature indices, flat.
    columns = [sorted({index[f] for f in fs if f in index}) for fs in features]
    flat = np.array([c for row in columns for c in row], dtype=np.int64)
    rows = np.repeat(np.arange(len(columns)), [len(row) for row in columns])
    y = np.zeros((len(labels), len(classes)))
    y[np.arange(len(labels)), [classes.index(label) for label in labels]] = 1.0
    weights = np.zeros((len(vocabulary), len(classes)))
    for _ in range(ITERATIONS):
        scores = np.zeros((len(labels), len(classes)))
        np.add.at(scores, rows, weights[flat])
        scores -= scores.max(axis=1, keepdims=True)
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        gradient = L2 * weights
        np.add.at(gradient, flat, (probabilities - y)[rows] / len(labels))
        weights -= LEARNING_RATE * gradient
    rounded = np.round(weights, DECIMALS)
    kept = {f: [float(w) + 0.0 for w in rounded[i]] for f, i in index.items() if np.any(rounded[i] != 0)}
    return {"version": MODEL_VERSION, "labels": classes, "weights": kept}


def render(model: dict[str, object]) -> str:
    """The model as text: one feature a line, in sorted order."""
    weights: dict[str, list[float]] = model["weights"]  # type: ignore[assignment]
    lines = [f"  {json.dumps(f)}: {json.dumps(weights[f])}" for f in sorted(weights)]
    head = f'{{"version": {model["version"]}, "labels": {json.dumps(model["labels"])},\n "weights": {{\n'
    return head + ",\n".join(lines) + "\n}}\n"


def build(nlp: Language, examples: list[Example] | None = None) -> str:
    """The text of the model file the training sentences give."""
    examples = examples if examples is not None else read_training()
    return render(fit(featurise(nlp, examples), [e.type for e in examples]))


def main() -> None:
    from newsgraph.extract.pipeline import build_pipeline

    text = build(build_pipeline("en_core_web_sm"))
    (plover_dir() / MODEL_FILE).write_text(text, encoding="utf-8")
    print(f"wrote {plover_dir() / MODEL_FILE}")


if __name__ == "__main__":
    main()
