"""The learned half of the model of PLOVER types: what a sentence says a
source did to a target, from the parse between them.

``dyad_features`` names what a coder looks at: the word that joins the two
parties in the parse (their lowest common head), the words on the dependency
path between them, how each party attaches (subject, object, "against" ...),
the object, particle and complement of the joining verb, negation and modal
cues, and the PLOVER codebook's keywords (``knowledge/plover/patterns.yaml``)
among those words, so a verb our training sentences never use still counts
through the type the codebook gives it. ``EventModel`` is a multinomial
logistic regression over these features, read from
``knowledge/plover/event_model.json``; ``event_model_train`` builds that file
from our own sentences (``knowledge/plover/training.tsv``). NONE is the class
of a pair of parties between whom no event is stated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from newsgraph.extract.actors import load_plover
from newsgraph.knowledge.loader import load_json

MODEL_FILE = "event_model.json"
NONE = "NONE"
NEGATION_WORDS = frozenset({"not", "n't", "never", "no"})
FUTURE_WORDS = frozenset({"will", "would", "'ll", "shall"})
POSSIBLE_WORDS = frozenset({"could", "may", "might", "can"})
OBLIGATION_WORDS = frozenset({"must", "should"})
LINKED_DEPS = frozenset({"dobj", "xcomp", "ccomp", "prt", "attr", "acomp", "dative"})
MAX_PATH = 8


@dataclass(frozen=True, slots=True)
class Codebook:
    """PLOVER types by lemma, from the trigger patterns: single words, the
    heads of two-word patterns and their objects."""

    words: dict[str, tuple[str, ...]]
    pairs: dict[tuple[str, str], tuple[str, ...]]


@cache
def codebook() -> Codebook:
    words: dict[str, set[str]] = {}
    pairs: dict[tuple[str, str], set[str]] = {}
    for spec in load_plover("patterns.yaml")["triggers"]:
        etype = spec["type"]
        for key in ("verbs", "nouns"):
            for word in spec.get(key, ()):
                words.setdefault(str(word), set()).add(etype)
        for kind in ("verb_object", "verb_particle", "verb_prep_object", "noun_modifier", "verb_modifier"):
            if kind not in spec:
                continue
            head_key = "nouns" if kind == "noun_modifier" else "verbs"
            child_key = next(k for k in spec[kind] if k != head_key)
            for head in spec[kind][head_key]:
                for child in spec[kind][child_key]:
                    pairs.setdefault((str(head), str(child)), set()).add(etype)
    return Codebook(
        {w: tuple(sorted(t)) for w, t in sorted(words.items())},
        {p: tuple(sorted(t)) for p, t in sorted(pairs.items())},
    )


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def path_between(source: Token, target: Token) -> tuple[list[Token], Token | None]:
    """The tokens strictly between two tokens on their dependency path (from
    the source up to the common head, then down to the target) and the
    common head (None when they are in different sentences)."""
    up = [source, *source.ancestors]
    up_index = {t.i: n for n, t in enumerate(up)}
    down: list[Token] = []
    for token in [target, *target.ancestors]:
        if token.i in up_index:
            inner = up[1 : up_index[token.i] + 1] + list(reversed(down[1:]))
            return [t for t in inner if t.i not in {source.i, target.i}], token
        down.append(token)
    return [], None


def _attachment(party: Token, common: Token | None) -> str:
    """How a party hangs below the common head: its dependency, with the
    preposition for a prepositional object ("pobj:against")."""
    if common is not None and party.i == common.i:
        return "head"
    if party.dep_ == "pobj" and party.head.i != party.i:
        return f"pobj:{_lemma(party.head)}"
    if party.dep_ == "poss":
        return f"poss:{party.head.dep_}"
    return party.dep_


def _keyword_features(prefix: str, token: Token, book: Codebook) -> list[str]:
    lemma = _lemma(token)
    found = [f"{prefix}={t}" for t in book.words.get(lemma, ())]
    for child in token.children:
        if child.dep_ in LINKED_DEPS or child.dep_ in {"prep", "nsubjpass"}:
            found += [f"{prefix}2={t}" for t in book.pairs.get((lemma, _lemma(child)), ())]
            if child.dep_ == "prep":
                for noun in child.children:
                    found += [f"{prefix}2={t}" for t in book.pairs.get((lemma, _lemma(noun)), ())]
    return found


def _cues(token: Token) -> list[str]:
    cues = []
    for child in token.children:
        word = child.lower_
        if child.dep_ == "neg" or word in NEGATION_WORDS:
            cues.append("neg")
        elif child.dep_ == "aux" and word in FUTURE_WORDS:
            cues.append("future")
        elif child.dep_ == "aux" and word in POSSIBLE_WORDS:
            cues.append("possible")
        elif child.dep_ == "aux" and word in OBLIGATION_WORDS:
            cues.append("obliged")
    return cues


def dyad_features(source: Token, target: Token) -> list[str]:
    """The features of what joins ``source`` and ``target`` (the head words
    of the two parties) in their sentence, sorted and without repeats."""
    book = codebook()
    between, common = path_between(source, target)
    features = ["bias"]
    if common is None:
        return ["bias", "apart"]
    between = between[:MAX_PATH]
    head = common
    head_lemma = _lemma(head)
    features += [f"head={head_lemma}", f"head_pos={head.pos_}"]
    source_at, target_at = _attachment(source, common), _attachment(target, common)
    features += [f"src={source_at}", f"tgt={target_at}", f"head={head_lemma}|tgt={target_at}"]
    features += [f"src_tgt={source_at}|{target_at}"]
    for token in between:
        if token.pos_ in {"VERB", "NOUN", "ADJ", "ADP", "PART"}:
            features.append(f"path={_lemma(token)}")
        features += [f"path{k[2:]}" for k in _keyword_features("kw", token, book) if token.pos_ != "ADP"]
    features += _keyword_features("hkw", head, book)
    for child in head.children:
        if child.dep_ in LINKED_DEPS:
            features.append(f"{child.dep_}={_lemma(child)}")
            features += [f"{child.dep_}_{f}" for f in _keyword_features("kw", child, book)]
            if child.dep_ == "xcomp":
                features += [f"xcomp_{c}" for c in _cues(child)]
    cues = _cues(head)
    for token in between:
        if token.pos_ in {"VERB", "AUX"}:
            cues += _cues(token)
    for cue in sorted(set(cues)):
        features.append(f"cue={cue}")
        features += [f"cue={cue}|{k}" for k in _keyword_features("hkw", head, book)]
    if head.dep_ in {"xcomp", "ccomp"} and head.head.i != head.i:
        governor = head.head
        features.append(f"gov={_lemma(governor)}")
        features += [f"gov_{k}" for k in _keyword_features("kw", governor, book)]
        features += [f"gov_cue={c}" for c in _cues(governor)]
    return sorted(set(features))


@dataclass(frozen=True)
class Prediction:
    type: str
    probability: float
    scores: tuple[tuple[str, float], ...]  # every label's probability, best first

    def best_event(self) -> tuple[str, float]:
        """The most probable type other than NONE and its probability."""
        return next((label, p) for label, p in self.scores if label != NONE)


class EventModel:
    """A multinomial logistic regression over ``dyad_features``."""

    def __init__(self, labels: list[str], weights: dict[str, list[float]], version: int) -> None:
        self.labels = labels
        self.weights = weights
        self.version = version

    @classmethod
    def from_json(cls, data: dict[str, object]) -> EventModel:
        labels = [str(label) for label in data["labels"]]  # type: ignore[attr-defined]
        weights = {str(k): [float(w) for w in v] for k, v in data["weights"].items()}  # type: ignore[attr-defined]
        return cls(labels, weights, int(data["version"]))  # type: ignore[call-overload]

    def predict(self, features: list[str]) -> Prediction:
        """The probability of each type given the features."""
        totals = [0.0] * len(self.labels)
        for feature in features:
            row = self.weights.get(feature)
            if row is not None:
                totals = [t + w for t, w in zip(totals, row, strict=True)]
        top = max(totals)
        exps = [math.exp(t - top) for t in totals]
        norm = sum(exps)
        scores = sorted(((label, e / norm) for label, e in zip(self.labels, exps, strict=True)), key=lambda s: -s[1])
        return Prediction(scores[0][0], scores[0][1], tuple(scores))

    def code(self, source: Token, target: Token) -> Prediction:
        """What the sentence says ``source`` did to ``target`` (head words)."""
        return self.predict(dyad_features(source, target))


@cache
def event_model() -> EventModel:
    """The shipped model, read once."""
    return EventModel.from_json(load_json(f"plover/{MODEL_FILE}"))
