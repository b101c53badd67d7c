"""Person titles component: keeps titles out of names and reads roles.

Title heads from ``knowledge/entities/titles.yaml`` ("Minister", "Secretary",
"Chief Executive", "CEO"…) are found by a case-insensitive PhraseMatcher; each
match grows leftwards over modifier and portfolio words ("Deputy Foreign
Minister", "Defence Production Secretary"). Then:

- an entity lying wholly inside a title is dropped ("Forge" cannot be a
  person, nor "Chief Executive" an organisation);
- a PERSON entity that begins with a title is cut to the name after it
  ("Chief Executive Ashish Rajvanshi" -> "Ashish Rajvanshi");
- an organisation entity that ends in a title right before a person is cut
  before the title ("Kaveri Chief Executive Anita Rao" -> "Kaveri");
- a title next to a PERSON becomes a role ``(person, title, organisation)`` in
  ``doc._.person_roles``; the organisation is an ORG/GPE/NORP entity right
  before the title ("Russian President", "India's Defence Production
  Secretary"), after "of"/"at" ("chairman of Bharat Forge"), or the nearest
  organisation before "its"/"their" in the sentence; otherwise None.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from newsgraph.knowledge.loader import load_yaml

if not Doc.has_extension("person_roles"):
    Doc.set_extension("person_roles", default=None)

ORGANISATION_LABELS = frozenset({"ORG", "GPE", "NORP"})
POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})
APPOSITION_WORDS = frozenset({",", "the", "a", "an"})

Role = tuple[Span, Span, Span | None]


@dataclass(frozen=True, slots=True)
class TitleWords:
    heads: tuple[str, ...]
    extenders: frozenset[str]  # lower-case modifiers and portfolio words
    possessives: frozenset[str]
    prepositions: frozenset[str]

    @classmethod
    def from_knowledge(cls, knowledge: dict[str, Any]) -> TitleWords:
        return cls(
            heads=tuple(knowledge["heads"]),
            extenders=frozenset(word.lower() for word in (*knowledge["modifiers"], *knowledge["portfolios"])),
            possessives=frozenset(word.lower() for word in knowledge["possessives"]),
            prepositions=frozenset(word.lower() for word in knowledge["organisation_prepositions"]),
        )


class PersonTitles:
    """The ``newsgraph_titles`` pipe: see the module docstring."""

    def __init__(self, nlp: Language, name: str, words: TitleWords) -> None:
        self.name = name
        self.words = words
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("TITLE", list(nlp.tokenizer.pipe(words.heads)))

    def titles(self, doc: Doc) -> list[Span]:
        """Title spans, longest first where matches overlap."""
        spans = []
        for _, start, end in self.matcher(doc):
            head_is_title_case = doc[start].is_title or doc[start].is_upper
            sentence_start = doc[start].sent.start if doc.has_annotation("SENT_START") else 0
            while start > sentence_start:
                previous = doc[start - 1]
                # "Foreign Minister" but not "foreign Minister"; lower-case
                # titles ("defence minister") take lower-case extenders.
                if previous.lower_ not in self.words.extenders or previous.is_title != head_is_title_case:
                    break
                start -= 1
            spans.append(Span(doc, start, end, label="TITLE"))
        return filter_spans(spans)

    def __call__(self, doc: Doc) -> Doc:
        titles = self.titles(doc)
        if not titles:
            doc._.person_roles = []
            return doc
        in_title = bytearray(len(doc))
        title_end_at = {}
        for title in titles:
            in_title[title.start : title.end] = b"\x01" * len(title)
            for index in range(title.start, title.end):
                title_end_at[index] = title.end

        people_start = {ent.start for ent in doc.ents if ent.label_ == "PERSON"}

        def single_word_title(ent: Span) -> bool:
            return len(ent) == 1 and title_end_at[ent.start] - ent.start <= 1 and doc[ent.start].is_title

        ents = []
        for ent in doc.ents:
            # A surname can be a title word ("Don King", "John Major"): a
            # one-word title alone does not unmake a person.
            if all(in_title[ent.start : ent.end]) and not (ent.label_ == "PERSON" and single_word_title(ent)):
                continue
            if ent.label_ == "PERSON" and in_title[ent.start]:
                cut = max(title_end_at[i] for i in range(ent.start, ent.end) if in_title[i])
                if cut >= ent.end:
                    continue
                ent = Span(doc, cut, ent.end, label="PERSON")
            elif (
                ent.label_ != "PERSON" and in_title[ent.end - 1] and not in_title[ent.start] and ent.end in people_start
            ):
                # "Kaveri Chief Executive Anita Rao": the organisation is the
                # part before the title that names the person after it
                cut = next(i for i in range(ent.start, ent.end) if in_title[i])
                ent = Span(doc, ent.start, cut, label=ent.label_)
            ents.append(ent)
        doc.set_ents(ents, default="outside")
        doc._.person_roles = list(self.roles(doc, titles))
        return doc

    def roles(self, doc: Doc, titles: Iterable[Span]) -> Iterable[Role]:
        starting = {ent.start: ent for ent in doc.ents}
        ending = {ent.end: ent for ent in doc.ents}
        for title in titles:
            after = self.organisation_after(doc, title, starting)
            person = starting.get(after.end if after is not None else title.end)
            if person is None or person.label_ != "PERSON":
                person = self.person_before(doc, title, ending)
            if person is None:
                continue
            organisation = self.organisation_before(doc, title, ending) or after
            if organisation is None and person.start >= title.end:
                # "Chief Executive Officer Li Wei of Kestrel Aerospace"
                organisation = self.organisation_after(doc, person, starting)
            yield person, title, organisation

    def person_before(self, doc: Doc, title: Span, ending: dict[int, Span]) -> Span | None:
        """ "Li Wei, the company's chief executive" / "Li Wei, Tata Sons chairman"."""
        adjacent = self.adjacent_organisation(doc, title, ending)
        index = adjacent.start if adjacent is not None else title.start
        while index > 0 and (
            doc[index - 1].lower_ in APPOSITION_WORDS or doc[index - 1].lower_ in self.words.possessives
        ):
            index -= 1
            if doc[index].text == ",":
                person = ending.get(index)
                return person if person is not None and person.label_ == "PERSON" else None
        return None

    def adjacent_organisation(self, doc: Doc, title: Span, ending: dict[int, Span]) -> Span | None:
        """ "Russian President", "India's Defence Production Secretary"."""
        start = title.start
        candidate = ending.get(start)
        if candidate is None and start > 0 and doc[start - 1].text in POSSESSIVE_MARKS:
            candidate = ending.get(start - 1)
        return candidate if candidate is not None and candidate.label_ in ORGANISATION_LABELS else None

    def organisation_before(self, doc: Doc, title: Span, ending: dict[int, Span]) -> Span | None:
        adjacent = self.adjacent_organisation(doc, title, ending)
        if adjacent is not None:
            return adjacent
        start = title.start
        if start > 0 and doc[start - 1].lower_ in self.words.possessives:
            sentence_start = doc[start].sent.start if doc.has_annotation("SENT_START") else 0
            organisations = [
                ent for ent in doc.ents if sentence_start <= ent.start and ent.end < start and ent.label_ == "ORG"
            ]
            return organisations[-1] if organisations else None
        return None

    def organisation_after(self, doc: Doc, span: Span, starting: dict[int, Span]) -> Span | None:
        """ "chairman of Bharat Forge": an organisation after "of"/"at"."""
        if span.end < len(doc) and doc[span.end].lower_ in self.words.prepositions:
            candidate = starting.get(span.end + 1)
            if candidate is not None and candidate.label_ in ORGANISATION_LABELS:
                return candidate
        return None


@Language.factory(
    "newsgraph_titles_v1",
    assigns=["doc.ents", "doc._.person_roles"],
    requires=["doc.ents"],
    default_config={"titles_file": None},
)
def make_titles(nlp: Language, name: str, titles_file: str | None) -> PersonTitles:
    """Person titles and roles from ``knowledge/entities/titles.yaml`` (read once, here)."""
    path = "entities/titles.yaml" if titles_file is None else Path(titles_file).absolute()
    return PersonTitles(nlp, name, TitleWords.from_knowledge(load_yaml(path)))
