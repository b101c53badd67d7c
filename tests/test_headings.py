"""Headings, names the model missed, and short forms of teams (issue 16):
headlines and datelines are read apart from the text under them, a name
the model found once is found again where it missed it, and a team named
after its town goes by its last word."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.tokens import Span

from newsgraph.extract.entities import heading_lines, headline_checked, repeated_names
from newsgraph.extract.extractor import line_pieces
from newsgraph.model import Article, Mention
from newsgraph.resolve.features import EntityProfile, name_containment
from newsgraph.resolve.within import named_after_place, resolve_within


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def span(doc, text: str, label: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    found = doc.char_span(start, start + len(text), label=label)
    assert found is not None, text
    return found


def test_line_pieces_cut_after_headings_and_datelines_only():
    text = (
        "Harbour Fire Destroys Warehouse\n"
        "Posted on Mon Mar 9 2026, 10:15 AM\n"
        "A fire destroyed a warehouse in\n"
        "Valdora on Monday, officials said.\n"
        "The mayor said that the port\n"
        "would reopen. Crews worked all night,\n"
        "Police said.\n"
    )
    pieces = line_pieces(text)
    assert "".join(pieces) == text
    assert pieces[0] == "Harbour Fire Destroys Warehouse\n"
    assert pieces[1] == "Posted on Mon Mar 9 2026, 10:15 AM\n"
    # prose wrapped by hand stays whole: after "in", before "would", after a comma
    assert pieces[2].startswith("A fire destroyed") and pieces[2].endswith("Police said.\n")
    assert len(pieces) == 3
    assert line_pieces("") == [""]
    assert line_pieces("One line only") == ["One line only"]


def test_a_heading_is_its_own_sentence(extractor):
    text = "Posted on Mon Mar 9 2026, 10:15 AM\nAngela Merkel visited a steel plant in Duisburg on Monday."
    extraction = extractor.extract(Article.create(published=date(2026, 3, 14), text=text))
    sentences = [text[s.start : s.end] for s in extraction.sentences]
    assert sentences[0] == "Posted on Mon Mar 9 2026, 10:15 AM\n"
    assert ("Angela Merkel", "PERSON") in {(m.text, m.type) for m in extraction.mentions}


def test_a_name_found_once_is_found_where_the_model_missed_it(blank):
    text = (
        "MARTA ZIELINSKA KEEPS HER TITLE\n"
        "Marta Zielinska kept her title, Orvane Media reported. Zielinska won in three sets, "
        "Orvane Media said. The zielinska rose grows here."
    )
    doc = blank(text)
    spans = [span(doc, "Marta Zielinska", "PERSON"), span(doc, "Orvane Media", "ORG")]
    taken = bytearray(len(doc))
    for s in spans:
        taken[s.start : s.end] = b"\x01" * len(s)
    found = {(s.text, s.label_, s.start_char) for s in repeated_names(doc, spans, taken)}
    assert ("MARTA ZIELINSKA", "PERSON", 0) in found  # the all-caps headline
    assert ("Zielinska", "PERSON", text.index("Zielinska won")) in found  # the surname alone
    assert ("Orvane Media", "ORG", text.index("Orvane Media said")) in found
    assert not any(t == "zielinska" for t, _, _ in found)  # not a name where written in lower case
    assert len(found) == 3


def test_a_heading_entity_that_runs_a_name_into_its_verb_is_cut_to_the_name(blank):
    text = "Zielinska Wins Third Title In Gdansk\nMarta Zielinska wins her third title in Gdansk on Saturday."
    doc = blank(text)
    assert heading_lines(text) == [(0, text.index("\n"))]
    run_on = span(doc, "Zielinska Wins Third Title", "PERSON")
    city = span(doc, "Gdansk", "GPE")
    kept, runs = headline_checked(text, [run_on, city], heading_lines(text))
    assert [s.text for s in kept] == ["Gdansk"]
    assert [(s.text, s.label_) for s in runs] == [("Zielinska", "PERSON")]
    # a heading name the text also writes in full stays as it is
    full = "Marta Zielinska Wins Again Today\nMarta Zielinska won again today."
    doc = blank(full)
    kept, runs = headline_checked(full, [span(doc, "Marta Zielinska", "PERSON")], heading_lines(full))
    assert [s.text for s in kept] == ["Marta Zielinska"] and runs == []
    # sentences and short lines are not headings
    assert heading_lines("The Mayor Resigned Today.\nShe Said\nthe mayor resigned today\n") == []


def test_a_team_named_after_its_town_goes_by_its_last_word():
    text = "The Jacksonville Jaguars lost again. The Jaguars said Norland Electronics paid. Electronics sold well."
    names = ["Jacksonville Jaguars", "Jaguars", "Norland Electronics", "Electronics"]
    mentions, cursor = [], 0
    for name, kind in ((name, "ORG") for name in names):
        start = text.index(name, cursor)
        cursor = start + len(name)
        mentions.append(Mention(start, cursor, name, kind, 0))
    links = resolve_within(text, mentions).links
    assert (links[1].name, links[1].rule) == ("Jacksonville Jaguars", "short_form")
    assert links[3].name == "Electronics" and links[3].rule == "self"  # not named after a place
    assert named_after_place("Kansas City Chiefs") and not named_after_place("Norland Electronics")


def test_a_team_and_its_last_word_are_contained_across_articles():
    team, short = EntityProfile(1, "ORG", "Jacksonville Jaguars"), EntityProfile(2, "ORG", "Jaguars")
    assert name_containment(team, short)[0] == 1.0
    maker, word = EntityProfile(3, "ORG", "Norland Electronics"), EntityProfile(4, "ORG", "Electronics")
    assert name_containment(maker, word)[0] == 0.0
