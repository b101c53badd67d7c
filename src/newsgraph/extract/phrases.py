"""Noun phrases and entities around a token: the text a role or a source is
given as. Shared by the attribution, quantity and event components."""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Span, Token

from newsgraph.model import EntityType

# Left dependents kept in a compact noun phrase: "major Indian defence
# companies"; numbers are left out ("two diplomats" -> "diplomats"): a count is
# a quantity, not part of who someone is.
MODIFIERS = frozenset({"amod", "compound", "nmod", "poss"})
MENTION_LABELS = frozenset(EntityType)


def entity_of(token: Token, labels: Collection[str] = MENTION_LABELS) -> Span | None:
    """The entity (of ``labels``) that ``token`` is part of."""
    if not token.ent_type_ or token.ent_type_ not in labels:
        return None
    # Walk the IOB tags rather than doc.ents, which builds every span anew.
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def entity_in(span: Span, labels: Collection[str]) -> Span | None:
    """The longest entity of ``labels`` inside ``span``, nearest the end on ties."""
    # Read from the span's own tokens: ``span.ents`` walks every entity of
    # the document, which made attribution quadratic in the article's length.
    doc, best = span.doc, None
    for i in range(span.start, span.end):
        token = doc[i]
        if token.ent_iob_ != "B" or token.ent_type_ not in labels:
            continue
        end = i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if end <= span.end and (best is None or end - i >= len(best)):
            best = Span(doc, i, end, label=token.ent_type_)
    return best


def _with_place_of(entity: Span) -> Span:
    """ "the Ministry of Foreign Affairs of Kazakhstan": an organisation the
    model cut before the "of <place>" that belongs to its name."""
    doc = entity.doc
    of = entity.end
    if entity.label_ != "ORG" or of + 1 >= len(doc) or doc[of].lower_ != "of" or doc[of].head not in entity:
        return entity
    place = entity_of(doc[of + 1], ("GPE",))
    if place is None or place.start != of + 1:
        return entity
    return Span(doc, entity.start, place.end, label=entity.label_)


def noun_phrase(token: Token) -> Span:
    """The entity ``token`` is part of (an organisation with the "of <place>"
    that completes its name), or its compact noun phrase: left modifiers
    (adjectives, compounds, possessives) and the head, no determiner and
    nothing after the head."""
    entity = entity_of(token)
    if entity is not None:
        return _with_place_of(entity)
    doc = token.doc
    left = token.i
    for child in token.lefts:
        if child.dep_ in MODIFIERS:
            left = min(left, child.left_edge.i)
    while left < token.i and (doc[left].is_punct or doc[left].dep_ in {"det", "predet", "cc", "case"}):
        left += 1
    return doc[left : token.i + 1]
