"""The learned model of PLOVER types: rebuilt from our sentences, it is the
shipped file, byte for byte; it reads the parse between the parties."""

from __future__ import annotations

from newsgraph.extract.event_model import NONE, dyad_features, event_model
from newsgraph.extract.event_model_train import build, read_training
from newsgraph.knowledge.loader import knowledge_file


def test_the_shipped_model_is_the_one_the_training_script_builds(extractor) -> None:
    rebuilt = build(extractor.nlp)
    shipped = knowledge_file("plover/event_model.json").read_text(encoding="utf-8")
    assert rebuilt == shipped, "run: python -m newsgraph.extract.event_model_train"


def test_the_training_set_covers_every_type_and_no_event() -> None:
    examples = read_training()
    counts: dict[str, int] = {}
    for example in examples:
        counts[example.type] = counts.get(example.type, 0) + 1
        assert example.source in example.sentence and example.target in example.sentence
    assert len(examples) >= 600
    assert set(event_model().labels) == set(counts)
    assert min(counts.values()) >= 30 and NONE in counts


def _heads(extractor, sentence: str, source: str, target: str):
    doc = extractor.nlp(sentence)
    start, end = sentence.index(source), sentence.index(target)
    return (
        doc.char_span(start, start + len(source), alignment_mode="expand").root,
        doc.char_span(end, end + len(target), alignment_mode="expand").root,
    )


def test_features_name_the_joining_verb_and_the_codebook_type(extractor) -> None:
    source, target = _heads(extractor, "Chile imposed sanctions on Peru.", "Chile", "Peru")
    features = dyad_features(source, target)
    assert "head=impose" in features and "tgt=pobj:on" in features
    assert any(f.endswith("=SANCTION") for f in features)


def test_the_model_tells_an_attack_from_no_event(extractor) -> None:
    attack = event_model().code(*_heads(extractor, "Rebels shelled the town of Kora.", "Rebels", "Kora"))
    assert attack.type == "ASSAULT"
    apart = event_model().code(
        *_heads(extractor, "The envoy, who grew up in Lima, is a keen chess player.", "envoy", "Lima")
    )
    assert apart.type == NONE
