"""Person titles component (placeholder)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("person_roles"):
    Doc.set_extension("person_roles", default=None)


@Language.factory("newsgraph_titles_v1", assigns=["doc._.person_roles"], requires=["doc.ents"])
def make_titles(nlp: Language, name: str):
    def titles(doc: Doc) -> Doc:
        doc._.person_roles = []
        return doc

    return titles
