"""The kinds of expressions news uses that the tagger once missed, each on a sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.temporal import Timex, tag
from timeline.temporal import tables as t

TUE = dt.date(2009, 2, 24)  # a Tuesday
FRI = dt.date(2012, 8, 10)  # a Friday


def found(text: str, dct: dt.date) -> dict[str, Timex]:
    return {x.text: x for x in tag(text, dct)}


@pytest.mark.parametrize(
    ("text", "dct", "extent", "value"),
    [
        # vague references
        ("Analysts expect weak demand in the near term.", TUE, "the near term", "FUTURE_REF"),
        ("Banks blamed recent losses on the housing slump.", TUE, "recent", "PAST_REF"),
        ("The company will soon announce a buyer.", TUE, "soon", "FUTURE_REF"),
        # durations and frequencies
        ("The yen rose after six straight days of losses.", TUE, "six straight days", "P6D"),
        ("It was the worst single-day drop in a decade.", TUE, "single-day", "P1D"),
        ("The decades-long border dispute was settled.", TUE, "decades-long", "PXY"),
        ("Shares have lost 9% over the past five trading days.", TUE,
         "the past five trading days", "P5D"),
        ("Japan shrank for two consecutive quarters.", TUE, "two consecutive quarters", "P2Q"),
        ("Solar output tripled over the past decade.", TUE, "the past decade", "P10Y"),
        # "over" is "more than" after "in", "for", "last", "just" (else a signal)
        ("The Dow closed at its lowest level in over six years.", TUE, "over six years",
         "P6Y"),
        ("Just over an hour later, he was declared dead.", TUE, "over an hour", "PT1H"),
        ("The current system has evolved over several years.", TUE, "several years", "PXY"),
        ("The banks must wait no more than sixty days.", TUE, "no more than sixty days",
         "P60D"),
        # "or so" after an amount or a shifted unit makes it approximate, inside it
        ("Maxwell expects share gains over the next two years or so.", TUE,
         "the next two years or so", "P2Y"),
        ("The plant will be closed over the next year or so.", TUE, "the next year or so",
         "2010"),
        # the day of a market report is the publication's
        ("The Dow lost 251 points to end the day at 7,114.", TUE, "the day", "2009-02-24"),
        ("For the day, the Nikkei closed down 6.4 percent.", TUE, "the day", "2009-02-24"),
        ("The index rebounded late in the day.", TUE, "the day", "2009-02-24"),
        # ... or the session the story named in the last few days before publication
        ("Stocks closed at their lowest level in a decade on Monday. The Dow lost 251 points"
         " to end the day at 7,114.", TUE, "the day", "2009-02-23"),
        ("Stocks rose on Friday, the highest since 1983. The Dow ended the day at 8,017.",
         dt.date(2009, 4, 4), "the day", "2009-04-03"),
        ("The bank collapsed on Sept. 15, 2008. The Dow lost 251 points to end the day at"
         " 7,114.", TUE, "the day", "2009-02-24"),
        # a report on the year of the quarter it discusses, though published the year after
        ("The airline lost $2 billion in the fourth quarter of 2008 and $5 billion for the "
         "year.", dt.date(2009, 1, 22), "the year", "2008"),
        ("The truck maker expects lower earnings for the fiscal year.", dt.date(1989, 11, 2),
         "the fiscal year", "1989"),
        # quarters are vague plurals too
        ("It doesn't bode well for coming quarters.", TUE, "coming quarters", "FUTURE_REF"),
        ("Insurance has been a tough business in recent quarters.", TUE, "recent quarters",
         "PXQ"),
        # coordinated expressions: vague plurals tagged as one
        ("He probably died within weeks or months of his capture.", TUE, "weeks or months",
         "PXW"),
        # compounds
        ("In the first quarter of last year the bank lost $2 billion.", TUE,
         "the first quarter of last year", "2008-Q1"),
        ("Sales fell 35% from the same month a year ago.", TUE,
         "the same month a year ago", "2008-02"),
        ("The plant should open in October of next year.", TUE, "October of next year", "2010-10"),
        ("A court hearing is set for the week of March 6.", TUE, "the week of March 6",
         "2009-W10"),
        ("Snow closed the passes in the first week of June 2011.", TUE,
         "the first week of June 2011", "2011-W22"),
        ("More recently, the firm has sold bonds.", TUE, "More recently", "PAST_REF"),
        ("Net sales for this year's third quarter were $14 million.", dt.date(1989, 10, 26),
         "this year's third quarter", "1989-Q3"),
        ("In the year-earlier third quarter, the insurer lost $3 million.",
         dt.date(1989, 10, 26), "the year-earlier third quarter", "1988-Q3"),
        ("Profit fell in the third quarter from last year's quarter.", dt.date(1989, 10, 26),
         "last year's quarter", "1988-Q3"),
        ("The offer expired on Nov. 3, 1989. The previous Friday, the board met.",
         dt.date(1989, 11, 20), "The previous Friday", "1989-10-27"),
        # coordinated decades and abbreviated years
        ("Such prices were last seen in the 70s and 80s.", TUE, "80s", "198"),
        ("The Nikkei is at its lowest level since '82.", TUE, "'82", "1982"),
        # named days and seasons
        ("Retailers opened at 5 a.m. on Black Friday.", dt.date(2010, 12, 1), "Black Friday",
         "2010-11-26"),
        ("Voters in 21 states go to the polls on Super Tuesday.", dt.date(2012, 2, 20),
         "Super Tuesday", "2012-03-06"),
        ("The index has not fallen this fast since Black Monday.", TUE, "Black Monday",
         "1987-10-19"),
        ("The bridge will reopen in spring.", TUE, "spring", "2009-SP"),
        # times of day
        ("Fighting resumed in the morning.", TUE, "the morning", "2009-02-24TMO"),
        ("At 0800 UTC the central banks announced the plan.", TUE, "0800 UTC",
         "2009-02-24T08:00Z"),
        ("He spoke at a press conference at 16:15 UTC, June 1st.", dt.date(2009, 6, 4),
         "16:15 UTC, June 1st", "2009-06-01T16:15Z"),
        ("The ferry left at 4 in the morning.", TUE, "4 in the morning", "2009-02-24T04:00"),
        ("The river rose on the night of Feb. 16. By the next morning, the square was flooded.",
         TUE, "the next morning", "2009-02-17TMO"),
        # tense and anchoring: a plan names the coming quarter, a deadline lies ahead
        ("The plan calls for cuts during the fourth quarter.", dt.date(2013, 3, 22),
         "the fourth quarter", "2013-Q4"),
        ("The company expects to report third-quarter earnings next week.",
         dt.date(1989, 10, 26), "third-quarter", "1989-Q3"),
        # tense and anchoring: a deadline lies ahead
        ("The exchange stays closed until Friday.", TUE, "Friday", "2009-02-27"),
        # ... unless a past happening went on up to it
        ("Fighting lasted until late Thursday, residents said.", TUE, "late Thursday",
         "2009-02-19"),
        # ... unless a past perfect says the plan is over
        ("The tender had been due to expire Friday evening.", TUE, "Friday evening",
         "2009-02-20TEV"),
        # ... a past perfect in another clause does not (wsj_0557, TimeBank)
        ("The sale, which had been expected, is part of KKR's program to pay down $5 "
         "billion of a $6 billion bridge loan by February.", dt.date(1989, 10, 30),
         "February", "1990-02"),
        # a signal that relates "the day" to a day the text names: one expression, that
        # day moved (NYT20000224.0173, AQUAINT)
        ("The day before last Tuesday's federal court hearing, Manuel went to Lazaro's "
         "home.", dt.date(2000, 2, 24), "The day before last Tuesday", "2000-02-21"),
        # "as planned" tells how a happening went, no plan ahead (WSJ910225-0066)
        ("Mr. Bush let the ground offensive begin as previously planned Saturday night.",
         dt.date(1991, 2, 25), "Saturday night", "1991-02-23TNI"),
        # a quarter foretold is not the one a report discusses (wsj_1003, TimeBank)
        ("Steelmakers will report losses through the third quarter of 1990. In the "
         "year-ago period, Bethlehem earned $101.4 million.", dt.date(1989, 10, 26),
         "the year-ago period", "1988-Q3"),
        # what takes effect on a date lies ahead
        ("The board named a new chairman, effective March 1.", dt.date(2009, 10, 20),
         "March 1", "2010-03-01"),
        # spelled-out years
        ("It happened in January nineteen ninety-seven.", TUE, "January nineteen ninety-seven",
         "1997-01"),
        ("Snow fell in the winter of nineteen ninety-four.", TUE,
         "the winter of nineteen ninety-four", "1994-WI"),
    ],
)  # fmt: skip
def test_kind(text: str, dct: dt.date, extent: str, value: str) -> None:
    got = found(text, dct)
    assert extent in got, list(got)
    assert got[extent].value == value


@pytest.mark.parametrize(
    "text",
    [
        "The carrier ordered a Boeing 777 for its long routes.",
        "Prices may rise if the strike goes on.",
        "About a quarter of the shops stayed shut.",
        "The S&P 500 fell 2 percent.",
        "Not a day goes by without a new complaint.",
        "Apple showed its iLife '11 software suite.",
        "The band played at the annual festival.",
        "It was the most recent model.",
        "The recent sale of the unit raised cash.",
        "He was soon released from hospital.",
        # rates after an amount
        "He earns $50,000 a year.",
        "The ferry adds 900 seats a week on the route.",
        "The disk reads 40 million blocks per second.",
        # a lower-case month word after "this" is a verb or a noun
        "Critics fear this may hurt exports.",
        "Police filmed this march through the capital.",
        # titles and names: words running text writes in lower case, capitalized
        "You have been listening to Radio Europe Today.",
        'The senator said on "This Week," a talk show, that he would run.',
        "The poster quoted the western High Noon in large letters.",
    ],
)
def test_not_a_time(text: str) -> None:
    assert [x.text for x in tag(text, TUE)] == []


def test_a_capitalized_time_word_at_a_sentence_start_is_a_time() -> None:
    text = '"Today, we sign the treaty," the minister said. Last week talks stalled.'
    got = found(text, TUE)
    assert got["Today"].value == "2009-02-24"
    assert got["Last week"].value == "2009-W08"


def test_a_report_on_the_year_to_date_compares_with_the_year_before() -> None:
    text = (
        "Profit rose 9% in the third quarter from a year earlier. For the first nine "
        "months, sales climbed 4% from a year earlier, and the year-ago loss narrowed."
    )
    got = tag(text, dt.date(1989, 10, 26))
    assert [(x.text, x.value) for x in got if x.rule in ("ago", "qref")] == [
        ("a year earlier", "1988-Q3"), ("a year earlier", "1988"), ("year-ago", "1988"),
    ]


def test_narrative_offsets_keep_the_precision_of_their_anchor() -> None:
    text = "The talks began in January 2008. Two days later the strike ended."
    later = found(text, TUE)["Two days later"]
    assert (later.value, later.anchor) == ("2008-01", "narrative")
    day = found("The talks began on Jan. 3, 2008. Two days later the strike ended.", TUE)
    assert day["Two days later"].value == "2008-01-05"


def test_an_offset_of_days_after_a_background_year_counts_from_the_story_day() -> None:
    text = (
        "A ship struck the bridge on March 26, 2024. The bridge opened in 1977. "
        "Two days later, the president visited the site. The day after, divers returned."
    )
    got = found(text, dt.date(2024, 3, 29))
    assert got["Two days later"].value == "2024-03-28"
    # A background year is no anchor for days, but a later year is ("in 2010 ... two
    # years later").
    assert found("The plant opened in 2010. Two years later it closed.", TUE)[
        "Two years later"
    ].value == "2012"


def test_a_time_of_day_in_a_clause_ahead_is_not_on_a_past_day_named_before() -> None:
    text = (
        "A strike shut the network on 3 March. If the strikes go ahead, services will run "
        "between 7.30 a.m. and 6.30 p.m."
    )
    got = found(text, dt.date(2022, 6, 14))
    assert got["7.30 a.m."].value == "2022-06-14T07:30"
    # A past clause stays on the day its story named.
    got = found("Shares were dashed on Friday. Dealers placed orders in the morning.", TUE)
    assert got["the morning"].value.endswith("TMO")
    assert got["the morning"].value[:10] == got["Friday"].value


def test_a_time_of_day_after_a_coarser_background_time_is_on_the_day_named_before() -> None:
    text = (
        "A volcano erupted on Wednesday evening for the fifth time since December. "
        "The eruption began at about 9 p.m."
    )
    assert found(text, dt.date(2024, 5, 30))["9 p.m."].value == "2024-05-29T21:00"


def test_earlier_counts_from_the_story_unless_it_is_the_base_of_a_figure() -> None:
    text = (
        "The building collapsed in April 2013. A fire five months earlier killed 112. "
        "Sales fell 5% from a year earlier."
    )
    got = found(text, dt.date(2024, 2, 13))
    assert got["five months earlier"].value == "2012-11"
    assert got["a year earlier"].value == "2023"


def test_a_later_offset_in_a_past_clause_lands_in_the_past() -> None:
    text = (
        "When she arrived in Minneapolis in 1995, she spoke no English. On Tuesday, she was "
        "elected mayor. Three years later, she enrolled at the university."
    )
    assert found(text, dt.date(2025, 11, 6))["Three years later"].value == "1998"


def test_a_time_of_day_after_a_saying_is_on_the_story_day_not_the_saying_day() -> None:
    text = (
        "A gunman opened fire late Tuesday, killing three people, police said early "
        "Wednesday. The shooting began shortly after 7 p.m."
    )
    assert found(text, dt.date(2024, 9, 12))["7 p.m."].value == "2024-09-10T19:00"


def test_a_participle_after_a_copula_gives_no_past_tense() -> None:
    got = found("The mall will stay closed through the weekend.", dt.date(2024, 9, 12))
    assert got["the weekend"].value == "2024-W37-WE"


def test_each_day_of_a_list_that_ends_with_its_month_is_tagged() -> None:
    got = found("Rail workers will walk out on 21, 23 and 25 June.", dt.date(2022, 6, 14))
    assert [got[d].value for d in ("21", "23", "25 June")] == [
        "2022-06-21", "2022-06-23", "2022-06-25",
    ]
    # Numbers that end no list of days are no dates.
    assert list(found("He scored 21 and 23 points in June.", dt.date(2022, 6, 14))) == ["June"]


def test_weekdays_follow_the_story_of_an_earlier_week() -> None:
    # Published Friday Aug. 17 about the week of Aug. 6: "Tuesday" is Aug. 7.
    text = (
        "The council voted on Monday, Aug. 6, to close the mine. On Tuesday, the miners "
        "marched to the town hall."
    )
    assert found(text, dt.date(2012, 8, 17))["Tuesday"].value == "2012-08-07"
    # Without the story's date the document date decides.
    assert found("On Tuesday, the miners marched.", dt.date(2012, 8, 17))["Tuesday"].value == (
        "2012-08-14"
    )


def test_the_story_day_does_not_move_the_publication_day_or_the_future() -> None:
    text = "The council voted on Aug. 6 to close the mine. The miners will march on Tuesday."
    assert found(text, dt.date(2012, 8, 17))["Tuesday"].value == "2012-08-21"
    text = "The council voted on Aug. 6 to close the mine. Miners marched on Friday."
    assert found(text, FRI + dt.timedelta(days=7))["Friday"].value == "2012-08-17"


def test_a_month_in_the_sentence_of_an_old_date_is_of_its_year() -> None:
    text = "After the fire of Feb. 20, 2015, the mill reopened in March with half its staff."
    assert found(text, dt.date(2021, 8, 22))["March"].value == "2015-03"


def test_a_later_time_moves_the_story_on() -> None:
    text = (
        "On May 22, 1995, he was promoted; the following year he moved to Washington, "
        "and on Monday he resigned."
    )
    assert found(text, dt.date(1995, 5, 31))["Monday"].value == "1995-05-29"


@pytest.mark.parametrize(
    ("text", "extent", "mod"),
    [
        *((f"Output fell {w} 1990, the ministry said.", f"{w} 1990", m)
          for w, m in t.POINT_MODS.items()),
        *((f"The strike lasted {w} three years.", f"{w} three years", m)
          for w, m in t.AMOUNT_MODS.items()),
        *((f"Prices rose {w} this month.", f"{w} this month", m)
          for w, m in t.EDGE_MODS.items()),
    ],
)  # fmt: skip
def test_every_modifier_is_applied(text: str, extent: str, mod: str) -> None:
    got = found(text, TUE)
    assert extent in got, list(got)
    assert got[extent].mod == mod


def test_over_is_a_signal_not_a_modifier() -> None:
    # TimeML leaves "over" outside: "over the past three years" is the duration alone.
    got = found("Sales doubled over three years.", TUE)
    assert "three years" in got and got["three years"].mod is None


def test_no_expression_spans_a_blank_line() -> None:
    text = "Markets rally on Friday\n\nSeptember 18, 2008\n\nStocks rose."
    assert [x.text for x in tag(text, dt.date(2008, 9, 18))] == ["Friday", "September 18, 2008"]


def test_the_same_month_a_year_ago_follows_the_month_named() -> None:
    text = "Car sales fell 35% in January, compared to the same month a year ago."
    assert found(text, dt.date(2009, 2, 3))["the same month a year ago"].value == "2008-01"


def test_a_list_of_days_after_a_month_tags_each_day_of_that_month() -> None:
    got = found("Talks are set for May 3, 4 and 5 in Paris.", dt.date(1999, 2, 10))
    assert [(x, got[x].value) for x in ("May 3", "4", "5")] == [
        ("May 3", "1999-05-03"), ("4", "1999-05-04"), ("5", "1999-05-05"),
    ]  # fmt: skip


def test_a_count_after_a_date_and_a_coordination_is_no_day() -> None:
    got = found("The embassy was bombed on Aug. 7 and 12 people died.", dt.date(1998, 8, 20))
    assert list(got) == ["Aug. 7"]


def test_a_time_in_parentheses_on_another_clock_is_the_same_time() -> None:
    got = found("The blast occurred at about 10:35 a.m. (0735 GMT) Friday.", dt.date(1998, 8, 8))
    assert "0735 GMT" not in got and "10:35 a.m." in got
    # ... but one that says the same time again, more fully, is tagged
    got = found("He will leave at 4 in the morning (4 a.m. EDT Thursday).", dt.date(2000, 4, 5))
    assert got["4 a.m. EDT Thursday"].value == "2000-04-06T04:00"


def test_a_streak_names_the_reports_day_or_week_unless_it_is_past() -> None:
    got = found("US stocks log gains for fourth week in a row.", dt.date(2009, 4, 4))
    assert got["fourth week"].value == "2009-W14"
    assert not found("It was the third consecutive month that hiring rose.", TUE)
    assert list(found("The fair opens on the first day of June.", TUE)) == ["June"]
