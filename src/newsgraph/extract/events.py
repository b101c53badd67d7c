"""Event component ``newsgraph_events_v1``: PLOVER-coded events.

Triggers come from ``knowledge/plover/patterns.yaml``: one-word verb and noun
lemmas through a ``PhraseMatcher``, verb + object, verb + particle and noun +
modifier pairs through the parse (``PairFinder``; a verb + object pair also
matches through a figure: "pledged $5 million in aid"), all built once when
the component is made. A two-word match wins over a one-word one on the same
token. A one-word noun that modifies the object of a two-word pattern
("signed cooperation documents") is no event, nor is a listed stock phrase
("a request for comment"). Roles come from ``event_roles``, modality from ``modality``, the
attribution from the sentence (``attribution.attribution_for_sentence``) and
the time from the sentence's timexes (``Doc._.timexes``): the one whose parse
attaches to the trigger's clause, else the nearest DATE or TIME in the
sentence.

One event per sentence, type and mode: triggers that repeat one another in a
sentence ("held talks ... the talks") are merged, their participants united.
Sentences without a verb (headings) give no events. Evidence is the
sentence's text and character offsets.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace

import numpy as np
from spacy.attrs import LEMMA, POS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token

from newsgraph.extract.actors import country_and_sector, load_plover
from newsgraph.extract.dyad import code_events
from newsgraph.extract.event_anchors import attribution_for, timex_for
from newsgraph.extract.event_checks import (
    accusation_content,
    accusation_denied,
    check_lexicon,
    checked_roles,
    denial_of_its_charge,
    find_dateline,
    lend_recipients,
)
from newsgraph.extract.event_roles import RoleRules, Trigger, find_roles
from newsgraph.extract.flags import string_ids
from newsgraph.extract.modality import event_modality
from newsgraph.extract.phrases import entity_of
from newsgraph.model import Event, EventParticipant, Modality, NewsgraphError, RoleName, Timex

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)
# The events as stated, before the coding conventions (``dyad.code_events``)
# turned some into the relation they express: the dyad coder starts from these.
if not Doc.has_extension("stated_events"):
    Doc.set_extension("stated_events", default=None)

VERB_TAGS = {"POS": {"IN": ["VERB"]}}
NOUN_TAGS = {"POS": {"IN": ["NOUN", "PROPN"]}}
OBJECT_DEPS = ["dobj", "nsubjpass", "attr", "pobj"]
# (pattern kind in patterns.yaml, dependency labels of the child, key of its words)
PAIR_KINDS = (
    ("verb_object", OBJECT_DEPS, "objects"),
    ("verb_particle", ["prt", "prep"], "particles"),
    ("noun_modifier", ["amod", "compound", "nmod"], "modifiers"),
    ("verb_modifier", ["advmod"], "modifiers"),
    # "went on strike": the object of a preposition of the verb.
    ("verb_prep_object", ["prep"], "objects"),
)
# Kinds whose child word is matched by its form, not its lemma.
BY_FORM = frozenset({"verb_particle", "verb_modifier"})
# "pledged $5 million in aid": the figure stands between verb and object.
MEASURE_TYPES = frozenset({"MONEY", "CARDINAL", "QUANTITY"})
MEASURE_DEPS = frozenset({"dobj", "nsubjpass"})
MEASURE_PREPS = frozenset({"in", "of", "worth"})
DATED = frozenset({"DATE", "TIME"})


class PatternError(NewsgraphError):
    """A trigger entry of patterns.yaml is malformed."""

    def __init__(self, entry: int, reason: str) -> None:
        super().__init__(f"knowledge/plover/patterns.yaml, trigger {entry}: {reason}")


@dataclass(frozen=True, slots=True)
class Entry:
    """One trigger entry of patterns.yaml."""

    type: str
    mode: str | None
    context: tuple[str, ...]
    rules: RoleRules
    # Whether the pattern's object stays free to be its own event ("postponed
    # a visit": the visit is still coded).
    keeps_object: bool = False


@dataclass(slots=True)
class Draft:
    entry: Entry
    triggers: list[Token]
    others: list[Token] = field(default_factory=list)
    confidence: float = 0.0


def _lemmas(words: list[str], entry: int) -> dict[str, list[str]]:
    # YAML 1.1 reads a bare on/off/yes/no as a boolean: quote such words.
    if not all(isinstance(w, str) for w in words):
        raise PatternError(entry, f"non-string word in {words!r} (quote on/off/yes/no)")
    return {"IN": sorted(set(words))}


def _role(table: dict[str, str], etype: str, default: RoleName) -> RoleName:
    return RoleName(table.get(etype, default))


def _optional_role(table: dict[str, str], etype: str) -> RoleName | None:
    return RoleName(table[etype]) if etype in table else None


class PairFinder:
    """The two-word triggers of a document: (trigger entry, head, child)
    for each head word with a child of its kind's dependency and a listed
    (head, child) pair, and for a verb whose object is a figure, the noun of
    the figure's "in"/"of"/"worth" ("pledged $5 million in aid").

    The candidate heads are found at once from the token arrays (their lemma
    in a kind's head words, their part of speech), and only their children
    are looked at: spaCy's DependencyMatcher would test every pattern's word
    lists against every token in Python."""

    def __init__(
        self, strings: StringStore, heads: dict[str, set[str]], entries: dict[tuple[str, str, str], list[int]]
    ) -> None:
        self.entries = entries
        self.kinds = [(kind, frozenset(deps)) for kind, deps, _ in PAIR_KINDS if heads[kind]]
        self.verb_heads = string_ids(
            strings, (w for kind, _ in self.kinds if kind != "noun_modifier" for w in heads[kind])
        )
        self.noun_heads = string_ids(strings, heads["noun_modifier"])
        self.verb = strings.add(VERB_TAGS["POS"]["IN"][0])
        self.nouns = string_ids(strings, NOUN_TAGS["POS"]["IN"])

    def _heads(self, doc: Doc) -> list[int]:
        columns = doc.to_array([LEMMA, POS]).reshape(len(doc), 2).astype("uint64")
        verbs = (columns[:, 1] == self.verb) & np.isin(columns[:, 0], self.verb_heads)
        nouns = np.isin(columns[:, 1], self.nouns) & np.isin(columns[:, 0], self.noun_heads)
        return np.flatnonzero(verbs | nouns).tolist()

    def __call__(self, doc: Doc) -> set[tuple[int, int, int]]:
        found: set[tuple[int, int, int]] = set()
        for i in self._heads(doc):
            head = doc[i]
            kinds = [(k, d) for k, d in self.kinds if (k == "noun_modifier") == (head.pos_ != "VERB")]
            for child in head.children:
                for kind, deps in kinds:
                    if kind == "verb_prep_object":
                        if child.dep_ in deps:
                            for noun in child.children:
                                if noun.dep_ == "pobj":
                                    for entry in self.entries.get((kind, head.lemma_, noun.lemma_), ()):
                                        found.add((entry, i, noun.i))
                    elif child.dep_ in deps and not _dated_preposition(child, kind):
                        # Lower-cased: headlines write "Lifts Travel Ban".
                        word = child.lower_ if kind in BY_FORM else child.lemma_.lower()
                        for entry in self.entries.get((kind, head.lemma_, word), ()):
                            found.add((entry, i, child.i))
                if head.pos_ == "VERB" and child.ent_type_ in MEASURE_TYPES and child.dep_ in MEASURE_DEPS:
                    for prep in child.children:
                        if prep.dep_ == "prep" and prep.lower_ in MEASURE_PREPS:
                            for noun in prep.children:
                                for entry in self.entries.get(("verb_object", head.lemma_, noun.lemma_), ()):
                                    found.add((entry, i, noun.i))
        return found


def _dated_preposition(child: Token, kind: str) -> bool:
    """ "called Erdogan on Saturday": a preposition whose object is a date is
    no particle of the verb ("called on" the government is)."""
    return kind == "verb_particle" and child.dep_ == "prep" and any(o.ent_type_ in DATED for o in child.children)


class EventFinder:
    def __init__(self, nlp: Language) -> None:
        data = load_plover("patterns.yaml")
        self.version = data["version"]
        self.support_verbs = frozenset(data["support_verbs"])
        self.contexts = {name: frozenset(words) for name, words in data["contexts"].items()}
        self.not_events = {(e["trigger"], e["object"]) for e in data["not_events"]}
        self.natural_hazards = frozenset(data["natural_hazards"])
        obstacles = data.get("natural_obstacles") or {}
        self.collision_verbs = frozenset(obstacles.get("verbs", ()))
        self.natural_obstacles = frozenset(obstacles.get("objects", ()))
        self.checks = check_lexicon()
        self.denial_verbs = frozenset(load_plover("modality.yaml")["denial"]["verbs"])
        self.continuing_subjects = frozenset(data["continuing"]["subjects"])
        self.continuing_types = frozenset(data["continuing"]["types"])
        roles = data["roles"]
        self.entries: list[Entry] = []
        # One-word triggers: a lemma look-up (PhraseMatcher) then a POS check,
        # far cheaper than a token Matcher trying every pattern at every token.
        self.single = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.single_tags: dict[str, frozenset[str]] = {}
        self.pair_entries: dict[tuple[str, str, str], list[int]] = {}
        heads: dict[str, set[str]] = {kind: set() for kind, _, _ in PAIR_KINDS}
        for index, spec in enumerate(data["triggers"]):
            etype = spec["type"]
            rules = RoleRules(
                compound_role=RoleName(spec.get("compound_role", "actor")),
                of_role=_role(roles["of"], etype, RoleName.ACTOR),
                on_role=_role(roles["on"], etype, RoleName.TOPIC),
                object_role=_role(roles["object"], etype, RoleName.RECIPIENT),
                from_role=_optional_role(roles["from"], etype),
                clause_subject_role=_optional_role(roles["clause_subject"], etype),
                recipient_can_act=etype in roles["recipient_can_act"],
                own_object_role=RoleName(spec["object_role"]) if "object_role" in spec else None,
            )
            self.entries.append(
                Entry(etype, spec.get("mode"), tuple(spec.get("context", ())), rules, spec.get("object_is") == "event")
            )
            for words_key, tags in (("verbs", VERB_TAGS), ("nouns", NOUN_TAGS)):
                if words_key in spec:
                    lemmas = _lemmas(spec[words_key], index)["IN"]
                    patterns = [Doc(nlp.vocab, words=[lemma], lemmas=[lemma]) for lemma in lemmas]
                    self.single.add(f"{index}:{words_key}", patterns)
                    self.single_tags[f"{index}:{words_key}"] = frozenset(tags["POS"]["IN"])
            for kind, _deps, child_key in PAIR_KINDS:
                if kind not in spec:
                    continue
                head_key = "nouns" if kind == "noun_modifier" else "verbs"
                heads[kind].update(_lemmas(spec[kind][head_key], index)["IN"])
                _lemmas(spec[kind][child_key], index)  # checks the words
                for head_word in spec[kind][head_key]:
                    for child_word in spec[kind][child_key]:
                        self.pair_entries.setdefault((kind, head_word, child_word), []).append(index)
        self.pairs = PairFinder(nlp.vocab.strings, heads, self.pair_entries)

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = self.find(doc)
        return doc

    def _drafts(self, doc: Doc) -> list[Draft]:
        chosen: dict[int, Draft] = {}
        taken: set[int] = set()
        pairs = sorted(self.pairs(doc))
        pair_types = {(head_i, self.entries[e].type) for e, head_i, _ in pairs}
        for entry_index, head_i, child_i in pairs:
            entry = self.entries[entry_index]
            # "launched a scathing attack": the object's own pattern of another type wins.
            if any(h == child_i and t != entry.type for h, t in pair_types):
                continue
            head, child = doc[head_i], doc[child_i]
            if head.i not in chosen or chosen[head.i].confidence < 0.9:
                chosen[head.i] = Draft(entry, [head], [child], 0.9)
                if not entry.keeps_object:
                    taken.add(child.i)
        singles = []
        for match_id, start, _end in self.single(doc):
            key = doc.vocab.strings[match_id]
            if doc[start].pos_ in self.single_tags[key]:
                singles.append((start, int(key.split(":")[0])))
        for start, entry_index in sorted(singles):
            if start in chosen or start in taken:
                continue
            token = doc[start]
            # "the disputed frontier": a bare participle used as an adjective
            # states no event ("EU-mediated talks" names its actor and does).
            if token.pos_ == "VERB" and token.dep_ == "amod" and not any(True for _ in token.children):
                continue
            # "signed 12 cooperation documents": the modified noun's pattern is the event.
            modifies_taken = token.dep_ == "compound" and token.head.i in taken
            if token.pos_ != "VERB" and (modifies_taken or self._stock_phrase(token)):
                continue
            if token.pos_ == "VERB" and self._no_event_object(token):
                continue
            entry = self.entries[entry_index]
            chosen[start] = Draft(entry, [token], [], 0.8 if token.pos_ == "VERB" else 0.7)
        drafts = [chosen[i] for i in sorted(chosen)]
        return [d for d in drafts if not _purpose_of_same_type(d, chosen)]

    def _continues(self, draft: Draft, sentence: int, merged: dict[tuple[int, str, str | None], Draft]) -> bool:
        """ "They discussed reform ...": a verb of a `continuing` type whose
        subject is a pronoun for the parties of an event of the same type in
        one of the two sentences before tells more about that event; it is
        not another one."""
        token = draft.triggers[0]
        if (
            draft.entry.type not in self.continuing_types
            or token.pos_ != "VERB"
            or not any(c.dep_ == "nsubj" and c.lower_ in self.continuing_subjects for c in token.children)
        ):
            return False
        return any(key[0] in {sentence - 1, sentence - 2} and key[1] == draft.entry.type for key in merged)

    def _no_event_object(self, verb: Token) -> bool:
        """ "released a statement": a listed (trigger, object) pair that is no
        event; "an earthquake struck": a natural hazard as the subject; "the
        ferry struck a sandbank": a natural obstacle as the object."""
        lemma = verb.lemma_.lower()
        return (
            any((lemma, o.lemma_.lower()) in self.not_events for o in verb.children if o.dep_ in {"dobj", "nsubjpass"})
            or self._by_hazard(verb)
            or any(
                o.dep_ == "dobj" and lemma in self.collision_verbs and o.lemma_.lower() in self.natural_obstacles
                for o in verb.children
            )
        )

    def _by_hazard(self, verb: Token) -> bool:
        """Whether a natural hazard does what ``verb`` tells: as its subject
        ("an earthquake struck"), as the subject it shares with the verb it
        depends on ("an earthquake struck, killing 42"), as the noun a
        relative clause describes ("the quake, which killed 71"), or as the
        cause of a verb with no active subject ("people killed in an
        earthquake", "destroyed by the storm"; not "rebels attacked the town
        in the storm")."""
        for _ in range(3):
            subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if any(c.dep_ == "nsubj" and c.lemma_.lower() in self.natural_hazards for c in subjects):
                return True
            causes = [
                o
                for c in verb.children
                if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in {"in", "by"})
                for o in c.children
                if o.dep_ == "pobj"
            ]
            passive = not any(c.dep_ == "nsubj" for c in subjects)  # "killed in the storm", not "attacked in the storm"
            if passive and any(o.lemma_.lower() in self.natural_hazards for o in causes):
                return True
            if verb.dep_ == "relcl" and any(c.tag_ == "WDT" for c in subjects):
                return verb.head.lemma_.lower() in self.natural_hazards
            if not subjects and verb.tag_ in {"VBD", "VBZ", "VBP"} and self._hazard_before(verb):
                return True
            if subjects or verb.dep_ not in {"advcl", "conj", "xcomp"} or verb.head.i == verb.i:
                return False
            verb = verb.head
        return False

    def _hazard_before(self, verb: Token) -> bool:
        """A finite verb the parser left without a subject ("after an
        earthquake of magnitude 6.1 struck the district"): whether the noun
        phrase right before it names a natural hazard."""
        if verb.i == verb.sent.start:
            return False
        token = verb.doc[verb.i - 1]
        for _ in range(4):
            if token.lemma_.lower() in self.natural_hazards:
                return True
            if token.dep_ not in {"nummod", "compound", "amod", "pobj", "prep"} or token.head.i >= verb.i:
                return False
            token = token.head
        return False

    def _stock_phrase(self, token: Token) -> bool:
        """ "a request for comment": a listed (trigger, object) pair that is no event."""
        lemma = token.lemma_.lower()
        return any(
            (lemma, o.lemma_.lower()) in self.not_events
            for prep in token.children
            if prep.dep_ == "prep"
            for o in prep.children
            if o.dep_ == "pobj"
        )

    def find(self, doc: Doc) -> list[Event]:
        sentences = list(doc.sents)
        starts = [s.start for s in sentences]
        attributions = doc._.attributions if Doc.has_extension("attributions") else None
        timexes: list[Timex] = (doc._.timexes if Doc.has_extension("timexes") else None) or []
        doc._.dateline = find_dateline(doc, self.checks)
        story_start = doc._.dateline[2] if doc._.dateline else 0
        # A dateline's date is the story's, not an event's time.
        timexes = [t if t.start >= story_start else replace(t, type="DATELINE") for t in timexes]
        merged: dict[tuple[int, str, str | None], Draft] = {}
        for draft in self._drafts(doc):
            token = draft.triggers[0]
            sentence_index = bisect_right(starts, token.i) - 1
            if not any(t.pos_ in {"VERB", "AUX"} for t in sentences[sentence_index]):
                continue
            if self._continues(draft, sentence_index, merged):
                continue
            key = (sentence_index, draft.entry.type, draft.entry.mode)
            if key in merged:
                kept = merged[key]
                # The most specific trigger leads: it decides modality and offsets.
                first, second = (draft, kept) if draft.confidence > kept.confidence else (kept, draft)
                kept.triggers = first.triggers + second.triggers
                kept.others = first.others + second.others
                kept.confidence = first.confidence
            else:
                merged[key] = draft
        events: list[Event] = []
        for (sentence_index, _type, _mode), draft in merged.items():
            sentence = sentences[sentence_index]
            attribution = attribution_for(draft.triggers, attributions, sentence_index)
            event = self._event(doc, draft, sentence, sentence_index, attribution, timexes, story_start)
            if any(_is_definite(t) for t in [*draft.triggers, *draft.others]):
                event = _with_antecedent(event, events)
            events.append(event)
        doc._.stated_events = lend_recipients(doc, events, self.checks.lending_types)
        return code_events(doc, doc._.stated_events)

    def _event(
        self,
        doc: Doc,
        draft: Draft,
        sentence: Span,
        index: int,
        attribution: int | None,
        timexes: list[Timex],
        story_start: int,
    ) -> Event:
        participants: dict[tuple[str, int, int], EventParticipant] = {}
        countries: dict[tuple[int, int], str | None] = {}
        siblings = frozenset(t.i for t in draft.triggers)
        for token in draft.triggers:
            trigger = Trigger(
                token,
                tuple(o for o in draft.others if token in o.ancestors or token.head.i == o.i),
                draft.entry.rules,
                self.support_verbs,
                siblings,
            )
            for role_span in checked_roles(find_roles(trigger), token, story_start, self.checks):
                span = role_span.span
                entity = entity_of(span.root)
                label = entity.label_ if entity is not None and entity.start == span.start else None
                country, sector = country_and_sector(doc, span, label)
                if role_span.inherited_country_from is not None and country is None:
                    group = role_span.inherited_country_from
                    country = countries.get((group.start, group.end))
                countries[(span.start, span.end)] = country
                key = (role_span.role, span.start_char, span.end_char)
                participants.setdefault(
                    key,
                    EventParticipant(
                        role=str(role_span.role),
                        text=span.text,
                        start=span.start_char,
                        end=span.end_char,
                        entity_type=label,
                        country=country,
                        sector=sector,
                    ),
                )
        first = draft.triggers[0]
        modality = event_modality(draft.triggers[:1], attribution is not None, self.support_verbs)
        accusing = accusation_content(first, self.checks)
        if accusing is not None and modality in {Modality.ASSERTED, Modality.REPORTED}:
            denied = accusation_denied(accusing, self.checks, self.denial_verbs)
            modality = Modality.DENIED if denied else Modality.REPORTED
        elif modality is Modality.DENIED and denial_of_its_charge(first, self.checks, self.denial_verbs):
            modality = Modality.REPORTED if attribution is not None else Modality.ASSERTED
        confidence = draft.confidence - (0.0 if any(p.role == "actor" for p in participants.values()) else 0.1)
        return Event(
            type=draft.entry.type,
            mode=draft.entry.mode,
            context=self._context(draft, sentence),
            modality=str(modality),
            trigger=first.text,
            trigger_start=first.idx,
            trigger_end=first.idx + len(first.text),
            sentence=index,
            start=sentence.start_char,
            end=sentence.end_char,
            participants=tuple(participants.values()),
            timex=timex_for(doc, draft.triggers, index, timexes),
            attribution=attribution,
            confidence=round(confidence, 2),
        )

    def _context(self, draft: Draft, sentence: Span) -> tuple[str, ...]:
        tags = list(draft.entry.context)
        lemmas = {t.lemma_.lower() for t in sentence}
        for name, words in self.contexts.items():
            if name not in tags and lemmas & words:
                tags.append(name)
        return tuple(tags)


DEFINITE = frozenset({"the", "these", "those", "this", "that"})
PURPOSE_DEPS = frozenset({"xcomp", "advcl", "acl", "relcl"})


def _purpose_of_same_type(draft: Draft, chosen: dict[int, Draft]) -> bool:
    """ "visited Moscow to discuss ...": a mode-less verb in the purpose
    clause of a trigger of the same type is that event, not another one; so
    is a verb whose subject is a trigger of its type ("a drone strike hit")."""
    token = draft.triggers[0]
    if token.pos_ != "VERB":
        return False
    # "a drone strike hit a depot": the strike is the event, "hit" its effect.
    for child in token.children:
        subject = chosen.get(child.i) if child.dep_ == "nsubj" else None
        if subject is not None and subject.entry.type == draft.entry.type:
            return True
    if draft.entry.mode is not None or token.dep_ not in PURPOSE_DEPS:
        return False
    governor = chosen.get(token.head.i)
    return governor is not None and governor is not draft and governor.entry.type == draft.entry.type


INHERITED_ROLES = (RoleName.ACTOR, RoleName.RECIPIENT, RoleName.LOCATION)


def _is_definite(trigger: Token) -> bool:
    """ "the talks", "the meetings": a nominal trigger that refers back."""
    return trigger.pos_ in {"NOUN", "PROPN"} and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in trigger.children)


def _with_antecedent(event: Event, earlier: list[Event]) -> Event:
    """Event coreference for definite nominal triggers: the latest earlier
    event of the same type and mode is the same event, so roles this mention
    leaves empty (or fills only with unnamed phrases such as "the officials")
    and its time are carried over, marked with ``inherited_from``."""
    candidates = [
        i for i, e in enumerate(earlier) if (e.type, e.mode) == (event.type, event.mode) and e.sentence < event.sentence
    ]
    if not candidates:
        return event
    index = candidates[-1]
    antecedent = earlier[index]
    participants = list(event.participants)
    for role in INHERITED_ROLES:
        own = [p for p in participants if p.role == role]
        if own and any(p.entity_type or p.country for p in own):
            continue
        participants += [replace(p, inherited_from=index) for p in antecedent.participants if p.role == role]
    timex = event.timex if event.timex is not None else antecedent.timex
    return replace(event, participants=tuple(participants), timex=timex)


@Language.factory(
    "newsgraph_events_v1",
    assigns=["doc._.events"],
    requires=["doc.ents", "token.dep", "token.lemma", "doc._.attributions"],
)
def make_events(nlp: Language, name: str) -> EventFinder:
    return EventFinder(nlp)
