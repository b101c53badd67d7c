"""The timex component on short articles we wrote: extents, types, values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsgraph.model import Article, Timex

pytestmark = pytest.mark.slow

PUBLISHED = date(2025, 12, 11)  # a Thursday


def timexes(extractor, text: str, published: date = PUBLISHED) -> list[Timex]:
    return list(extractor.extract(Article.create(published=published, text=text)).timexes)


def found(extractor, text: str, published: date = PUBLISHED) -> dict[str, tuple[str, str]]:
    return {t.text: (t.type, t.value) for t in timexes(extractor, text, published)}


def test_relative_expressions_resolve_against_the_article_date(extractor) -> None:
    text = (
        "Ministers from both countries met in Oslo this year. The talks, held during an October visit, "
        "followed a summit last week."
    )
    assert found(extractor, text) == {
        "this year": ("DATE", "2025"),
        "October": ("DATE", "2025-10"),
        "last week": ("DATE", "2025-W49"),
    }


def test_offsets_and_sentences_point_into_the_text(extractor) -> None:
    text = "The ferry sank. Divers searched for two days."
    (timex,) = timexes(extractor, text)
    assert text[timex.start : timex.end] == timex.text == "two days"
    assert (timex.type, timex.value, timex.sentence) == ("DURATION", "P2D", 1)


def test_weekday_follows_the_tense_of_its_verb(extractor) -> None:
    assert found(extractor, "The council approved the budget on Tuesday.") == {"Tuesday": ("DATE", "2025-12-09")}
    assert found(extractor, "The council will vote on the budget on Tuesday.") == {"Tuesday": ("DATE", "2025-12-16")}


def test_durations_sets_and_fuzzy_references(extractor) -> None:
    text = "Prices rose for two years in the 1990s. Inspectors now visit every week, and recently twice."
    assert found(extractor, text) == {
        "two years": ("DURATION", "P2Y"),
        "the 1990s": ("DATE", "199"),
        "now": ("DATE", "PRESENT_REF"),
        "every week": ("SET", "P1W"),
        "recently": ("DATE", "PAST_REF"),
    }


def test_extent_leaves_out_prepositions_and_possessives(extractor) -> None:
    text = "Sales fell since March 2019, and Friday's vote changed little."
    assert [t.text for t in timexes(extractor, text, date(2021, 6, 1))] == ["March 2019", "Friday"]


def test_look_alikes_are_not_dates(extractor) -> None:
    assert found(extractor, "The island's decades-old ally sent a 40-year-old envoy.") == {}
    assert found(extractor, "Prime Minister Theresa May spoke in London.") == {}
    assert found(extractor, "Farmers march to the capital, and it may rain.") == {}


def test_the_month_may_is_still_a_date(extractor) -> None:
    assert found(extractor, "The plant closed in May.") == {"May": ("DATE", "2025-05")}


def test_a_doc_without_a_date_has_no_timexes(extractor) -> None:
    doc = extractor.nlp("The talks ended last week.")
    assert doc._.timexes == []


def test_seed_article(extractor, seed_article_path: Path) -> None:
    _, published, text = seed_article_path.read_text(encoding="utf-8").split(None, 2)
    result = timexes(extractor, text, date.fromisoformat(published))
    values = {(t.text, t.value) for t in result}
    assert ("this year", "2025") in values
    assert ("October", "2025-10") in values
    assert ("last week", "2025-W49") in values
    assert not any("decades" in t.text for t in result)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # words that place a date ahead, whatever the clause tense
        ("The board declared a dividend payable Jan. 15.", ("Jan. 15", "2026-01-15")),
        ("The rule, effective Feb. 1, was announced by the agency.", ("Feb. 1", "2026-02-01")),
        # a to-infinitive under a past perfect head is past
        ("The offer had been due to expire Friday.", ("Friday", "2025-12-05")),
        # reported speech: the complement's modal decides
        ("The minister said the two leaders would meet Tuesday in Geneva.", ("Tuesday", "2025-12-16")),
        # the present of a schedule takes the nearer day
        ("The ministers meet Saturday in Brussels.", ("Saturday", "2025-12-13")),
    ],
)
def test_tense_places_days_without_a_year_or_week(extractor, text: str, expected: tuple[str, str]) -> None:
    assert {(t.text, t.value) for t in timexes(extractor, text)} == {expected}


def test_anchored_expressions_count_from_the_last_date_told(extractor) -> None:
    assert found(
        extractor, "The treaty was signed on May 22, 1995. The following year, the parliament ratified it."
    ) == {
        "May 22, 1995": ("DATE", "1995-05-22"),
        "The following year": ("DATE", "1996"),
    }
    assert found(extractor, "The storm hit the coast on March 3, 2019. The next day, the river flooded the town.") == {
        "March 3, 2019": ("DATE", "2019-03-03"),
        "The next day": ("DATE", "2019-03-04"),
    }
    assert found(extractor, "Markets fell on Tuesday. The previous Friday, they had risen sharply.") == {
        "Tuesday": ("DATE", "2025-12-09"),
        "The previous Friday": ("DATE", "2025-12-05"),
    }
    assert found(extractor, "People still talk about that day.") == {}


def test_vague_and_fractional_expressions(extractor) -> None:
    text = (
        "The current plan has critics. Engineers worked for 2 1/2 years, rested for a while, "
        "and expect gains in the near future."
    )
    assert found(extractor, text) == {
        "current": ("DATE", "PRESENT_REF"),
        "2 1/2 years": ("DURATION", "P2Y6M"),
        "a while": ("DURATION", "PXX"),
        "the near future": ("DATE", "FUTURE_REF"),
    }


def test_each_end_of_a_range_is_a_date(extractor) -> None:
    assert found(extractor, "The mill ran at a loss between 2014 and 2017.") == {
        "2014": ("DATE", "2014"),
        "2017": ("DATE", "2017"),
    }
    assert found(extractor, "She chaired the board from 2019 to 2021.") == {
        "2019": ("DATE", "2019"),
        "2021": ("DATE", "2021"),
    }
    # "both" and "either" are outside the extent, as prepositions are
    assert found(extractor, "The merger would cut earnings in both 2026 and 2027.") == {
        "2026": ("DATE", "2026"),
        "2027": ("DATE", "2027"),
    }


def test_holidays_are_dates(extractor) -> None:
    assert found(extractor, "Fishermen found the raft adrift on Thanksgiving Day.") == {
        "Thanksgiving Day": ("DATE", "2025-11-27")
    }
    assert found(extractor, "The family has not met since last Christmas.") == {
        "last Christmas": ("DATE", "2024-12-25")
    }
    # two-word holidays, which the base model tags as events or not at all
    assert found(extractor, "The ferry stopped on Good Friday and resumed after Labor Day.") == {
        "Good Friday": ("DATE", "2025-04-18"),
        "Labor Day": ("DATE", "2025-09-01"),
    }
    assert found(extractor, "It was a good day for the harbour pilots.") == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a possessive dates its noun: the ruling was given, whatever the clause looks forward to
        ("Lawyers will look for ways around Wednesday's ruling.", ("Wednesday", "2025-12-10")),
        # so does a month that modifies a noun: the agreement was made, whatever the firm plans
        ("The firm is continuing to look for a buyer under a June agreement with its lenders.", ("June", "2025-06")),
        # "could" is as often past as conditional: the nearer day
        ("The mayor could not be reached Wednesday for comment.", ("Wednesday", "2025-12-10")),
        # a summons looks forward, though the verb is past
        ("The committee subpoenaed the banker to testify on Jan. 12.", ("Jan. 12", "2026-01-12")),
        # a to-infinitive under an adjective takes the tense of the adjective's verb ...
        ("A fire made it hard for the mill to ship its orders in August.", ("August", "2025-08")),
        # ... unless the adjective looks forward
        ("The union is ready to sign the contract on Tuesday.", ("Tuesday", "2025-12-16")),
    ],
)
def test_weekday_and_day_defaults_when_the_clause_does_not_decide(
    extractor, text: str, expected: tuple[str, str]
) -> None:
    assert {(t.text, t.value) for t in timexes(extractor, text)} == {expected}


def test_part_of_a_named_day_is_a_time(extractor) -> None:
    # TIMEX3 guidelines and TimeBank: TIME; AQUAINT writes DATE (docs/timex.md)
    assert found(extractor, "Crowds marched through the capital early Friday morning.") == {
        "early Friday morning": ("TIME", "2025-12-05TMO")
    }
    assert found(extractor, "The rebels struck Wednesday night.") == {"Wednesday night": ("TIME", "2025-12-10TNI")}


def test_lower_case_and_named_months_are_not_dates(extractor) -> None:
    assert found(extractor, "Thousands joined the annual March for Life, and this march was calm.") == {}


def test_durations_the_base_model_calls_measures_or_hides_in_phrases(extractor) -> None:
    assert found(extractor, "The envoy spent about 5 1/2 hours in the capital.") == {
        "about 5 1/2 hours": ("DURATION", "PT5H30M")
    }
    assert found(extractor, "The appeal could take as long as a month or two.") == {"a month": ("DURATION", "P1M")}


def test_later_after_an_amount_of_time_is_a_signal_not_part_of_it(extractor) -> None:
    # TimeML: "later" relates the duration to the story; the TIMEX3 is the duration
    assert found(
        extractor, "The storm hit the coast on March 3, 2019. Two days later, the river flooded the town."
    ) == {
        "March 3, 2019": ("DATE", "2019-03-03"),
        "Two days": ("DURATION", "P2D"),
    }


def test_financial_periods_and_their_closing_dates(extractor) -> None:
    assert found(extractor, "The mill expects a loss in the year ending June 30, 2026, its chairman said.") == {
        "the year": ("DURATION", "P1Y"),
        "June 30, 2026": ("DATE", "2026-06-30"),
    }
    text = "Profit fell in the third quarter. Sales in the latest period rose, as they had in the 2024 period."
    assert found(extractor, text) == {
        "the third quarter": ("DATE", "2025-Q3"),
        "the latest period": ("DATE", "2025-Q3"),
        "the 2024 period": ("DATE", "2024-Q3"),
    }


def test_a_date_keeps_its_year_inside_a_noun_phrase(extractor) -> None:
    assert found(extractor, "The buyers cited an Aug. 10, 2021, supply agreement.") == {
        "Aug. 10, 2021": ("DATE", "2021-08-10")
    }


def test_an_adverb_takes_no_article(extractor) -> None:
    assert found(extractor, "Critics attacked the recently passed budget.") == {"recently": ("DATE", "PAST_REF")}


def test_a_time_of_day_without_a_day_belongs_to_the_day_just_told(extractor) -> None:
    assert found(extractor, "Shares slid on Friday. Dealers sold heavily in the morning.") == {
        "Friday": ("DATE", "2025-12-05"),
        "the morning": ("TIME", "2025-12-05TMO"),
    }


def test_matching_near_anchors_finds_what_matching_everywhere_finds(extractor) -> None:
    from importlib import resources

    import yaml
    from spacy.matcher import Matcher

    from newsgraph.extract.timex import _expand, _patterns

    anchored = extractor.nlp.get_pipe("newsgraph_timex").matcher
    vocabulary = yaml.safe_load(resources.files("newsgraph.knowledge.timex").joinpath("vocabulary.yaml").read_text())
    everywhere = Matcher(extractor.nlp.vocab)
    for entry in _patterns():
        pattern = _expand(entry["pattern"], vocabulary)
        everywhere.add(entry["name"], [[{k: v for k, v in s.items() if k != "ANCHOR"} for s in pattern]])
    text = (
        "The board met at 9 a.m. Monday, three days after a 10-day strike ended in late 1998. "
        "For a while, output fell every week; in the 1990s it rose for several years, and the "
        "third quarter of last year was the best in the past two decades. Nothing else happened. "
        "Talks resume next spring, on Christmas Eve 2026, or twenty-one days later."
    )
    doc = extractor.nlp(text)
    expected = sorted((start, end) for _, start, end in everywhere(doc))
    assert len(expected) >= 10
    assert sorted(anchored(doc)) == expected
    # whole sentences far from any anchor are skipped, not scanned
    assert not anchored(extractor.nlp("Nothing else happened here, said the spokesman of the firm."))


def test_a_pattern_without_a_token_every_match_holds_is_refused(extractor) -> None:
    from newsgraph.extract.timex import AnchoredMatcher

    matcher = AnchoredMatcher.__new__(AnchoredMatcher)
    matcher.stop_words = frozenset()
    with pytest.raises(ValueError, match="no word, shape or number"):
        matcher._add_anchor("only optional", [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a deadline lies ahead, whether the clause is present ...
        ("The union has until Tuesday to answer the offer.", ("Tuesday", "2025-12-16")),
        ("The emergency loans run through January.", ("January", "2026-01")),
        # ... or a present perfect after "until"
        ("The board has extended the offer until Friday.", ("Friday", "2025-12-12")),
        # but not in the simple past
        ("The ferry ran until Tuesday.", ("Tuesday", "2025-12-09")),
        # unless the deadline hangs on a participle of its own
        ("The judge ordered a new map, giving the board until Friday to comply.", ("Friday", "2025-12-12")),
    ],
)
def test_a_deadline_lies_ahead_unless_the_clause_is_past(extractor, text: str, expected: tuple[str, str]) -> None:
    assert {(t.text, t.value) for t in timexes(extractor, text)} == {expected}


def test_a_time_of_day_is_on_the_day_named_after_it(extractor) -> None:
    assert found(extractor, "The ceasefire began at midnight on Sunday.") == {
        "midnight": ("TIME", "2025-12-07T24:00"),
        "Sunday": ("DATE", "2025-12-07"),
    }
    assert found(extractor, "The polls will close at 8 p.m. local time on Monday.") == {
        "8 p.m.": ("TIME", "2025-12-15T20:00"),
        "Monday": ("DATE", "2025-12-15"),
    }
    # only "on" or a comma joins them: here the time is the article's day
    assert found(extractor, "The ferry left at 6 a.m. and the strike began on Monday.")["6 a.m."] == (
        "TIME",
        "2025-12-11T06:00",
    )


def test_the_length_of_a_thing_is_a_duration(extractor) -> None:
    assert found(extractor, "The year-long inquiry ended a decades-long feud.") == {
        "year-long": ("DURATION", "P1Y"),
        "decades-long": ("DURATION", "PXY"),
    }


def test_the_second_year_of_a_range_the_base_model_missed(extractor) -> None:
    assert found(extractor, "The mill ran from 1990 until 1994.") == {
        "1990": ("DATE", "1990"),
        "1994": ("DATE", "1994"),
    }
    # a range whose first end the base model calls a count is no range of years
    assert found(extractor, "The number of members rose from 1500 to 2005.") == {}


def test_a_part_of_the_day_the_base_model_missed(extractor) -> None:
    # the base model calls "40C" a number and leaves "the afternoon" untagged
    assert found(extractor, "Temperatures reached 40C in the afternoon.") == {
        "the afternoon": ("TIME", "2025-12-11TAF")
    }


def test_a_fiscal_quarter_is_numbered_by_the_companys_year(extractor) -> None:
    # reported in March: the calendar third quarter would be last year's, the fiscal one is this year's
    text = "Net income in the fiscal third quarter, which ended Feb. 28, rose 18% from a year earlier."
    assert found(extractor, text, date(2026, 3, 19)) == {
        "the fiscal third quarter": ("DATE", "2026-Q3"),
        "Feb. 28": ("DATE", "2026-02-28"),
        "a year earlier": ("DATE", "2025-Q3"),
    }
    assert found(extractor, "Profit fell in the third quarter.", date(2026, 3, 19)) == {
        "the third quarter": ("DATE", "2025-Q3")
    }


def test_the_end_of_a_compound_word_is_no_time(extractor) -> None:
    assert found(extractor, "The stock rose 2% in after-hours trading on Wednesday.") == {
        "Wednesday": ("DATE", "2025-12-10")
    }
    assert found(extractor, "Sales peaked in mid-2019, a quarter-century high.") == {"mid-2019": ("DATE", "2019")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a date after "since" lies behind the article date
        ("It is the third storm to hit the coast since October.", ("October", "2025-10")),
        ("It is the third storm to hit the coast since March.", ("March", "2025-03")),
        # "until at least Wednesday" is a deadline, and the hedge is no part of the day
        ("Rescuers expect to keep searching until at least Wednesday.", ("Wednesday", "2025-12-17")),
        # a present participle takes the tense of its clause, a past participle is past
        ("The county will offer free flu shots at every pharmacy starting on Tuesday.", ("Tuesday", "2025-12-16")),
        ("The strike, starting Monday, will ground 180 flights.", ("Monday", "2025-12-15")),
        ("The union will appeal the ruling, announced Wednesday by the court.", ("Wednesday", "2025-12-10")),
        # the passive to-infinitive looks forward like the active one
        ("The new map is to be used in the board elections on Nov. 3.", ("Nov. 3", "2026-11-03")),
    ],
)
def test_prepositions_and_infinitives_that_place_a_date(extractor, text: str, expected: tuple[str, str]) -> None:
    assert {(t.text, t.value) for t in timexes(extractor, text)} == {expected}


def test_sets_counts_and_clocks_the_base_model_leaves_out(extractor) -> None:
    assert found(extractor, "Flooding seems to happen every winter.") == {"every winter": ("SET", "XXXX-WI")}
    assert found(extractor, "The council meets twice a month.") == {"twice a month": ("SET", "P1M")}
    assert found(extractor, "The troops may stay for at least 20 more years.") == {
        "at least 20 more years": ("DURATION", "P20Y")
    }
    assert found(extractor, "Over 8,000 people signed in less than a fortnight.") == {
        "less than a fortnight": ("DURATION", "P2W")
    }
    assert found(extractor, "Shares were down 3.1 percent by 1400 GMT.") == {"1400 GMT": ("TIME", "2025-12-11T14:00")}
    assert found(extractor, "The talks went on for years.") == {"years": ("DURATION", "PXY")}
    # a lone unit a word makes into a thing is no time
    assert found(extractor, "Opening hours at the libraries will not change.") == {}


def test_the_following_decade_counts_from_the_decade_told(extractor) -> None:
    text = "Cheap imports in the 1980s and the trade deals of the following decade shut the mills."
    assert found(extractor, text) == {"the 1980s": ("DATE", "198"), "the following decade": ("DATE", "199")}


def test_the_quarter_that_ended_is_the_reported_quarter(extractor) -> None:
    text = "Profit rose 18 percent in the quarter that ended Sept. 30. Sales rose 9 percent from a year earlier."
    assert found(extractor, text) == {
        "the quarter": ("DATE", "2025-Q3"),
        "Sept. 30": ("DATE", "2025-09-30"),
        "a year earlier": ("DATE", "2024-Q3"),
    }


def test_the_story_moves_on_by_an_amount_of_time_later(extractor) -> None:
    text = (
        "The hiker set out on May 3. Searchers found him two days later. Deputies found his car "
        "that evening. Heavy snow fell the following week."
    )
    assert found(extractor, text) == {
        "May 3": ("DATE", "2025-05-03"),
        "two days": ("DURATION", "P2D"),
        "that evening": ("TIME", "2025-05-05TEV"),
        "the following week": ("DATE", "2025-W20"),
    }


def test_a_time_of_day_right_before_its_day_and_a_comparison(extractor) -> None:
    assert found(extractor, "The man was arrested at about 2 a.m. Saturday after an alarm sounded.") == {
        "about 2 a.m. Saturday": ("TIME", "2025-12-06T02:00")
    }
    # "earlier than" compares: the amount is the duration
    assert found(extractor, "The campaign starts two weeks earlier than last year.") == {
        "two weeks": ("DURATION", "P2W"),
        "last year": ("DATE", "2024"),
    }


def test_a_time_of_day_alone_does_not_move_the_story(extractor) -> None:
    text = "The river burst its banks on July 24, 1968. By morning the street had gone. The following month, aid came."
    assert found(extractor, text)["The following month"] == ("DATE", "1968-08")


def test_holidays_the_base_model_calls_places_or_events(extractor) -> None:
    text = "Shops were broken into on St. Stephen's Day, and a pharmacy was robbed the next day."
    assert found(extractor, text, date(2026, 1, 5)) == {
        "St. Stephen's Day": ("DATE", "2025-12-26"),
        "the next day": ("DATE", "2025-12-27"),
    }
    assert found(extractor, "Patrols will continue through New Year's Day.") == {
        "New Year's Day": ("DATE", "2026-01-01")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "for" after a scheduling verb, on the verb or on its object, lies ahead
        ("The judge set the start of the trial for Aug. 12.", {("Aug. 12", "2026-08-12")}),
        ("Supporters have called a rally outside the courthouse for Friday.", {("Friday", "2025-12-12")}),
        # "starting", which the parser calls a preposition, takes the clause's tense
        ("Starting Tuesday, the city will run free shuttle buses.", {("Tuesday", "2025-12-16")}),
        # a decade pattern the base model misses
        ("She toured Europe every summer through the 1970s.", {("every summer", "XXXX-SU"), ("the 1970s", "197")}),
        # names and kinds of things that only look like times
        ("She is survived by a sister, May Robinson, of Selma.", set()),
        ("A powerful winter storm dumped snow on the town.", set()),
        ("The operator suspended its evening crossings to the island.", set()),
        ("The ferry grounded on Thursday evening.", {("Thursday evening", "2025-12-11TEV")}),
    ],
)
def test_scheduled_dates_decades_and_look_alikes(extractor, text: str, expected: set[tuple[str, str]]) -> None:
    assert {(t.text, t.value) for t in timexes(extractor, text)} == expected


def test_parts_the_base_model_joins_or_hedges(extractor) -> None:
    assert found(extractor, "Exports fell 11 percent in the first nine months of the year.") == {
        "the first nine months": ("DURATION", "P9M"),
        "the year": ("DATE", "2025"),
    }
    assert found(extractor, "He will know where he will be living a month from now.") == {
        "a month from now": ("DATE", "2026-01")
    }
    assert found(extractor, "She declared victory shortly before 11 p.m. at a hotel.") == {
        "11 p.m.": ("TIME", "2025-12-11T23:00")
    }
    assert found(extractor, "Teachers will meet for training every Wednesday afternoon.") == {
        "every Wednesday afternoon": ("SET", "XXXX-WXX-3TAF")
    }
    # the present passive is a present ("is planned"), "that" before a weekday a conjunction
    assert found(extractor, "A prayer vigil is planned for 7 p.m. Saturday.") == {
        "7 p.m. Saturday": ("TIME", "2025-12-13T19:00")
    }
    assert found(extractor, "Shares rallied as investors bet that Wednesday's rate cut would help.") == {
        "Wednesday": ("DATE", "2025-12-10")
    }
