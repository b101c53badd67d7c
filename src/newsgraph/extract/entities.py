"""Entity component (placeholder until the knowledge-based ruler lands)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("newsgraph_entities_v1", assigns=["doc.ents"], requires=["doc.ents"])
def make_entities(nlp: Language, name: str):
    def entities(doc: Doc) -> Doc:
        return doc

    return entities
