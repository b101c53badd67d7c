"""Attribution component ``newsgraph_attribution_v1``: who says so.

Cues (``knowledge/plover/attribution.yaml``) are reporting verbs with a
subject or "by" agent that govern a clause ("Reuters said", "the report said
citing sources"), the prepositions "according to" / "as per" (their object is
the source) and "citing" (a secondary source).

Source: the named entity in the source phrase ("the Reuters report" ->
Reuters); a pronoun resolves to the nearest preceding person ("he", "she") or
organisation or country ("it", "they"); a definite phrase headed by an anaphor
noun ("the report") resolves to the last named source before it.

Scope rule: an attribution covers its own sentence and the sentences after it
in the same paragraph, up to (not including) the next sentence that carries a
cue of its own. A paragraph break ends it: in news style a new paragraph
without a cue is the article's own voice again. A statement is never credited
backwards (a lede is not covered by a later "reports said").

``Doc._.attributions`` gets model ``Attribution`` values (``source_mention``
filled later by the extractor from ``Doc._.attribution_sources``, the
character offsets of the phrase each source resolves to).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from newsgraph.extract.actors import load_plover
from newsgraph.extract.phrases import entity_in, noun_phrase
from newsgraph.model import Attribution

for _name in ("attributions", "attribution_sources"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
CLAUSES = frozenset({"ccomp", "parataxis", "xcomp"})
NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})


class AttributionFinder:
    def __init__(self, nlp: Language) -> None:
        data = load_plover("attribution.yaml")
        self.verbs = frozenset(data["verbs"])
        self.citing = frozenset(data["citing"])
        self.anaphors = frozenset(data["anaphors"])
        self.person_pronouns = frozenset(data["pronouns"]["person"])
        self.group_pronouns = frozenset(data["pronouns"]["group"])
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("VERB", [[{"LEMMA": {"IN": sorted(self.verbs | self.citing)}, "POS": "VERB"}]])
        for words in data["prepositions"]:
            self.matcher.add("PREP", [[{"LOWER": word} for word in words]])

    def __call__(self, doc: Doc) -> Doc:
        sentences = list(doc.sents)
        starts = [s.start for s in sentences]
        found: list[tuple[Attribution, tuple[int, int]]] = []
        for label, begin, end in self.matcher(doc):
            cue = doc[begin:end]
            source = self._source(cue, doc.vocab.strings[label])
            if source is None:
                continue
            resolved = self._resolve(doc, source, found)
            sentence = bisect_right(starts, begin) - 1
            attribution = Attribution(
                source=source.text,
                start=source.start_char,
                end=source.end_char,
                cue=cue.text,
                sentence=sentence,
                scope=(sentence,),
            )
            found.append((attribution, (resolved.start_char, resolved.end_char)))
        found.sort(key=lambda item: (item[0].sentence, item[0].start))
        attributions = _with_scopes(doc, sentences, [a for a, _ in found])
        doc._.attributions = attributions
        doc._.attribution_sources = [offsets for _, offsets in found]
        return doc

    def _source(self, cue: Span, label: str) -> Span | None:
        if label == "PREP":
            last = cue[-1]
            objects = [c for c in last.children if c.dep_ == "pobj"] or [
                c for c in last.subtree if c.dep_ == "pobj" and c.i > last.i
            ]
            return noun_phrase(objects[0]) if objects else None
        verb = cue.root
        if verb.lemma_ in self.citing:
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            return noun_phrase(objects[0]) if objects else None
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS and c.dep_ == "nsubj"]
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        subject = (subjects or agents or [None])[0]
        if subject is None or subject.lower_ in {"which", "that", "who"}:
            return None
        governs_clause = any(c.dep_ in CLAUSES for c in verb.children) or verb.dep_ in {"parataxis"}
        if not governs_clause and verb.lemma_ not in {"say", "tell", "add"}:
            return None
        return noun_phrase(subject)

    def _resolve(self, doc: Doc, source: Span, found: list[tuple[Attribution, tuple[int, int]]]) -> Span:
        """The phrase a source stands for: its named entity, or an antecedent."""
        named = entity_in(source, NAMED)
        if named is not None:
            return named
        root = source.root
        if root.lower_ in self.person_pronouns:
            return _previous_entity(doc, root, {"PERSON"}) or source
        if root.lower_ in self.group_pronouns:
            return _previous_entity(doc, root, {"ORG", "GPE", "NORP"}) or source
        definite = any(c.lower_ in {"the", "this", "that"} for c in root.lefts)
        if definite and root.lemma_.lower() in self.anaphors:
            for _attribution, (start, end) in reversed(found):
                span = doc.char_span(start, end)
                if span is not None and entity_in(span, NAMED) is not None:
                    return span
        return source


def _previous_entity(doc: Doc, token: Token, labels: set[str]) -> Span | None:
    best = None
    for ent in doc.ents:
        if ent.end <= token.i and ent.label_ in labels:
            best = ent
    return best


def _with_scopes(doc: Doc, sentences: list[Span], attributions: list[Attribution]) -> list[Attribution]:
    cued = {a.sentence for a in attributions}
    result = []
    for attribution in attributions:
        scope = [attribution.sentence]
        for index in range(attribution.sentence + 1, len(sentences)):
            previous, current = sentences[index - 1], sentences[index]
            gap = doc.text[previous.start_char : current.start_char]
            if "\n" in gap or index in cued:
                break
            scope.append(index)
        result.append(replace(attribution, scope=tuple(scope)))
    return result


def attribution_for_sentence(attributions: list[Attribution], sentence: int) -> int | None:
    """Index of the attribution a sentence is credited to: one whose cue is in
    the sentence (the first), else the latest whose scope covers it."""
    for index, attribution in enumerate(attributions):
        if attribution.sentence == sentence:
            return index
    covering = [i for i, a in enumerate(attributions) if sentence in a.scope]
    return covering[-1] if covering else None


@Language.factory(
    "newsgraph_attribution_v1",
    assigns=["doc._.attributions", "doc._.attribution_sources"],
    requires=["doc.ents", "token.dep", "token.lemma"],
)
def make_attribution(nlp: Language, name: str) -> AttributionFinder:
    return AttributionFinder(nlp)
