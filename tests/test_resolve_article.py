"""One article's resolution rows, made from the extraction in memory (pure;
no spaCy, no store): the same as from its mentions in stored order, with
indices that point into the extraction's own lists."""

from __future__ import annotations

import pickle
from datetime import date

from newsgraph.model import Article, Extraction, Mention, PersonRole, Timex
from newsgraph.resolve.article import named_entities, resolve_article, resolve_extraction

TEXT = (
    "Chief Executive Mara Quell of Tidewater Shipping met officials in Oslo on 2025-03-04.\n"
    "Quell said Tidewater would sign the accord. ### also spoke."
)


def mention(name: str, kind: str, sentence: int, after: int = 0) -> Mention:
    start = TEXT.index(name, after)
    return Mention(start, start + len(name), name, kind, sentence)


def test_rows_from_the_extraction_match_the_stored_order_and_point_into_its_own_lists():
    in_order = [
        mention("Mara Quell", "PERSON", 0),
        mention("Tidewater Shipping", "ORG", 0),
        mention("Oslo", "GPE", 0),
        mention("Quell", "PERSON", 1, TEXT.index("\n")),
        mention("Tidewater", "ORG", 1, TEXT.index("\n")),
        mention("###", "PERSON", 1),  # no name once normalised: no entity, no role
    ]
    shuffled = [in_order[i] for i in (3, 0, 5, 2, 4, 1)]  # the extractor's own order
    at = {m: i for i, m in enumerate(shuffled)}
    title = TEXT.index("Chief Executive")
    roles = [
        PersonRole(at[in_order[5]], "spoke", 0, 1, None, 1),
        PersonRole(at[in_order[0]], "Chief Executive", title, title + 15, at[in_order[1]], 0),
    ]
    article = Article.create(published=date(2025, 3, 5), text=TEXT, outlet="Harbour Ledger")
    timexes = (Timex(TEXT.index("2025"), TEXT.index("2025") + 10, "2025-03-04", "DATE", "2025-03-04", 0),)
    extraction = Extraction(article, mentions=tuple(shuffled), roles=tuple(roles), timexes=timexes)

    rows = resolve_extraction(extraction)
    stored = resolve_article(
        article.id,
        article.published,
        TEXT,
        article.outlet,
        in_order,
        [PersonRole(0, "Chief Executive", title, title + 15, 1, 0)],
        [],
        [("2025-03-04", "2025-03-04")],
    )
    # the same links, each mention index mapped back to the extraction's list
    assert sorted(((shuffled[r[0]].start, *r[1:]) for r in rows.links), key=repr) == sorted(
        ((in_order[r[0]].start, *r[1:]) for r in stored.links), key=repr
    )
    by_mention = {shuffled[r[0]].text: r for r in rows.links}
    assert by_mention["Quell"][2] == "Mara Quell" and by_mention["Quell"][4] == "short_form"
    assert by_mention["Tidewater"][2] == "Tidewater Shipping"
    assert "###" not in by_mention
    # the role the extractor found keeps its index, person and organisation
    assert [(r[0], shuffled[r[1]].text, r[3], r[6]) for r in rows.roles] == [
        (1, "Mara Quell", "Tidewater Shipping", "stated")
    ]
    assert rows.fingerprint == stored.fingerprint and rows.story_keys == stored.story_keys
    assert ("ORG", "tidewater shipping", "Tidewater Shipping") in named_entities(rows)
    # plain values only: what a worker sends back
    assert pickle.loads(pickle.dumps(rows)) == rows
