"""The model's attribute ruler and lemmatizer read from tables
(extract/attributes.py): every token gets the part of speech, morphology,
tag, dependency and lemma spaCy's own two components give it."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from newsgraph.extract.attributes import PIPE_NAME, replace_ruler_and_lemmatizer, supports
from newsgraph.extract.pipeline import ModelNotFound, load_model

DEMO = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "demo" / "articles"

# Our own sentences, written to reach the ruler's rarer patterns: contractions,
# "gonna", "there is", spaces and line breaks, pronouns, modals.
EDGE_TEXTS = [
    "Officials ain't gonna say it, but let's be clear: y'all knew there is a deal.\n\n  Was there?",
    "She told him they'd have to wait; I could've gone, c'mon, we got ta go.   Nobody came.",
    "",
    "   \n\t ",
    "The ministers' talks, which were held in Valdora on 3 March, ended early.",
]


@pytest.fixture(scope="module")
def models():
    try:
        spacy_own = load_model("en_core_web_sm").nlp
        ours = load_model("en_core_web_sm").nlp
    except ModelNotFound as error:
        pytest.skip(str(error))
    if not replace_ruler_and_lemmatizer(ours):
        pytest.fail("the installed model's attribute ruler could not be read as tables")
    return spacy_own, ours


def _annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_) for t in doc]


def test_the_tables_give_every_token_what_spacy_s_components_give(models):
    spacy_own, ours = models
    texts = [path.read_text(encoding="utf-8") for path in sorted(DEMO.glob("*.txt"))] + EDGE_TEXTS
    assert len(texts) > len(EDGE_TEXTS)
    compared = 0
    for expected, found in zip(spacy_own.pipe(texts), ours.pipe(texts), strict=True):
        assert _annotations(found) == _annotations(expected)
        compared += len(expected)
    assert compared > 1000
    assert PIPE_NAME in ours.pipe_names
    assert "attribute_ruler" not in ours.pipe_names and "lemmatizer" not in ours.pipe_names


def test_a_ruler_with_patterns_the_tables_cannot_hold_is_kept():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"TAG": "JJ"}]], {"POS": "ADV"})
    nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    assert not supports(nlp)
    assert not replace_ruler_and_lemmatizer(nlp)
    assert nlp.pipe_names == ["attribute_ruler", "lemmatizer"]


def test_the_tables_stay_bounded_and_give_the_same_answers_when_started_afresh(models, monkeypatch):
    from newsgraph.extract import attributes

    spacy_own, ours = models
    pipe = ours.get_pipe(PIPE_NAME)
    monkeypatch.setattr(attributes, "CACHE_LIMIT", 5)
    texts = [path.read_text(encoding="utf-8") for path in sorted(DEMO.glob("*.txt"))][:4]
    for text in texts:  # one at a time: the pipe's tables are read after each
        expected, found = spacy_own(text), ours(text)
        assert _annotations(found) == _annotations(expected)
        distinct = {(t.tag, t.lower, t.dep, int(t.is_space)) for t in found}
        assert len(pipe.single_rules) <= len(distinct) + 5
        assert len(pipe.lemmas) <= len(found) + 5
