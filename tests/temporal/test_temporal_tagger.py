"""Rules of the temporal tagger, each with a real sentence."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from pathlib import Path

import pytest

from timeline.temporal import Interval, Timex, interval, tag

SUN = dt.date(2021, 8, 22)  # a Sunday: the seed article's publication date
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "panjshir.txt"


def only(text: str, dct: dt.date = SUN, **kw: object) -> Timex:
    found = tag(text, dct, **kw)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


# (sentence, document date, extent, value)
CASES = [
    # absolute dates
    ("The deal closed on Aug. 20, 2021.", SUN, "Aug. 20, 2021", "2021-08-20"),
    ("It was signed 20 August 2021 in Doha.", SUN, "20 August 2021", "2021-08-20"),
    ("It opened on August 20th, 2021, to crowds.", SUN, "August 20th, 2021", "2021-08-20"),
    ("The filing is dated 2021-08-20.", SUN, "2021-08-20", "2021-08-20"),
    ("The form was stamped 8/20/2021 by the clerk.", SUN, "8/20/2021", "2021-08-20"),
    ("Talks resumed on Aug. 20 in Kabul.", SUN, "Aug. 20", "2021-08-20"),
    ("Rents rose in 2019, the agency said.", SUN, "2019", "2019"),
    ("He fought the Soviets in the 1980s.", SUN, "the 1980s", "198"),
    ("Disco ruled the '70s.", SUN, "the '70s", "197"),
    ("Steam engines defined the 19th century.", SUN, "the 19th century", "18"),
    ("Revenue fell in the third quarter.", SUN, "the third quarter", "2021-Q3"),
    ("Sales rose 5% in Q2 2020.", SUN, "Q2 2020", "2020-Q2"),
    ("The election was held in August 2020.", SUN, "August 2020", "2020-08"),
    ("Profits were weak in fiscal 2019.", SUN, "fiscal 2019", "2019"),
    ("They married in the summer of 1999.", SUN, "the summer of 1999", "1999-SU"),
    ("The bill is due at the end of the month.", SUN, "the end of the month", "2021-08"),
    ("Snow fell on the 20th.", SUN, "the 20th", "2021-08-20"),
    # relative to the document date
    ("Two ministers resigned yesterday.", SUN, "yesterday", "2021-08-21"),
    ("The talks resume today.", SUN, "today", "2021-08-22"),
    ("Officials said last week that nothing changed.", SUN, "last week", "2021-W32"),
    ("Prices have risen this month.", SUN, "this month", "2021-08"),
    ("The plant will open next year.", SUN, "next year", "2022"),
    ("He arrived two days ago.", SUN, "two days ago", "2021-08-20"),
    ("The firm was founded a decade ago.", SUN, "a decade ago", "201"),
    ("She has recently moved.", SUN, "recently", "PAST_REF"),
    ("He is currently abroad.", SUN, "currently", "PRESENT_REF"),
    ("Output fell over the past three years.", SUN, "the past three years", "P3Y"),
    ("Fighting broke out Friday morning.", SUN, "Friday morning", "2021-08-20TMO"),
    ("A curfew is imposed tonight.", SUN, "tonight", "2021-08-22TNI"),
    ("Shares rose 3% in early 2020.", SUN, "early 2020", "2020"),
    ("Stores close in mid-December.", SUN, "mid-December", "2021-12"),
    ("The vote is at 2:30 p.m.", SUN, "2:30 p.m.", "2021-08-22T14:30"),
    ("Newspapers are delivered daily.", SUN, "daily", "P1D"),
    ("The market is open every Monday.", SUN, "every Monday", "XXXX-WXX-1"),
]


@pytest.mark.parametrize(("text", "dct", "extent", "value"), CASES)
def test_rule(text: str, dct: dt.date, extent: str, value: str) -> None:
    found = [x for x in tag(text, dct) if x.text == extent]
    assert found, tag(text, dct)
    assert found[0].value == value
    assert text[found[0].start : found[0].end] == extent


def test_seed_article() -> None:
    if not SEED.exists():
        pytest.skip("seed article not present")
    text = SEED.read_text(encoding="utf-8")
    got = {(x.text, x.value) for x in tag(text, SUN)}
    for pair in [
        ("Friday", "2021-08-20"),
        ("Saturday", "2021-08-21"),
        ("Sunday", "2021-08-22"),
        ("Last week", "2021-W32"),
        ("the 1980s", "198"),
        ("currently", "PRESENT_REF"),
    ]:
        assert pair in got
    # TimeBank tags "N-unit" adjectives; the seed clip length is a DURATION, never a DATE.
    assert all(x.type == "DURATION" for x in tag(text, SUN) if "second" in x.text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The districts were seized on Friday.", "2021-08-20"),
        ("The council will meet on Friday.", "2021-08-27"),
        ("The talks are expected to resume on Friday.", "2021-08-27"),
        ("Fighting is underway, Tolo News reported on Sunday.", "2021-08-22"),
        ("Voters go to the polls on Friday.", "2021-08-20"),  # no cue: news convention, past
        ("The law took effect in January.", "2021-01"),
        ("The law will take effect in January.", "2022-01"),
        ("The plant closed in October.", "2020-10"),
        ("The plant is scheduled to reopen in October.", "2021-10"),
    ],
)
def test_tense_resolution(text: str, value: str) -> None:
    assert only(text).value == value


def test_tense_override() -> None:
    assert only("Friday", tense="past").value == "2021-08-20"
    assert only("Friday", tense="future").value == "2021-08-27"
    assert only("Sunday", tense="past").value == "2021-08-22"


def test_narrative_anchoring() -> None:
    text = "The siege began on March 3, 2020. Two days later the town fell. The next day, aid came."
    found = tag(text, SUN)
    assert [(x.text, x.value, x.anchor) for x in found] == [
        ("March 3, 2020", "2020-03-03", "explicit"),
        ("Two days later", "2020-03-05", "narrative"),
        ("The next day", "2020-03-06", "narrative"),
    ]


def test_a_narrative_of_an_earlier_week_carries_its_weekdays_across_paragraphs() -> None:
    # Published Thursday 30 March 2023, three weeks after the story it tells.
    text = (
        "On Wednesday, March 8, the bank announced a loss. Its shares fell the next day.\n\n"
        "Regulators closed the bank on Friday morning. Over the weekend, officials worked"
        " on a plan, and on Sunday night they announced it.\n\n"
        "The FBI said Monday that it had opened an inquiry."
    )
    found = {x.text: x.value for x in tag(text, dt.date(2023, 3, 30))}
    assert found["the next day"] == "2023-03-09"
    assert found["Friday morning"] == "2023-03-10TMO"
    assert found["the weekend"] == "2023-W10-WE"
    assert found["Sunday night"] == "2023-03-12TNI"
    assert found["Monday"] == "2023-03-27"  # a saying is the writer's week


def test_or_so_makes_an_offset_approximate_not_a_duration() -> None:
    [week, night] = tag("Then, a week or so ago, he picked Saturday night.", dt.date(1991, 2, 25))
    assert (week.text, week.value, week.mod) == ("a week or so ago", "1991-W08", "APPROX")
    assert night.value == "1991-02-23TNI"  # the story moved on from an older date


def test_narrative_falls_back_to_dct() -> None:
    x = only("The following month, prices rose.")
    assert (x.value, x.anchor) == ("2021-09", "narrative")


def test_that_week_uses_earlier_date() -> None:
    found = tag("Protests began on June 12, 2019. That week, the police arrested dozens.", SUN)
    assert found[1].text == "That week"
    assert found[1].value == "2019-W24"


def test_that_day_after_a_coarser_time_is_only_known_to_lie_in_it() -> None:
    # A day of June (or of 1987), not its first: the value keeps what the text says.
    found = tag("Protests began in June 2019. That week, the police arrested dozens.", SUN)
    assert found[1].value == "2019-06"
    found = tag("In 1987 the market crashed. That day, traders fled.", SUN)
    assert found[1].value == "1987"
    found = tag("The summit was in March. That evening the leaders dined.", SUN)
    assert [t.text for t in found] == ["March"]


@pytest.mark.parametrize(
    ("dct", "value"),
    [(dt.date(2021, 8, 22), "2021-W32"), (dt.date(2021, 8, 23), "2021-W33"),
     (dt.date(2021, 1, 3), "2020-W52")],
)  # fmt: skip
def test_last_week_is_the_iso_week_before(dct: dt.date, value: str) -> None:
    assert only("Prices fell last week.", dct).value == value


@pytest.mark.parametrize(
    ("text", "extent"),
    [
        ("It happened on Friday.", "Friday"),
        ("It happened in January.", "January"),
        ("It happened in 1990.", "1990"),
        ("It has grown since 2001.", "2001"),
    ],
)
def test_extent_excludes_preposition(text: str, extent: str) -> None:
    assert only(text).text == extent


def test_anchor_kinds() -> None:
    assert only("It ended on Aug. 20, 2021.").anchor == "explicit"
    assert only("It ended on Friday.").anchor == "relative"
    assert only("It ended on Aug. 20.").anchor == "relative"


def test_not_temporal() -> None:
    assert tag("Prices may fall, and the march went on.", SUN) == []
    assert tag("The 6-year-old boy paid $2000 and 1990 percent.", SUN) == []


def test_output_sorted_non_overlapping_and_frozen() -> None:
    found = tag("Yesterday, on Aug. 20, 2021, and last week, and in the 1980s.", SUN)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    with pytest.raises(dataclasses.FrozenInstanceError):
        found[0].value = "x"  # type: ignore[misc]


def test_exports_kept() -> None:
    assert interval("2021-W32", SUN) == Interval(dt.date(2021, 8, 9), dt.date(2021, 8, 16), "week")


OCT89 = dt.date(1989, 10, 26)  # a Thursday, in an earnings season

# (sentence, document date, extent, value) for the rules learned from TimeBank practice
MORE_CASES = [
    # an earnings report: "a year earlier" and "the quarter" follow the quarter in discussion
    ("Profit rose in the third quarter from $5 million a year earlier.", OCT89,
     "a year earlier", "1988-Q3"),
    ("Sales in the latest quarter were flat.", OCT89, "the latest quarter", "1989-Q3"),
    ("Revenue for the quarter ended Sept. 30 rose 5%.", OCT89, "the quarter", "1989-Q3"),
    ("Its third-quarter profit fell.", OCT89, "third-quarter", "1989-Q3"),
    ("In the first half of 1989, sales rose.", OCT89, "the first half of 1989", "1989-H1"),
    # month and day without a year: the nearest one, even when a report verb is past
    ("The dividend is payable Dec. 15 to holders of record, the company said.", OCT89,
     "Dec. 15", "1989-12-15"),
    # deadlines look ahead
    ("The bank extended loans through January.", OCT89, "January", "1990-01"),
    ("In January this year, police concluded the search.", dt.date(1998, 2, 19),
     "January this year", "1998-01"),
    ("Saturday, April 25: the court took a detour.", dt.date(1998, 4, 24),
     "Saturday, April 25", "1998-04-25"),
    # holidays, spoken years, decades in words
    ("Elian was found on Thanksgiving Day.", dt.date(2000, 1, 7), "Thanksgiving Day",
     "1999-11-25"),
    ("Atlanta, nineteen ninety-six. A bomb blast.", dt.date(1998, 2, 27),
     "nineteen ninety-six", "1996"),
    ("The nineties were good.", OCT89, "The nineties", "199"),
    # clock times with their day
    ("Talks were set for 10 p.m. Wednesday.", dt.date(1998, 2, 13), "10 p.m. Wednesday",
     "1998-02-11T22:00"),
    ("The race started at 15:00 GMT Saturday.", dt.date(2013, 3, 22), "15:00 GMT Saturday",
     "2013-03-16T15:00"),
    ("Guards stood there until noon Thursday.", OCT89, "noon Thursday", "1989-10-26T12:00"),
    # durations and sets
    ("Prices have risen in recent weeks.", OCT89, "recent weeks", "PXW"),
    ("It took 2 1/2 years to finish.", OCT89, "2 1/2 years", "P2Y6M"),
    ("The two-year plan was approved.", OCT89, "two-year", "P2Y"),
    ("The 14-second clip went viral.", OCT89, "14-second", "PT14S"),
    ("The market opens each July.", OCT89, "each July", "XXXX-07"),
    ("The choir meets twice a week.", OCT89, "a week", "P1W"),
    ("Rents rose over the weekend.", dt.date(2021, 8, 25), "the weekend", "2021-W33-WE"),
    ("It is the 11th century temple of Angkor.", OCT89, "11th century", "10"),
    ("The pandemic of 2009-2010 killed 348 children.", OCT89, "2010", "2010"),
    ("He said the plan would take effect at the end of the year.", OCT89,
     "the end of the year", "1989"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "dct", "extent", "value"), MORE_CASES)
def test_timebank_practice(text: str, dct: dt.date, extent: str, value: str) -> None:
    test_rule(text, dct, extent, value)


@pytest.mark.parametrize(
    ("text", "dct", "value"),
    [
        # a reporting verb right before the weekday governs it, not the "would" after
        ("New Zealand said Friday that it would send troops.", dt.date(1998, 8, 20),
         "1998-08-14"),
        # a possessive weekday names something that has happened
        ("Relatives said they would fight Wednesday's ruling.", dt.date(2000, 1, 7),
         "2000-01-05"),
        # a participle after "be" is not a past tense
        ("Collins will be named commander for a mission in December.", dt.date(1998, 3, 4),
         "1998-12"),
        # a payment due, a dividend payable, a hearing set for: a schedule looks ahead
        ("The first payment is due Dec. 7.", dt.date(2023, 5, 17), "2023-12-07"),
        ("A hearing on the request is set for Thursday.", dt.date(2024, 10, 23), "2024-10-24"),
        # a deadline looks ahead, also with "at least" between ("closed until at least")
        ("Operators canceled flights until at least Friday.", dt.date(2023, 7, 20),
         "2023-07-21"),
        # a cue inside a quotation does not give the tense of a time outside it
        ('"We will appeal at once," the attorney general said in a statement Tuesday.',
         dt.date(2024, 10, 23), "2024-10-22"),
        # a period after "vs." ends no sentence: the verb beyond it still gives the tense
        ("In January, after the Roe vs. Wade anniversary, a clinic was bombed.",
         dt.date(1998, 10, 25), "1998-01"),
        # a past "be" before a future cue is the plan's auxiliary: the plan looks ahead
        ("Protesters planned a large demonstration in Little Havana on Saturday and were"
         " planning to march.",
         dt.date(2000, 1, 7), "2000-01-08"),
        # a future cue that is a noun ("plans for") or an adjective ("the hastily planned
        # trip") plans nothing
        ("On Friday, the minister set aside vacation plans for a trip.", dt.date(1998, 8, 17),
         "1998-08-14"),
        ("On Friday, he set out on the hastily planned trip.", dt.date(1998, 8, 17),
         "1998-08-14"),
        # a past verb far from a quarter is weaker than nearness: the coming fourth quarter
        ("Ford has announced sweeping cuts of 21% in its production, resulting in the partial"
         " closure of ten of its plants during the fourth quarter.", dt.date(2006, 8, 19),
         "2006-Q4"),
        # "this summer" is the document year's, whatever the tense
        ("Protesters pledged to join the marches this summer.", dt.date(1998, 3, 22),
         "1998-SU"),
        ("The stock began trading this summer at $14.", dt.date(1989, 11, 1), "1989-SU"),
    ],
)  # fmt: skip
def test_tense_cues(text: str, dct: dt.date, value: str) -> None:
    assert tag(text, dct)[0].value == value


def test_durations_and_sets_are_not_anchored() -> None:
    found = tag("It lasted three years and happens daily.", SUN)
    assert [(x.type, x.anchor) for x in found] == [("DURATION", "explicit"), ("SET", "explicit")]


@pytest.mark.parametrize(
    "text",
    [
        "Three-quarters of the staff left.", "The 6-year-old boy smiled.", "Sales may rise.",
        # a month that is a common noun, named as an event
        "Thousands joined the annual March for Life on Capitol Hill.",
        "She led the ``March of the Combatant Mothers'' through Havana.",
        # "annual" names a year's length only for a result measured over it
        "Holders adopted the plan at the annual meeting.",
        # a reference word that a hyphen joins into an adjective
        "Senators spoke against the now-cancelled lease.",
        # a "-to-" compound is an adjective ("the quarter-to-quarter comparison")
        "The quarter-to-quarter comparison was also enhanced by charges.",
        # a statistic's period is no set ("average daily volume")
        "It was less than 5% of Nasdaq's average daily volume.",
        # an edge of a part of the day with no day named: which day is not said
        "By mid afternoon, official sources were saying the operation was over.",
    ],
)  # fmt: skip
def test_not_tagged(text: str) -> None:
    assert tag(text, OCT89) == []


def test_a_month_before_for_is_still_a_month_without_a_determiner() -> None:
    assert only("He was arrested in March for fraud.", OCT89).value == "1989-03"


def test_the_day_before_in_apposition_to_a_date_is_that_date() -> None:
    found = tag("Eight trading days after Oct. 12, the day before the stock market plunge,"
                " the index fell.", OCT89)  # fmt: skip
    assert [(x.text, x.value) for x in found][-2:] == [
        ("Oct. 12", "1989-10-12"), ("the day", "1989-10-12"),
    ]  # fmt: skip


def test_signal_stays_outside_the_day_before() -> None:
    found = tag("On March 3, 2020 they met; the day before the vote, they argued.", SUN)
    assert [(x.text, x.value) for x in found] == [
        ("March 3, 2020", "2020-03-03"),
        ("the day", "2020-03-02"),
    ]


@pytest.mark.parametrize("dct", [dt.date.min, dt.date.max, dt.date(2024, 2, 29)])
def test_extreme_document_dates_do_not_crash(dct: dt.date) -> None:
    text = "Last year, next year, in January, on Friday, Feb. 29, a decade ago, the 31st."
    assert all(x.text == text[x.start : x.end] for x in tag(text, dct))


def test_empty_and_blank_text() -> None:
    assert tag("", SUN) == []
    assert tag(" \n\t ", SUN) == []


def test_days_that_do_not_exist_get_no_day_value() -> None:
    found = tag("It was due Feb. 30, 2021, or on 2021-02-30.", SUN)
    assert all("-02-30" not in x.value for x in found)


def test_an_ed_adjective_after_a_determiner_and_an_adverb_gives_no_past_tense() -> None:
    oct89 = dt.date(1989, 10, 26)
    found = tag("The split would be paid on a still unspecified date in January.", oct89)
    assert found[0].value == "1990-01"


def test_a_date_after_since_is_past() -> None:
    found = tag("Investigators have been searching for Kopp since shortly after the Oct. 23 "
                "slaying.", dt.date(1999, 5, 6))  # fmt: skip
    assert found[0].value == "1998-10-23"


def test_a_far_verb_of_the_sentence_tells_the_tense_when_none_is_near() -> None:
    found = tag("In January, a week after the 25th anniversary of the Roe vs. Wade Supreme "
                "Court decision, a clinic bombing in Birmingham, Ala., killed a security guard.",
                dt.date(1998, 10, 25))  # fmt: skip
    assert found[0].value == "1998-01"


def test_a_half_or_quarter_of_the_year_is_one_expression() -> None:
    found = tag("It expects demand to recover in the second half of the year.", dt.date(2024, 8, 1))
    assert [(x.text, x.value) for x in found] == [("the second half of the year", "2024-H2")]


def test_months_that_are_no_calendar_quarter_make_no_quarter() -> None:
    found = tag("Sales rose in the February-April period.", dt.date(2024, 8, 1))
    assert all(x.value != "2024-Q1" for x in found)
