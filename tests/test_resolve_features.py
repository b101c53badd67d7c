"""Cross-article match scores, clusters from judgements, and the scorers."""

from __future__ import annotations

import pytest

from newsgraph.evaluate.resolution import adjusted_rand, bcubed, pairwise
from newsgraph.resolve.clusters import Judged, clusters, representative
from newsgraph.resolve.features import EntityProfile, score_pair
from newsgraph.resolve.keys import entity_keys, is_full_name, is_resolvable
from newsgraph.resolve.stories import fingerprint, link_score

CONTEXT = frozenset({"india", "russia", "moscow", "larsen & toubro", "adani defence and aerospace"})


def person(entity_id: int, name: str, titles: set[str] = frozenset(), co=CONTEXT) -> EntityProfile:  # type: ignore[assignment]
    return EntityProfile(entity_id, "PERSON", name, frozenset(titles), frozenset(), frozenset(), frozenset(co))


def test_adani_defence_and_its_full_name_merge():
    short = EntityProfile(1, "ORG", "Adani Defence", co_mentions=frozenset({"india", "russia", "bharat forge"}))
    full = EntityProfile(2, "ORG", "Adani Defence and Aerospace", co_mentions=frozenset({"india", "russia"}))
    match = score_pair(short, full)
    assert match.verdict == "positive", match.features_json()
    assert {"name_similarity", "name_containment", "co_mentions"} <= set(match.features_json())


def test_spelling_variants_with_the_same_title_merge():
    match = score_pair(
        person(1, "Sanjeev Kumar", {"Defence Production Secretary"}),
        person(2, "Sanjay Kumar", {"Defence Production Secretary"}),
    )
    assert match.verdict == "positive"
    assert match.features_json()["same_title"]["compared"] == ["Defence Production Secretary"] * 2


def test_two_people_sharing_a_surname_do_not_merge():
    match = score_pair(person(1, "Rajiv Malhotra", {"Defence Production Secretary"}), person(2, "Vikram Malhotra"))
    assert match.verdict == "negative"
    assert match.features_json()["given_name_conflict"]["score"] == 1.0


def test_blocking_keys_bring_spelling_variants_together():
    assert entity_keys("PERSON", "Andrei Kostyuk") & entity_keys("PERSON", "Andrey Kostiuk")
    assert entity_keys("ORG", "Larsen & Toubro") & entity_keys("ORG", "L&T")
    assert is_resolvable("PERSON", "Sanjeev Kumar") and not is_full_name("PERSON", "Kumar")
    assert not is_resolvable("PERSON", "Al")  # too short to be anyone's surname


def test_person_split_keeps_entities_apart_even_through_a_third():
    names = {1: ("PERSON", "a"), 2: ("PERSON", "b"), 3: ("PERSON", "c")}
    judged = [
        Judged(1, 2, "positive", "rule", 0.9),
        Judged(2, 3, "positive", "rule", 0.8),
        Judged(1, 3, "negative", "person", 0.0),
    ]
    groups = sorted(sorted(g) for g in clusters(names, judged, names))
    assert groups == [[1, 2], [3]]
    merged = clusters(names, [*judged[:2], Judged(1, 2, "negative", "person", 0.0)], names)
    assert sorted(sorted(g) for g in merged) == [[1], [2, 3]]
    assert representative({1, 2}, {1: 1, 2: 5}, names) == 2


def test_rewrites_of_one_happening_link_and_unrelated_articles_do_not():
    from datetime import date

    a = fingerprint(
        "a",
        date(2026, 9, 14),
        "Dockworkers marched in Chattogram against the terminal lease; the shipping minister scrapped the plan.",
        [("PERSON", "Rafiqul Alam", None), ("GPE", "Chattogram", "BGD")],
        ["PROTEST"],
    )
    b = fingerprint(
        "b",
        date(2026, 9, 15),
        "The terminal lease plan was suspended after dockworkers protested, said Shipping Adviser Rafiqul Alam.",
        [("PERSON", "Rafiqul Alam", None), ("GPE", "Chattogram", "BGD")],
        ["PROTEST"],
    )
    c = fingerprint(
        "c",
        date(2026, 9, 15),
        "A cricket coach signed a new contract with his club after two league titles.",
        [("PERSON", "Anil Kumar", None)],
    )
    assert link_score(a, b).linked
    assert not link_score(a, c).linked


def test_scorers_on_a_hand_made_example():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2, "e": 3}
    assert bcubed(gold, gold).f1 == 1.0 and pairwise(gold, gold).f1 == 1.0 and adjusted_rand(gold, gold) == 1.0
    merged_all = {k: 0 for k in gold}
    # B-cubed precision: a,b: 2/5; c,d: 2/5; e: 1/5 -> 9/25; recall 1.
    assert bcubed(gold, merged_all).precision == pytest.approx(0.36)
    assert bcubed(gold, merged_all).recall == 1.0
    assert pairwise(gold, merged_all).precision == pytest.approx(0.2)  # 2 of 10 pairs
    split = {"a": 1, "b": 9, "c": 2, "d": 2, "e": 3}
    assert pairwise(gold, split).recall == pytest.approx(0.5)
    assert pairwise(gold, split).precision == 1.0
    assert adjusted_rand(gold, merged_all) == 0.0
    assert bcubed(gold, {}).recall == pytest.approx(0.6)  # missing items are singletons


def test_an_acronym_matches_its_expansion_across_articles_even_when_named_together():
    from newsgraph.resolve.features import EntityProfile, score_pair
    from newsgraph.resolve.keys import acronyms, entity_keys

    assert acronyms("Hewlett-Packard") == {"hp"}
    assert acronyms("U.S. Geological Survey") == {"usgs"}
    assert "boa" in acronyms("Bank of America")
    context = frozenset({"lake fenwick dam", "marta ilves"})
    short = EntityProfile(1, "ORG", "NWR", co_mentions=context | {"northern water resources"})
    long = EntityProfile(2, "ORG", "Northern Water Resources", co_mentions=context | {"nwr"})
    other = EntityProfile(3, "ORG", "National Wheat Review", co_mentions=frozenset({"grain board"}))
    assert entity_keys("ORG", "NWR") & entity_keys("ORG", "Northern Water Resources")
    match = score_pair(short, long)
    assert match.verdict == "positive"
    features = match.features_json()
    assert features["acronym"]["score"] == 1.0
    assert features["seen_together"]["score"] == 0.0  # "Northern Water Resources (NWR)" in one article
    assert score_pair(short, other).verdict != "positive"  # same letters, nothing else shared: not merged


def test_a_shared_place_and_day_do_not_make_one_happening_without_a_shared_subject():
    from datetime import date

    collapse = fingerprint(
        "collapse",
        date(2026, 5, 7),
        "A grain silo collapsed at the Port Reyna docks on Thursday, killing four workers; engineers blamed corrosion.",
        [("GPE", "Port Reyna", "CHL"), ("ORG", "Reyna Grain Terminal", None)],
        ["ASSAULT"],
        ["2026-05-07"],
    )
    festival = fingerprint(
        "festival",
        date(2026, 5, 7),
        "Port Reyna opened its annual jazz festival on Thursday with a parade of brass bands along the seafront.",
        [("GPE", "Port Reyna", "CHL")],
        [],
        ["2026-05-07"],
    )
    retold = fingerprint(
        "retold",
        date(2026, 5, 8),
        "Corrosion is suspected in the collapse of a grain silo that killed four workers at the Port Reyna docks.",
        [("GPE", "Port Reyna", "CHL"), ("ORG", "Reyna Grain Terminal", None)],
        [],
        ["2026-05-07"],
    )
    assert not link_score(collapse, festival).linked
    assert link_score(collapse, retold).linked
    assert link_score(collapse, retold).score > 0.3


def test_only_dates_told_with_digits_are_a_happening_s_dates():
    from newsgraph.resolve.stories import told_dates

    timexes = [
        ("Thursday", "2026-05-07"),  # relative to publication: says nothing new
        ("yesterday", "2026-05-06"),
        ("March 3, 2019", "2019-03-03"),
        ("Dec. 11", "2025-12-11"),
        ("2019", "2019"),
        ("the 1990s", "199X"),
        ("now", "PRESENT_REF"),
    ]
    assert told_dates(timexes) == ["2019", "2019-03-03", "2025-12-11"]


def test_two_happenings_of_one_kind_on_the_same_weekday_share_no_date():
    from datetime import date

    from newsgraph.resolve.stories import told_dates

    def report(key: str, text: str, timexes: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
        return fingerprint(key, date(2026, 5, 9), text, [], [], told_dates(timexes))

    first = report("a", "Flooding closed the Varna road on Thursday after the river rose in March 2024.", [
        ("Thursday", "2026-05-07"), ("March 2024", "2024-03")])  # fmt: skip
    second = report("b", "Flooding closed the Varna road on Thursday, the second time since October 2025.", [
        ("Thursday", "2026-05-07"), ("October 2025", "2025-10")])  # fmt: skip
    assert first.dates == ("2024-03",) and second.dates == ("2025-10",)
    assert "date:2026-05-07" not in link_score(first, second).features.get("shared", [])


def test_a_full_name_with_a_title_or_headline_word_around_it_is_the_same_person():
    for longer, shorter in (
        ("Harbourmaster Ines Valdove", "Ines Valdove"),  # a title the tagger kept in the name
        ("Ines Valdove Resigns", "Ines Valdove"),  # a headline's verb in title case
        ("J. Ines Valdove", "Ines Valdove"),
    ):
        match = score_pair(person(1, longer, co=frozenset()), person(2, shorter, co=frozenset()))
        assert match.verdict == "positive", (longer, match.features_json())
    other = score_pair(person(1, "Ines Valdove", co=frozenset()), person(2, "Tomas Valdove", co=frozenset()))
    assert other.verdict == "negative"  # a shared surname is not a contained name
    far = score_pair(
        person(1, "Ines Valdove", co=frozenset()), person(2, "Port Authority Chief Ines Valdove Quits", co=frozenset())
    )
    assert far.verdict != "positive"  # four words more: not a name with a word around it


def test_a_surname_alone_is_the_full_name_only_with_shared_context():
    harbour = frozenset({"port of talvik", "talvik", "northern ferries"})
    alone = person(1, "Valdove", co=harbour)
    full = person(2, "Ines Valdove Jr.", co=harbour | {"coast guard"})
    assert score_pair(alone, full).verdict == "positive"
    assert dict((f.name, f.score) for f in score_pair(alone, full).features)["surname_in_context"] == 1.0
    elsewhere = person(3, "Valdove", co=frozenset({"opera house", "vienna"}))
    assert score_pair(elsewhere, full).verdict == "negative"  # a surname alone is anyone's
    assert score_pair(person(4, "Ines", co=harbour), full).verdict != "positive"  # a given name is no surname


def test_one_name_tagged_two_types_is_one_thing_with_shared_context():
    from newsgraph.resolve.features import EntityProfile
    from newsgraph.resolve.keys import entity_keys

    context = frozenset({"pin-up photographs", "los angeles", "hugh hefner"})
    as_person = EntityProfile(1, "PERSON", "Odile Marchetti", co_mentions=context)
    as_org = EntityProfile(2, "ORG", "Odile Marchetti", co_mentions=context | {"playboy"})
    assert entity_keys("PERSON", "Odile Marchetti") & entity_keys("ORG", "Odile Marchetti")
    assert score_pair(as_person, as_org).verdict == "positive"
    elsewhere = EntityProfile(3, "ORG", "Odile Marchetti", co_mentions=frozenset({"shipping", "genoa"}))
    assert score_pair(as_person, elsewhere).verdict != "positive"  # a name alone is not enough across types
    assert not entity_keys("PERSON", "Marchetti") & entity_keys("ORG", "Marchetti")  # one word: never across types


def test_a_short_given_name_with_middle_names_between_is_the_same_person():
    for one, other in (("Fred Osterby", "Frederick C. Osterby"), ("Fred Osterby", "Frederick Carl Osterby")):
        assert score_pair(person(1, one, co=frozenset()), person(2, other, co=frozenset())).verdict == "positive"
    unrelated = score_pair(person(1, "Fred Osterby", co=frozenset()), person(2, "Manfred Osterby", co=frozenset()))
    assert unrelated.verdict != "positive"  # "Fred" is the end of "Manfred", not its start
    brothers = score_pair(person(1, "Fred Osterby", co=frozenset()), person(2, "Frank Osterby", co=frozenset()))
    assert brothers.verdict != "positive"


def _entity(entity_type: str, name: str) -> tuple[str, str, str]:
    from newsgraph.model import normalise_name

    return (entity_type, name, normalise_name(name))


@pytest.mark.parametrize(
    ("left", "right", "compared"),
    [
        (("ORG", "Advanced Micro Devices"), ("ORG", "AMD"), True),  # acronym key
        (("PERSON", "Barack Obama"), ("PERSON", "Obama"), True),  # a word of the name
        (("PERSON", "Rajiv Malhotra"), ("PERSON", "Rajeev Malhotra"), True),
        (("PERSON", "Fred LaRue"), ("PERSON", "Frederick C. LaRue"), True),
        (("PERSON", "Kostyuk"), ("PERSON", "Kostiuk"), False),  # two one-word names never
        (("PERSON", "John Smithers"), ("PERSON", "Johanna Quill"), False),  # a shared prefix alone
        (("ORG", "Jordan River Foundation"), ("PERSON", "Jordan River Foundation"), True),
        (("ORG", "Jordan"), ("GPE", "Jordan"), False),
    ],
)
def test_whether_two_entities_are_compared_is_a_test_of_the_pair_alone(left, right, compared):
    from newsgraph.resolve.keys import entity_keys, is_candidate

    a, b = _entity(*left), _entity(*right)
    shared = entity_keys(left[0], left[1]) & entity_keys(right[0], right[1])
    assert is_candidate(a, b, shared) is compared
    assert is_candidate(b, a, shared) is compared  # the same from either side
    assert not is_candidate(a, b, set())  # no telling key, no comparison


def test_initials_alone_compare_an_acronym_with_its_expansion_not_two_names_that_begin_alike():
    """Where the initials key is the only one not too common (a word like
    "Aerospace" is held by hundreds), two full names with the same initials
    are not compared: they cannot be one the other's acronym."""
    from newsgraph.resolve.keys import entity_keys, is_candidate

    def compared(left: str, right: str) -> bool:
        initials = {k for k in entity_keys("ORG", left) & entity_keys("ORG", right) if k.startswith("a:")}
        assert initials  # filed under one initials key
        return is_candidate(_entity("ORG", left), _entity("ORG", right), initials)

    assert compared("Hewlett-Packard", "HP") and compared("LA", "Lomumai Aerospace")
    assert not compared("Lomumai Aerospace", "Lalugi Aerospace")


@pytest.mark.parametrize(
    ("left", "right"),
    [("Rajiv Malhotra", "Rajiv Kostyuk"), ("Sanjay Kumar", "Sanjay Gupta")],
)
def test_people_sharing_only_a_given_name_are_not_compared(left, right):
    from newsgraph.resolve.keys import entity_keys, is_candidate

    shared = entity_keys("PERSON", left) & entity_keys("PERSON", right)
    assert shared  # they are filed under one key
    assert not is_candidate(_entity("PERSON", left), _entity("PERSON", right), shared)


def test_two_reports_telling_different_years_are_less_alike_than_the_same_reports_telling_one():
    from datetime import date

    from newsgraph.resolve.stories import YEARS_DIFFER

    texts = {
        "a": "Singer Mara Velt checked into the Harbour Light clinic in Valdora for a stay of {} days in {}.",
        "b": "In {1}, a {0}-day stay at Harbour Light: the Valdora clinic admitted singer Mara Velt, her agent said.",
        "c": "Her agent said that Mara Velt, the singer, would spend {} days at Valdora's Harbour Light clinic ({}).",
        "d": "Mara Velt entered rehab at Harbour Light near Valdora for {} days, the singer told fans this {}.",
    }
    people = [("PERSON", "Mara Velt", None), ("FAC", "Harbour Light", None)]

    def report(key: str, days: int, year: str):  # type: ignore[no-untyped-def]
        told = [year] if year.isdigit() else []
        return fingerprint(key, date(2026, 5, 9), texts[key].format(days, year), people, ["CONSULT"], told)

    same_year = link_score(report("a", 30, "2013"), report("b", 45, "2013"))
    other_year = link_score(report("a", 30, "2013"), report("c", 45, "2008"))
    assert "years_differ" not in same_year.features
    assert other_year.features["years_differ"] == [["2013"], ["2008"]]
    # the same words, names and figures but for the year: only the told years differ
    assert other_year.score < same_year.score
    assert other_year.score == round(other_year.features["cosine"] * YEARS_DIFFER, 4)
    # a report that tells no year is not set apart
    assert "years_differ" not in link_score(report("a", 30, "2013"), report("d", 45, "spring")).features
