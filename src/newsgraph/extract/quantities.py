"""Quantity component ``newsgraph_quantities_v1``: figures, their unit and
what they measure.

Candidates are the base model's MONEY, PERCENT and QUANTITY entities, CARDINAL
entities that count a noun ("at least 42 people"), and the Matcher patterns of
``knowledge/plover/quantities.yaml`` for amounts the model misses ("Rs 500
crore"). The value multiplies the number by its scale words ("2.1 billion",
"500 crore"); the unit is "%", an ISO 4217 currency code, a measurement unit
word, or "count".

What a figure measures, read from the parse, first rule that applies:
  1. "36% of the army's arms": the object of "of";
  2. "42 people", "a $2.1 billion deal": the noun the figure modifies;
  3. "accounting for 36%", "worth $2 billion", "rose to 12%": the subject of
     the verb, or the noun its clause modifies; a participle clause set off
     by a comma (", accounting for 36%") measures the noun phrase just before
     it, and when that phrase ends inside a reduced relative clause ("arms
     used by the Indian army") the clause's head noun with the clause.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from newsgraph.extract.actors import load_plover
from newsgraph.extract.phrases import noun_phrase
from newsgraph.model import Quantity

if not Doc.has_extension("quantities"):
    Doc.set_extension("quantities", default=None)

LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})
NOUNS = frozenset({"NOUN", "PROPN"})


@cache
def _lexicon() -> dict:
    return load_plover("quantities.yaml")


def parse_number(text: str) -> float | None:
    cleaned = text.replace(",", "").replace("\u2009", "").strip()
    try:
        return float(cleaned)
    except ValueError:
        return _lexicon()["number_words"].get(cleaned.lower())


def value_and_unit(span: Span) -> tuple[float, str] | None:
    """The value and unit of a figure, or None if it holds no number."""
    lexicon = _lexicon()
    scales: dict[str, float] = lexicon["scales"]
    currencies: dict[str, str] = lexicon["currencies"]
    value = None
    unit = None
    for token in span:
        lower = token.lower_.rstrip(".")
        number = parse_number(token.text) if (token.like_num or token.pos_ == "NUM") else None
        if number is not None and value is None:
            value = number
        elif lower in scales and value is not None:
            value *= scales[lower]
        elif token.text == "%" or lower in {"percent", "pc"} or (lower == "cent" and token.nbor(-1).lower_ == "per"):
            unit = "%"
        elif lower in currencies or token.text in currencies:
            unit = unit or currencies.get(lower, currencies.get(token.text))
        else:
            # "20m" / "$2bn": a number glued to its scale.
            for suffix, scale in (("bn", 1e9), ("m", 1e6), ("k", 1e3)):
                head = lower.removesuffix(suffix)
                if lower.endswith(suffix) and head and parse_number(head) is not None and value is None:
                    value = parse_number(head) * scale  # type: ignore[operator]
    if value is None:
        return None
    if unit is None and span.label_ == "PERCENT":
        unit = "%"
    if unit is None and span.label_ in {"QUANTITY"}:
        words = [t.lemma_.lower() for t in span if not (t.like_num or t.lower_ in scales)]
        unit = words[-1] if words else "count"
    if unit is None and span.label_ == "MONEY":
        unit = "USD" if "$" in span.text else "money"
    return value, unit or "count"


def _counted_noun(span: Span) -> Token | None:
    for token in span:
        if token.dep_ in {"nummod", "quantmod"} and token.head.pos_ in NOUNS and token.head.i >= span.end:
            return token.head
    return None


def _outside(span: Span, end: int) -> Span | None:
    """``span`` without the figure's tokens, which end at token ``end``."""
    left = max(span.start, end)
    return span.doc[left : span.end] if left < span.end else None


def measure_of(span: Span) -> Span | None:
    """What the figure ``span`` measures, by the rules in the module docstring."""
    doc = span.doc
    root = span.root
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return noun_phrase(objects[0])
    counted = _counted_noun(span)
    if counted is not None:
        return _outside(noun_phrase(counted), span.end)
    if root.dep_ in {"compound", "nmod", "amod", "nummod"} and root.head.pos_ in NOUNS:
        return _outside(noun_phrase(root.head), span.end)
    governor = root.head if root.dep_ in {"pobj", "dobj", "attr", "npadvmod"} else None
    if governor is not None and governor.dep_ == "prep":
        governor = governor.head
    if governor is None or governor.i == root.i:
        return None
    subjects = [c for c in governor.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if subjects:
        return noun_phrase(subjects[0])
    if governor.dep_ in {"acl", "advcl", "relcl"}:
        before = doc[governor.i - 1] if governor.i > 0 else None
        if before is not None and before.is_punct and governor.i > 1:
            previous = doc[governor.i - 2]
            target = previous
            # "arms used by the Indian army": from the agent up to the reduced relative's noun.
            while target.dep_ == "pobj" and target.head.dep_ == "agent" and target.head.head.dep_ == "acl":
                target = target.head.head.head
            if target.pos_ in NOUNS:
                start = noun_phrase(target).start
                return doc[start : previous.i + 1]
        if governor.head.pos_ in NOUNS:
            return noun_phrase(governor.head)
    return None


def _candidates(doc: Doc, matcher: Matcher) -> list[Span]:
    spans = [ent for ent in doc.ents if ent.label_ in LABELS]
    spans = [s for s in spans if s.label_ != "CARDINAL" or _counted_noun(s) is not None]
    matched = [Span(doc, start, end, label="MONEY") for _, start, end in matcher(doc)]
    return sorted(filter_spans([*matched, *spans]), key=lambda s: s.start)


class QuantityFinder:
    def __init__(self, nlp: Language) -> None:
        self.matcher = Matcher(nlp.vocab)
        for pattern in _lexicon()["patterns"]:
            self.matcher.add("MONEY", [pattern])

    def __call__(self, doc: Doc) -> Doc:
        starts = [s.start for s in doc.sents]
        quantities = []
        for span in _candidates(doc, self.matcher):
            parsed = value_and_unit(span)
            if parsed is None:
                continue
            measure = measure_of(span)
            quantities.append(
                Quantity(
                    start=span.start_char,
                    end=span.end_char,
                    text=span.text,
                    value=parsed[0],
                    unit=parsed[1],
                    measure=None if measure is None else measure.text,
                    measure_start=None if measure is None else measure.start_char,
                    measure_end=None if measure is None else measure.end_char,
                    sentence=bisect_right(starts, span.start) - 1,
                )
            )
        doc._.quantities = quantities
        return doc


@Language.factory(
    "newsgraph_quantities_v1", assigns=["doc._.quantities"], requires=["doc.ents", "token.dep", "token.lemma"]
)
def make_quantities(nlp: Language, name: str) -> QuantityFinder:
    return QuantityFinder(nlp)
