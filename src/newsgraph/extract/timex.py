"""Temporal expression component (placeholder)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("timexes"):
    Doc.set_extension("timexes", default=None)


@Language.factory("newsgraph_timex_v1", assigns=["doc._.timexes"], requires=["doc._.published"])
def make_timex(nlp: Language, name: str):
    def timex(doc: Doc) -> Doc:
        doc._.timexes = []
        return doc

    return timex
