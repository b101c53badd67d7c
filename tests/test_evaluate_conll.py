"""The CoNLL scorer, checked on a tiny gold file with hand-computed scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from newsgraph.evaluate.conll import Chunk, Sentence, SystemScores, chunks, evaluate_ner, predicted_tags, read_conll

FIXTURES = Path(__file__).parent / "fixtures" / "conll"
TINY = FIXTURES / "tiny.conll"
DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "eval" / "conll2003" / "dev.txt"


def read_predicted(path: Path) -> list[list[str]]:
    """Predicted tags (third column) of a ``token gold predicted`` file, by sentence."""
    sentences: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            sentences[-1].append(line.split()[2])
        elif sentences[-1]:
            sentences.append([])
    return [tags for tags in sentences if tags]


def test_reads_sentences_across_docstart_lines():
    sentences = read_conll(TINY)
    assert [len(s.tokens) for s in sentences] == [9, 6, 9]
    assert sentences[0].text == "Jane Doe met Kestrel Aerospace officials in Geneva ."


def test_chunks_follow_conlleval_for_iob1_and_iob2():
    # IOB1: I- after O starts a chunk; B- separates two adjacent chunks of one type.
    assert chunks(["I-LOC", "B-LOC", "O", "I-LOC"]) == [Chunk(0, 1, "LOC"), Chunk(1, 2, "LOC"), Chunk(3, 4, "LOC")]
    # IOB2, and a type change inside a run starts a new chunk.
    assert chunks(["B-PER", "I-PER", "I-ORG", "O"]) == [Chunk(0, 2, "PER"), Chunk(2, 3, "ORG")]


def test_scores_match_hand_computed_values():
    # Gold: Jane Doe/PER, Kestrel Aerospace/ORG, Geneva, Kenya, London, Paris, Tokyo/LOC, Russian/MISC = 8.
    # Predicted: Jane Doe/PER, Kestrel/ORG, Geneva/LOC, Russian/MISC, Kenya/ORG, "London Paris"/LOC,
    # Tokyo/LOC = 7, of which 4 correct (Jane Doe, Geneva, Russian, Tokyo).
    scores = SystemScores("test")
    for sentence, predicted in zip(read_conll(TINY), read_predicted(FIXTURES / "tiny.predicted"), strict=True):
        scores.add(sentence.gold, predicted)
    micro = scores.micro
    assert (micro.gold, micro.predicted, micro.correct) == (8, 7, 4)
    assert micro.precision == pytest.approx(4 / 7)
    assert micro.recall == pytest.approx(4 / 8)
    assert micro.f1 == pytest.approx(8 / 15)
    loc = scores.by_type["LOC"]
    assert (loc.gold, loc.predicted, loc.correct) == (5, 3, 2)
    assert loc.f1 == pytest.approx(0.5)
    assert scores.by_type["PER"].f1 == 1.0
    assert scores.by_type["MISC"].f1 == 1.0
    org = scores.by_type["ORG"]
    assert (org.gold, org.predicted, org.correct, org.f1) == (1, 2, 0, 0.0)


def test_character_spans_become_token_tags():
    sentence = Sentence(("Jane", "Doe", "met", "Li", "Wei"), ("O",) * 5)
    # "Jane Doe" = chars 0-8; "Li Wei" = 13-19; a span ending mid-token keeps the token it starts.
    assert predicted_tags(sentence, [(0, 8, "PER"), (13, 15, "PER")]) == ["B-PER", "I-PER", "O", "B-PER", "O"]


@pytest.mark.slow
def test_evaluate_ner_scores_both_systems_and_writes_predictions(tmp_path):
    output = tmp_path / "predicted.conll"
    report = evaluate_ner(TINY, "en_core_web_sm", write_conll=output)
    assert [system.name for system in report.systems] == ["bare spaCy", "newsgraph"]
    assert report.sentences == 3
    for system in report.systems:
        assert system.micro.gold == 8
    lines = [line.split() for line in output.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) == 24 and all(len(line) == 3 for line in lines)
    assert json.loads(json.dumps(report.to_json()))["systems"][1]["system"] == "newsgraph"
    console = Console(record=True, width=120)
    report.render(console)
    assert "micro" in console.export_text()


@pytest.mark.slow
@pytest.mark.skipif(not DEV.exists(), reason=f"CoNLL-2003 dev data not found at {DEV} (shared eval data absent)")
def test_newsgraph_beats_bare_spacy_on_a_dev_slice():
    report = evaluate_ner(DEV, "en_core_web_sm", limit=400)
    bare, ours = report.systems
    assert ours.micro.f1 > bare.micro.f1
