"""Attribution component ``newsgraph_attribution_v1``: who says so.

Cues (``knowledge/plover/attribution.yaml``) are reporting verbs with a
subject or "by" agent that govern a clause ("Reuters said", "the report said
citing sources"), the prepositions "according to" / "as per" (their object is
the source) and "citing" (a secondary source).

Source: the named entity in the source phrase ("the Reuters report" ->
Reuters); a pronoun resolves to the nearest preceding person ("he", "she") or
organisation or country ("it", "they"); a definite phrase headed by an anaphor
noun ("the report") resolves to the last named source before it.

Scope rule: an attribution covers its own sentence, and the sentences of a
quotation that runs on from it ("... he said. “We will respond. Our patience
has limits.”") or runs into it (“We will respond. Our patience has
limits,” he said.), within the paragraph and up to (not including) a
sentence that carries a cue of its own. Other sentences are the article's
own voice: news style names the source again when it goes on relaying
(“the report said”, “according to”), and a next sentence without a cue
usually adds the writer's context ("Baghdad condemned the strikes." after
"..., the defence ministry said."). So a statement is never credited to a
cue outside its quotation, and never to a later cue otherwise (a lede is not
covered by a later "reports said").

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

from newsgraph.extract.actors import can_act, load_plover
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
            # "citing sources", "citing a report"; not "citing national security".
            objects = [
                c for c in verb.children if c.dep_ == "dobj" and (can_act(c) or c.lemma_.lower() in self.anaphors)
            ]
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


OPENING_QUOTES, CLOSING_QUOTES = "\u201c\u00ab", "\u201d\u00bb"


def _quote_open(text: str) -> bool:
    """Whether a quotation opened in ``text`` is still open at its end."""
    curly = sum(text.count(q) for q in OPENING_QUOTES) - sum(text.count(q) for q in CLOSING_QUOTES)
    return curly > 0 or text.count('"') % 2 == 1


def _with_scopes(doc: Doc, sentences: list[Span], attributions: list[Attribution]) -> list[Attribution]:
    cued = {a.sentence for a in attributions}
    text = doc.text  # built anew on each access: read it once

    def same_paragraph(first: int, second: int) -> bool:
        return "\n" not in text[sentences[first].end_char : sentences[second].start_char]

    result = []
    for attribution in attributions:
        # A quotation that began before the cue's sentence: back to its opening.
        begin = attribution.sentence
        while begin > 0 and same_paragraph(begin - 1, begin) and begin - 1 not in cued:
            if not _quote_open(text[sentences[begin - 1].start_char : sentences[attribution.sentence].start_char]):
                break
            begin -= 1
        scope = list(range(begin, attribution.sentence + 1))
        for index in range(attribution.sentence + 1, len(sentences)):
            opened = text[sentences[begin].start_char : sentences[index].start_char]
            if not same_paragraph(index - 1, index) or index in cued or not _quote_open(opened):
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
