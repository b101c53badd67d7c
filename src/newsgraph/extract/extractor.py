"""The pure extract step: ``Article -> Extraction``, in batches with ``nlp.pipe``.

No database, no global state beyond the loaded pipeline, so an Extractor can
live in any process or cluster worker. The pipeline (spaCy and its model) is
loaded on first use, not when the Extractor is made: a run whose articles are
all stored already never loads it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING

from newsgraph import __version__
from newsgraph.model import (
    EXTRACTION_LANGUAGES,
    UNDETERMINED_LANGUAGE,
    Article,
    EntityType,
    Extraction,
    Mention,
    PersonRole,
    Sentence,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

# Named-entity labels kept as mentions; numeric labels (DATE, PERCENT, MONEY…)
# are the business of the timex and quantity components.
MENTION_TYPES = frozenset(EntityType)
# Texts longer than this are parsed in pieces of at most PIECE_CHARS.
LONG_TEXT_CHARS = 50_000
PIECE_CHARS = 20_000


def text_pieces(text: str, size: int) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters that join back
    into it: after the last line break of each stretch, else after its last
    sentence end (". "), else after its last space, else at ``size``."""
    pieces, start = [], 0
    while len(text) - start > size:
        stretch = text[start : start + size]
        cut = stretch.rfind("\n") + 1
        if cut < size // 4:
            cut = max(stretch.rfind(". ") + 2, cut)
        if cut < size // 4:
            cut = max(stretch.rfind(" ") + 1, cut)
        if cut < size // 4:
            cut = size
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


# A line that ends on a letter or digit (no sentence-final punctuation) and is
# followed by a line starting with a capital or digit is a headline, dateline
# or subheading: "Lindsay Lohan Checks Into Rehab", "Posted on Thu Jun 13,
# 2013 08:45 AM PDT". The model reads it apart from the text under it: run
# on, it misreads the names that start the next line. A line that ends on a
# comma, a colon or a word such as "in" or "the", or that is followed by a
# lower-case word, is prose wrapped by hand.
_WRAPPED_AFTER = frozenset(
    {"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "by", "with",
     "into", "onto", "over", "under", "as", "than", "that", "which", "who", "whose", "whom", "its", "his",
     "her", "their", "our", "your", "my", "is", "are", "was", "were", "be", "been", "has", "have", "had",
     "will", "would", "said", "says"}
)  # fmt: skip
_HEADING_BREAK = re.compile(r"(?<=[^\W_])[ \t]*\n(?=\s*[\"'“‘(]?[A-ZÀ-ÖØ-Þ0-9])")


def line_pieces(text: str) -> list[str]:
    """``text`` cut after each heading line (``_HEADING_BREAK``), in pieces that join back into it."""
    pieces, start = [], 0
    for match in _HEADING_BREAK.finditer(text):
        words = text[text.rfind("\n", 0, match.start()) + 1 : match.start()].split()
        if words and words[-1] in _WRAPPED_AFTER:
            continue
        if text[start : match.start()].strip():
            pieces.append(text[start : match.end()])
            start = match.end()
    if start < len(text) or not pieces:
        pieces.append(text[start:])
    return pieces


class Extractor:
    """Runs the newsgraph pipeline over articles; loads it on first use."""

    def __init__(self, model_name: str = "en_core_web_sm", batch_size: int = 32, nlp: Language | None = None) -> None:
        self.model_name = model_name
        self.batch_size = batch_size
        self._nlp = nlp
        self._version: str | None = None

    @property
    def loaded(self) -> bool:
        """Whether the pipeline has been loaded (or was given)."""
        return self._nlp is not None

    @property
    def nlp(self) -> Language:
        return self.load()

    def load(self) -> Language:
        """The pipeline, loaded now if it was not yet (raises ModelNotFound)."""
        if self._nlp is None:
            from newsgraph.extract.pipeline import build_pipeline

            self._nlp = build_pipeline(self.model_name)
        return self._nlp

    @property
    def version(self) -> str:
        if self._version is None:  # reading ``nlp.meta`` copies it: once per extractor
            meta = self.nlp.meta
            self._version = f"newsgraph-{__version__}+{meta.get('newsgraph_base_model', meta.get('name'))}"
        return self._version

    def extract(self, article: Article) -> Extraction:
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        """Extractions in the order of ``articles``, processed in batches."""
        stream = iter(articles)
        while chunk := list(islice(stream, self.batch_size)):
            for article, doc in zip(chunk, self.parse(chunk), strict=True):
                yield self.to_extraction(article, doc)

    def make_doc(self, article: Article) -> Doc:
        """An article's unparsed Doc, for callers that run the pipeline on it
        themselves (a long text passes as an empty placeholder)."""
        doc = self.nlp.make_doc("" if len(article.text) > LONG_TEXT_CHARS else article.text)
        doc._.published = article.published
        return doc

    def parse(self, articles: list[Article]) -> list[Doc]:
        """The articles' Docs. spaCy's own components (tagger, parser,
        entities) read each article in ``line_pieces``, so that a headline
        or dateline is not read as the start of the sentence under it; the
        pieces of all short articles go through the model in one stream, a
        long article's (also cut at ``PIECE_CHARS``) one at a time, which
        bounds their memory (about 3 MB per 1,000 characters of one piece).
        The pieces are joined into one Doc per article and our components
        run on it whole."""
        nlp = self.nlp
        ours = [name for name in nlp.pipe_names if name.startswith("newsgraph_")]
        texts = [line_pieces(a.text) if len(a.text) <= LONG_TEXT_CHARS else None for a in articles]
        pieces: list[list[Doc]] = []
        with nlp.select_pipes(disable=ours):
            parsed = nlp.pipe((piece for own in texts if own is not None for piece in own), batch_size=self.batch_size)
            for article, own in zip(articles, texts, strict=True):
                if own is None:
                    lines = [line for piece in text_pieces(article.text, PIECE_CHARS) for line in line_pieces(piece)]
                    pieces.append(list(nlp.pipe(lines, batch_size=1)))
                else:
                    pieces.append(list(islice(parsed, len(own))))
        docs = []
        for article, own in zip(articles, pieces, strict=True):
            doc = self.join(article, own)
            for name in ours:
                doc = nlp.get_pipe(name)(doc)
            docs.append(doc)
        return docs

    def join(self, article: Article, pieces: list[Doc]) -> Doc:
        """One Doc of an article's parsed pieces, each piece starting a sentence."""
        from spacy.tokens import Doc

        doc = pieces[0] if len(pieces) == 1 else Doc.from_docs(pieces, ensure_whitespace=False, exclude=["tensor"])
        if doc.text != article.text:  # cannot happen: the pieces are cut from the text
            raise ValueError(f"article {article.id}: its pieces do not join back into its text")
        doc._.published = article.published
        return doc

    def to_extraction(self, article: Article, doc: Doc) -> Extraction:
        from newsgraph.extract.mention_links import linked_attributions, linked_events

        sentences = tuple(Sentence(s.start_char, s.end_char) for s in doc.sents)
        starts = [s.start for s in sentences]

        def sentence_of(char: int) -> int:
            return max(bisect_right(starts, char) - 1, 0)

        # A wire dateline's place ("LORMONT —") is a place, whatever the tagger made of its capitals.
        dateline = doc._.dateline if type(doc).has_extension("dateline") else None
        place = (dateline[0].start_char, dateline[0].end_char) if dateline else (-1, -1)

        def label(ent: Span) -> str:
            return "GPE" if place[0] <= ent.start_char and ent.end_char <= place[1] else ent.label_

        mentions = tuple(
            Mention(ent.start_char, ent.end_char, ent.text, label(ent), sentence_of(ent.start_char))
            for ent in doc.ents
            if ent.label_ in MENTION_TYPES
        )
        index = {(m.start, m.end): i for i, m in enumerate(mentions)}
        roles = []
        for person, title, organisation in doc._.person_roles or ():
            person_index = index.get((person.start_char, person.end_char))
            if person_index is None:
                continue
            org_index = None if organisation is None else index.get((organisation.start_char, organisation.end_char))
            roles.append(
                PersonRole(
                    person=person_index,
                    title=title.text,
                    title_start=title.start_char,
                    title_end=title.end_char,
                    organisation=org_index,
                    sentence=sentence_of(title.start_char),
                )
            )
        if (article.language or UNDETERMINED_LANGUAGE) not in EXTRACTION_LANGUAGES:
            # Kept for its entities only: the English time, event and figure
            # rules would misread another language.
            return Extraction(article=article, sentences=sentences, mentions=mentions, extractor_version=self.version)
        return Extraction(
            article=article,
            sentences=sentences,
            mentions=mentions,
            roles=tuple(roles),
            timexes=tuple(doc._.timexes or ()),
            quantities=tuple(doc._.quantities or ()),
            attributions=linked_attributions(doc, mentions),
            events=linked_events(doc, mentions),
            extractor_version=self.version,
        )
