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


def test_a_heading_joining_names_the_text_writes_apart_is_cut_to_those_names(blank):
    text = "Herons Edge Gulls In Extra Time\nThe visiting Herons scored late against the hapless Gulls on Sunday."
    doc = blank(text)
    joined = span(doc, "Herons Edge Gulls", "PERSON")
    herons = span(doc, "Herons", "ORG", nth=1)
    kept, runs = headline_checked(text, [joined, herons], heading_lines(text))
    assert [s.text for s in kept] == ["Herons"] and kept[0].start_char > text.index("\n")
    assert [s.text for s in runs] == ["Herons", "Gulls"]
    # one name the text writes is not enough to cut a heading entity it never writes whole
    single = "Herons Coach Ola Brandt Resigns\nOla Brandt resigned on Sunday."
    doc = blank(single)
    kept, runs = headline_checked(single, [span(doc, "Ola Brandt", "PERSON")], heading_lines(single))
    assert [s.text for s in kept] == ["Ola Brandt"] and runs == []


def test_a_team_named_after_its_town_is_found_again_by_its_last_word(blank):
    text = "The Kansas City Herons won at home. Later the Herons flew to Denver."
    doc = blank(text)
    team = span(doc, "Kansas City Herons", "ORG")
    taken = bytearray(len(doc))
    for i in range(team.start, team.end):
        taken[i] = 1
    found = repeated_names(doc, [team], taken)
    assert [(s.text, s.label_, s.start_char) for s in found] == [("Herons", "ORG", text.index("the Herons") + 4)]
    # a company not named after a place is not found by its last word
    text = "Norland Electronics paid. Electronics sold well."
    doc = blank(text)
    maker = span(doc, "Norland Electronics", "ORG")
    taken = bytearray(len(doc))
    taken[0] = taken[1] = 1
    assert repeated_names(doc, [maker], taken) == []


def _mentions(text: str, names: list[tuple[str, str]]) -> list[Mention]:
    mentions: list[Mention] = []
    for name, kind in names:
        start = text.index(name, mentions[-1].end if mentions else 0)
        mentions.append(Mention(start, start + len(name), name, kind, 0))
    return mentions


def test_one_name_of_an_article_takes_the_type_it_is_given_most():
    text = "Herons won. Herons fans sang. Herons coach Ola Brandt praised Herons."
    names = [("Herons", "ORG"), ("Herons", "ORG"), ("Herons", "PERSON"), ("Ola Brandt", "PERSON"), ("Herons", "ORG")]
    links = resolve_within(text, _mentions(text, names)).links
    assert [(link.type, link.name) for link in links if link.name == "Herons"] == [("ORG", "Herons")] * 4
    assert links[2].rule == "majority_type"
    # no type holds a majority: each stays as tagged
    tied = "Herons won. Herons sang."
    links = resolve_within(tied, _mentions(tied, [("Herons", "ORG"), ("Herons", "PERSON")])).links
    assert [link.type for link in links] == ["ORG", "PERSON"]
    # a word of another type is short for the team named after a place
    team = "The Kansas City Herons lost. Herons fans left early."
    links = resolve_within(team, _mentions(team, [("Kansas City Herons", "ORG"), ("Herons", "WORK_OF_ART")])).links
    assert (links[1].type, links[1].name, links[1].rule) == ("ORG", "Kansas City Herons", "short_form")


def test_a_surname_of_several_words_is_the_person_named_in_full():
    text = "Police arrested Ines van Osterby on Monday. Van Osterby denied the charges."
    links = resolve_within(text, _mentions(text, [("Ines van Osterby", "PERSON"), ("Van Osterby", "PERSON")])).links
    assert (links[1].name, links[1].rule) == ("Ines van Osterby", "short_form")
    tagged = resolve_within(text, _mentions(text, [("Ines van Osterby", "PERSON"), ("Van Osterby", "ORG")])).links
    assert (tagged[1].type, tagged[1].name) == ("PERSON", "Ines van Osterby")
    # a full name of two words inside a longer one is a name of its own, not a surname
    text = "Maren Ines Osterby spoke first. Ines Osterby, her cousin, spoke next."
    links = resolve_within(text, _mentions(text, [("Maren Ines Osterby", "PERSON"), ("Ines Osterby", "PERSON")])).links
    assert (links[1].name, links[1].rule) == ("Ines Osterby", "self")


def test_a_team_and_its_last_word_tagged_another_type_are_compared_and_merge_with_shared_context():
    from newsgraph.model import normalise_name
    from newsgraph.resolve.features import score_pair
    from newsgraph.resolve.keys import entity_keys, is_candidate

    def row(kind: str, name: str) -> tuple[str, str, str]:
        return (kind, name, normalise_name(name))

    shared = entity_keys("ORG", "Kansas City Herons") & entity_keys("PERSON", "Herons")
    assert is_candidate(row("ORG", "Kansas City Herons"), row("PERSON", "Herons"), shared)
    assert is_candidate(row("PERSON", "Herons"), row("ORG", "Kansas City Herons"), shared)
    # a company not named after a place and a person's surname are never compared across types
    other = entity_keys("ORG", "Norland Electronics") & entity_keys("PERSON", "Electronics")
    assert not is_candidate(row("ORG", "Norland Electronics"), row("PERSON", "Electronics"), other)
    context = frozenset({"ola brandt", "denver gulls", "arrowhead stadium"})
    team = EntityProfile(1, "ORG", "Kansas City Herons", co_mentions=context)
    word = EntityProfile(2, "PERSON", "Herons", co_mentions=context | {"playoffs"})
    assert score_pair(team, word).verdict == "positive"
    alone = EntityProfile(3, "PERSON", "Herons", co_mentions=frozenset({"opera", "vienna"}))
    assert score_pair(team, alone).verdict != "positive"  # without shared context a word is anyone's
