"""Which token heads a participant of an event: the subject of a verb
(through infinitives, conjuncts, purpose and participle clauses, raising
verbs, and pronouns standing for the sayer above them), the members a group
lists, the leaders of a delegation, and the body a people noun or a count
stands for ("officials of Indian arms makers" -> makers, "thousands of
dockworkers" -> dockworkers). Moved from ``event_roles.py`` as it was."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from newsgraph.extract.actors import can_act, load_plover, sector_lexicon
from newsgraph.extract.phrases import entity_of

RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Pronouns that may stand for the subject of the reporting verb above them
# ("the ministry said it would ...": the ministry), by what they can refer to.
PERSONAL_PRONOUNS = frozenset({"he", "she"})
THING_PRONOUNS = frozenset({"it", "they"})
LEADS = frozenset({"lead", "head", "chair"})
CLAUSE_SUBJECTS = frozenset({"nsubj", "csubj"})
# "after meeting X, Y ...": Y meets; "accused X of attacking": X attacks.
CLAUSE_PREPS = frozenset({"after", "before", "while", "since", "upon", "on", "by", "without", "despite"})
ACCUSED_OF = frozenset({"of", "for"})


@dataclass(frozen=True, slots=True)
class RoleLexicon:
    not_topics: frozenset[str]
    count_heads: frozenset[str]
    collective_heads: frozenset[str]
    arrival_verbs: frozenset[str]
    effect_verbs: frozenset[str]
    agent_verbs: frozenset[str]
    place_nouns: frozenset[str]
    content_nouns: frozenset[str]
    reporting_verbs: frozenset[str]


@cache
def role_lexicon() -> RoleLexicon:
    data = load_plover("patterns.yaml")
    return RoleLexicon(
        frozenset(data["not_topics"]),
        frozenset(data["partitive_heads"]["counts"]),
        frozenset(data["partitive_heads"]["collectives"]),
        frozenset(data["arrival_verbs"]),
        frozenset(data["effect_verbs"]),
        frozenset(data["agent_verbs"]),
        frozenset(data["place_nouns"]),
        frozenset(data["content_nouns"]),
        frozenset(load_plover("attribution.yaml")["verbs"]),
    )


def _objects(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]


def _is_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _governing_verb(noun: Token) -> Token | None:
    """The verb whose object (or the object of whose preposition) ``noun`` is."""
    for _ in range(5):
        if noun.dep_ not in {"dobj", "pobj", "prep", "conj", "appos", "dative"} or noun.head.i == noun.i:
            return None
        noun = noun.head
        if noun.pos_ in {"VERB", "AUX"}:
            return noun
    return None


def _reported_antecedent(pronoun: Token, verb: Token) -> Token:
    """ "the ministry said it would not withdraw the levy": a pronoun subject
    of a clause a reporting verb governs stands for that verb's subject, when
    it can ("he"/"she": a person; "it"/"they": not one); so does the pronoun
    subject of a relative clause on that verb's object ("Britain imposed
    sanctions on three men it accused of ...": Britain)."""
    word = pronoun.lower_
    if verb.dep_ == "relcl":
        governor = _governing_verb(verb.head)
    elif verb.dep_ == "ccomp" and verb.head.lemma_.lower() in role_lexicon().reporting_verbs:
        governor = verb.head
    else:
        return pronoun
    if governor is None:
        return pronoun
    # Only a sayer written before the pronoun: "They supplied ..., the ministry said" is not the ministry.
    sayers = [c for c in governor.children if c.dep_ == "nsubj" and c.pos_ in {"NOUN", "PROPN"} and c.i < pronoun.i]
    if not sayers:
        return pronoun
    person = sayers[0].ent_type_ == "PERSON"
    if (word in PERSONAL_PRONOUNS and person) or (word in THING_PRONOUNS and not person):
        return sayers[0]
    return pronoun


def _states_content(verb: Token) -> bool:
    """ "signed an agreement to jointly build": the verb's object is a
    document or plan whose content a to-infinitive states."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in role_lexicon().content_nouns for c in verb.children)


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``, or of the verb it is an infinitive, conjunct,
    purpose or participle clause of ("agreed to cooperate", "blocked roads to
    protest", "expelled ..., accusing them", "after meeting X, Y ..."); "urged
    X to sign": X; "X is expected to sign": the raising verb's passive
    subject; "accused X of attacking": X; "X said it would sign": X."""
    from_complement = False
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in CLAUSE_SUBJECTS]
        if not subjects and from_complement:
            subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            if subject.pos_ == "PRON":
                return _reported_antecedent(subject, verb)
            return subject
        participle = verb.dep_ == "advcl" and verb.tag_ == "VBG" and not any(c.dep_ == "mark" for c in verb.children)
        # "blocked roads to protest"; but "signed an agreement to build" states what the agreement provides.
        purpose = verb.dep_ == "advcl" and _is_infinitive(verb) and not _states_content(verb.head)
        governing = verb.head.head if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" else None
        controllers = [c for c in verb.head.children if c.dep_ == "dobj"] if verb.dep_ == "xcomp" else []
        if controllers and verb.head.pos_ == "VERB":
            return controllers[0]  # "urged the Commission to sign": the Commission signs
        if (verb.dep_ in {"xcomp", "conj"} or participle or purpose) and verb.head.i != verb.i:
            from_complement = verb.dep_ == "xcomp"
            verb = verb.head
        elif governing is not None and governing.pos_ == "VERB" and verb.head.lower_ in ACCUSED_OF:
            # "accused rebels of attacking": the one accused is the subject.
            objects = [c for c in governing.children if c.dep_ == "dobj"]
            return objects[0] if objects else None
        elif governing is not None and governing.pos_ == "VERB" and verb.head.lower_ in CLAUSE_PREPS:
            verb = governing  # "after meeting Scholz, Duda criticised ..."
        elif verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN"} and not _is_infinitive(verb):
            return verb.head
        else:
            return None
    return None


def _is_partitive_number(token: Token) -> bool:
    """ "three of his aides": a number that counts what follows "of"."""
    return token.pos_ == "NUM" and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *(c for c in token.conjuncts if c.pos_ in {"NOUN", "PROPN", "PRON"} or _is_partitive_number(c))]


def _members(token: Token) -> list[Token]:
    """Members a group lists: "makers including A and B", "firms such as A"."""
    members = []
    for child in token.children:
        such_as = child.lower_ == "as" and any(c.lower_ == "such" for c in child.children)
        if child.dep_ == "prep" and (child.lower_ in {"including", "like"} or such_as):
            members += [m for o in _objects(child) for m in _with_conjuncts(o)]
    return members


def _leaders(token: Token) -> list[Token]:
    """ "a delegation led by X": X."""
    return [
        p
        for acl in token.children
        if acl.dep_ == "acl" and acl.lemma_ in LEADS
        for agent in acl.children
        if agent.dep_ == "agent"
        for p in _objects(agent)
    ]


def _is_count(token: Token) -> bool:
    """ "thousands", "dozens", "$5 million": a count of what follows "of"/"in"."""
    return (
        token.lemma_.lower() in role_lexicon().count_heads
        or token.like_num
        or token.ent_type_ in {"CARDINAL", "MONEY", "QUANTITY"}
    )


def _is_partitive(token: Token) -> bool:
    """A count, or a collective ("a round", "a package") of what follows "of"."""
    return _is_count(token) or token.lemma_.lower() in role_lexicon().collective_heads


def _of_object(token: Token, preps: frozenset[str]) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            objects = [o for o in _objects(child) if o.pos_ in {"NOUN", "PROPN"}]
            if objects:
                return objects[0]
    return None


def _bodies(token: Token) -> list[Token]:
    """ "officials of Indian arms makers" -> makers, "Germany's leaders" ->
    Germany, "thousands of dockworkers" -> dockworkers (with the conjuncts of
    what follows "of" or of the owner); other tokens unchanged."""
    if entity_of(token, {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}) is not None:
        return [token]
    if token.lemma_.lower() in sector_lexicon().group_heads:
        body = _of_object(token, frozenset({"of", "from", "at"}))
        owners = [c for c in token.children if c.dep_ == "poss" and entity_of(c) is not None]
        if body is None and owners:  # "Germany's leaders" -> Germany
            return _with_conjuncts(owners[0])
    elif _is_partitive(token):
        body = _of_object(token, frozenset({"of"}))
        # "thousands of farmers" -> farmers; "a group of officials" -> officials;
        # but "a package of sanctions" stays a package.
        body = body if body is not None and (_is_count(token) or can_act(body)) else None
    else:
        body = None
    return [token] if body is None else _with_conjuncts(body)


def _named(body: Token) -> Token:
    """ "her rival, Piotr Zielinski", "drone maker Skyward Dynamics": the
    named apposition of an unnamed phrase."""
    if entity_of(body) is not None:
        return body
    appositions = [c for c in body.children if c.dep_ == "appos" and (entity_of(c) is not None or c.pos_ == "PROPN")]
    return appositions[0] if appositions else body
