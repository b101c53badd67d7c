"""Resolution within one article: short forms, abbreviations, metonyms,
places and roles (pure; no spaCy)."""

from __future__ import annotations

import json
from collections import defaultdict

from newsgraph.model import Mention, PersonRole
from newsgraph.resolve.gazetteer import country_name, lookup
from newsgraph.resolve.within import resolve_within

from .conftest import FIXTURES


def build(case: dict) -> tuple[str, list[Mention], list[PersonRole], list[str]]:
    """Mentions located by their text, in order of appearance."""
    text = case["text"]
    mentions, keys, cursor = [], [], defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    for name, kind, sentence in case["mentions"]:
        start = text.index(name, cursor[name])
        while text[start + len(name) : start + len(name) + 1].isalpha():
            start = text.index(name, start + 1)
        cursor[name] = start + 1
        mentions.append(Mention(start, start + len(name), name, kind, sentence))
        keys.append(f"{name}@{counts[name]}")
        counts[name] += 1
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    mentions = [mentions[i] for i in order]
    keys = [keys[i] for i in order]
    roles = []
    for person, title, organisation in case["roles"]:
        p = next(i for i, m in enumerate(mentions) if m.text == person)
        o = None if organisation is None else next(i for i, m in enumerate(mentions) if m.text == organisation)
        start = text.index(title)
        roles.append(PersonRole(p, title, start, start + len(title), o, mentions[p].sentence))
    return text, mentions, roles, keys


def test_short_forms_abbreviations_metonyms_and_places_link_as_expected():
    case = json.loads((FIXTURES / "resolve" / "within.json").read_text(encoding="utf-8"))
    text, mentions, roles, keys = build(case)
    resolved = resolve_within(text, mentions, roles)
    got = {keys[link.mention]: [link.type, link.name, link.rule] for link in resolved.links}
    for key, expected in case["expected"].items():
        assert got[key] == expected, key


def test_location_keeps_its_country_and_metonym_takes_it():
    case = json.loads((FIXTURES / "resolve" / "within.json").read_text(encoding="utf-8"))
    text, mentions, roles, keys = build(case)
    links = {keys[link.mention]: link for link in resolve_within(text, mentions, roles).links}
    assert links["Moscow@0"].country == "RUS" and links["Moscow@0"].rule == "location"
    assert links["Moscow@1"].country == "RUS" and links["Moscow@1"].name == "Russia"


def test_roles_get_a_resolved_organisation_or_country():
    case = json.loads((FIXTURES / "resolve" / "within.json").read_text(encoding="utf-8"))
    text, mentions, roles, _ = build(case)
    by_person = {r.person[1]: r for r in resolve_within(text, mentions, roles).roles}
    secretary = by_person["Sanjeev Kumar"]
    assert secretary.organisation == ("GPE", "India") and secretary.rule == "article_country"
    chief = by_person["Ashish Rajvanshi"]
    assert chief.organisation == ("ORG", "Adani Defence and Aerospace") and chief.rule == "stated"


def test_surname_shared_by_two_people_links_to_the_nearest_earlier_one():
    text = (
        "Secretary Rajiv Malhotra spoke. Malhotra said yes. Vikram Malhotra, a chief executive, agreed. Malhotra left."
    )
    names = [("Rajiv Malhotra", 0), ("Malhotra", 1), ("Vikram Malhotra", 2), ("Malhotra", 3)]
    mentions, cursor = [], 0
    for name, sentence in names:
        start = text.index(name, cursor)
        cursor = start + len(name)
        mentions.append(Mention(start, cursor, name, "PERSON", sentence))
    links = resolve_within(text, mentions).links
    assert [links[1].name, links[3].name] == ["Rajiv Malhotra", "Vikram Malhotra"]


def test_unknown_single_names_and_the_company_stay_themselves():
    text = "Brightwater said the company would hire. Brightwater Software Ltd is based in Leeds."
    mentions = [Mention(0, 11, "Brightwater", "ORG", 0), Mention(41, 65, "Brightwater Software Ltd", "ORG", 1)]
    links = resolve_within(text, mentions).links
    assert links[0].name == "Brightwater Software Ltd" and links[0].rule == "short_form"
    assert all("company" not in link.name for link in links)


def test_gazetteer_reads_capitals_demonyms_and_aliases():
    assert lookup("New Delhi").kind == "capital" and lookup("New Delhi").country == "IND"
    assert lookup("Russian").kind == "demonym" and country_name("RUS") == "Russia"
    assert lookup("U.S.").country == "USA" and lookup("Sanjeev Kumar") is None


def test_a_headline_run_on_and_a_span_across_lines_resolve_to_the_name_inside():
    from newsgraph.model import Mention
    from newsgraph.resolve.within import resolve_within

    headline = "Mara Velez Signs With Porto Club"
    tail = "Ferry Flaw Hits All Routes\nHarbour Eagles"
    text = f"{headline}\nStriker Mara Velez joined the Harbour Eagles. Velez said so.\n{tail}"

    def at(name: str, kind: str, sentence: int, start: int = 0) -> Mention:
        begin = text.index(name, start)
        return Mention(begin, begin + len(name), name, kind, sentence)

    mentions = [
        at(headline, "PERSON", 0),
        at("Mara Velez", "PERSON", 1, len(headline)),
        at("Harbour Eagles", "ORG", 1),
        at(tail, "ORG", 3),
    ]
    links = resolve_within(text, mentions).links
    assert (links[0].name, links[0].rule) == ("Mara Velez", "headline")
    assert (links[3].type, links[3].name, links[3].rule) == ("ORG", "Harbour Eagles", "line_break")
    # a team named after a town in the headline is not taken for the town, nor a firm for its founder
    team = "Kansas Mills Rovers Win"
    firm = "Ana Soto Holdings"
    other = f"{team}\n{firm} said Ana Soto founded it in Kansas Mills."
    people = [
        Mention(0, len(team), team, "ORG", 0),
        Mention(other.index(firm), other.index(firm) + len(firm), firm, "ORG", 1),
        Mention(other.index("Ana Soto f"), other.index("Ana Soto f") + 8, "Ana Soto", "PERSON", 1),
    ]
    assert [link.rule for link in resolve_within(other, people).links][:2] == ["self", "self"]


def _links_of(text: str, names: list[tuple[str, str]]):
    mentions = []
    for name, kind in names:
        start = text.index(name, mentions[-1].end if mentions else 0)
        mentions.append(Mention(start, start + len(name), name, kind, 0))
    return resolve_within(text, mentions).links


def test_a_capital_is_its_country_only_as_actor_never_as_place_or_modifier():
    downtown = _links_of("Riot police fired tear gas in downtown Athens on Sunday.", [("Athens", "GPE")])
    assert (downtown[0].name, downtown[0].rule) == ("Athens", "location")
    store = _links_of("Thieves emptied a Paris jewellery store overnight.", [("Paris", "GPE")])
    assert (store[0].name, store[0].rule) == ("Paris", "location")
    actor = _links_of("Athens said the loan terms were unacceptable.", [("Athens", "GPE")])
    assert (actor[0].name, actor[0].rule) == ("Greece", "metonym")


def test_a_town_stays_apart_from_the_team_named_after_it():
    text = "The Lakeport Herons beat the visitors 3-1. Fans in Lakeport celebrated with bonfires across Lakeport."
    links = _links_of(text, [("Lakeport Herons", "ORG"), ("Lakeport", "GPE"), ("Lakeport", "GPE")])
    assert [(link.type, link.name) for link in links] == [
        ("ORG", "Lakeport Herons"),
        ("GPE", "Lakeport"),
        ("GPE", "Lakeport"),
    ]


def test_a_person_s_name_tagged_a_place_or_an_organisation_is_the_person():
    text = (
        "Harbour pilot Maren Osterby retired on Friday. Colleagues said Maren Osterby had guided 4,000 ships; "
        "Osterby thanked the crews. Ferries of the Osterby Line sailed on."
    )
    links = _links_of(
        text,
        [("Maren Osterby", "PERSON"), ("Maren Osterby", "GPE"), ("Osterby", "PERSON"), ("Osterby Line", "ORG")],
    )
    assert [(link.type, link.name, link.rule) for link in links[:3]] == [
        ("PERSON", "Maren Osterby", "self"),
        ("PERSON", "Maren Osterby", "person_name"),
        ("PERSON", "Maren Osterby", "short_form"),
    ]
    assert (links[3].type, links[3].name) == ("ORG", "Osterby Line")  # a company named after her stays itself


def test_a_capital_in_a_dateline_after_of_or_after_the_capital_is_the_place():
    def rule(text: str, name: str) -> str:
        return _links_of(text, [(name, "GPE")])[0].rule

    assert rule("ATHENS — Dock workers walked out on Monday.", "ATHENS") == "location"
    assert rule("Intro line.\nMoscow, Russia: Markets fell.", "Moscow") == "location"
    assert rule("The quake struck 300 km south of Tehran overnight.", "Tehran") == "location"
    assert rule("Crowds filled the streets of Athens.", "Athens") == "location"
    assert rule("Voters in the capital, Ashgabat, queued early.", "Ashgabat") == "location"
    assert rule("A fire hit a bank on Stadiou Street, downtown Athens.", "Athens") == "location"
    assert rule("Moscow said the talks would resume.", "Moscow") == "metonym"  # an actor still stands for Russia


def test_a_dateline_with_its_date_and_agency_is_a_place_named_as_the_text_writes_it():
    agency = _links_of("LISBON, Nov 29 (Harbour Wire) - Dockers walked out on Saturday.", [("LISBON", "GPE")])
    assert (agency[0].type, agency[0].name, agency[0].rule) == ("GPE", "Lisbon", "location")
    # the spelling of running text wins over the dateline's capitals; particles stay lower case
    written = _links_of("OSLO — Ferries stopped. Unions in Oslo met.", [("OSLO", "GPE"), ("Oslo", "GPE")])
    assert [link.name for link in written] == ["Oslo", "Oslo"]
    particle = _links_of("RIO DE JANEIRO — Bus drivers struck.", [("RIO DE JANEIRO", "GPE")])
    assert particle[0].name == "Rio de Janeiro"


def test_a_team_named_after_a_place_is_not_a_person_for_a_word_the_tagger_called_a_person():
    text = "The Kansas City Herons lost again. Herons fans left early."
    links = _links_of(text, [("Kansas City Herons", "ORG"), ("Herons", "PERSON")])
    assert (links[0].type, links[0].name) == ("ORG", "Kansas City Herons")


def test_a_town_the_tagger_called_a_person_is_the_place_an_organisation_is_named_after():
    text = "Dock workers at the port of Valdora ended their strike after the Valdora Port Authority raised pay."
    links = _links_of(text, [("Valdora", "PERSON"), ("Valdora Port Authority", "ORG")])
    assert [(link.type, link.name) for link in links] == [("GPE", "Valdora"), ("ORG", "Valdora Port Authority")]
    # named as an actor, the one word is still short for the organisation
    text = "The Valdora Port Authority met the union on Friday. Valdora said night shifts would be paid more."
    links = _links_of(text, [("Valdora Port Authority", "ORG"), ("Valdora", "ORG")])
    assert [(link.type, link.name) for link in links] == [("ORG", "Valdora Port Authority")] * 2


def test_a_locative_word_of_the_sentence_before_does_not_make_a_place():
    text = 'The Norland Electronics plant will stay open "as long as it needs to". Norland supplies the navy.'
    links = _links_of(text, [("Norland Electronics", "ORG"), ("Norland", "ORG")])
    assert [(link.type, link.name) for link in links] == [("ORG", "Norland Electronics")] * 2
