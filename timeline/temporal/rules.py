"""The tagger's rules, as data: one row per shape of temporal expression.

Each row is HeidelTime's resource shape: a pattern, the strategy that turns a match
into a TIMEX3 value, and an example sentence with the value it must get (a test runs
every row's example). Patterns are regular-expression syntax whose every word comes
from a table of timeline/temporal/tables.py through a placeholder (`%MONTH`, `%THE`;
see timeline/temporal/patterns.py): adding a spelling to a table teaches every rule
that uses it, and no rule hides a word of its own.

Strategies (`resolve`) are the functions of timeline/temporal/tagger.py of that name
(`r_<resolve>`): an explicit date reads its groups; an underspecified one ("Friday",
"in January", "the third quarter") takes `nearest_occurrence` of the reference time;
a narrative one ("two days later") counts from the latest time the text placed.

The order is the priority between rules whose matches have the same length.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

SUN: Final = dt.date(2021, 8, 22)  # a Sunday
OCT89: Final = dt.date(1989, 10, 26)  # a Thursday, in an earnings season


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: str  # regex syntax with %VOCABULARY placeholders and no words
    resolve: str  # the strategy: tagger.r_<resolve>
    example: str  # a sentence the rule tags ...
    extent: str  # ... this expression of it ...
    value: str  # ... with this value ...
    dct: dt.date = SUN  # ... against this document date
    apostrophe: bool = False  # may start with an apostrophe ('82, '80s)


RULES: Final[tuple[Rule, ...]] = (
    Rule(
        "iso",
        r"(?P<year>\d{4})-(?P<mon>[01]\d)-(?P<day>[0-3]\d)"
        r"(?:T(?P<hour>[0-2]\d):(?P<minute>[0-5]\d))?",
        "iso", "The filing is dated 2021-08-20.", "2021-08-20", "2021-08-20",
    ),
    Rule(
        "slash",
        r"(?P<mon>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>\d{4}|\d\d)",
        "slash", "The form was stamped 8/20/2021 by the clerk.", "8/20/2021", "2021-08-20",
    ),
    Rule(
        # Aug. 20, 2021; Friday, Aug. 20; August 2021; mid-December; October of next year
        "mdy",
        r"(?:(?P<wd>%WEEKDAY),?%S)?(?:(?P<mod>%POINT_MOD)%H)?(?P<month>%MONTH)(?:%S(?P<day>%DAY))?"
        r"(?:,?%S(?:%OF%S)?(?:(?P<year>%YEAR)|(?P<yshift>%YEAR_SHIFT)%S%YEAR_WORD\b|%SPOKEN_YEAR))?",
        "mdy", "The deal closed on Aug. 20, 2021.", "Aug. 20, 2021", "2021-08-20",
    ),
    Rule(
        "dmy",  # 20 August 2021; the 20th of August
        r"(?:%THE%S)?(?P<day>%DAY)%S(?:%OF%S)?(?P<month>%MONTH)(?:,?%S(?P<year>%YEAR))?",
        "dmy", "It was signed 20 August 2021 in Doha.", "20 August 2021", "2021-08-20",
    ),
    Rule(
        "dmy_list",  # 21, 23 and 25 June: each day of a list that ends with its month
        r"(?P<day>%DAY)(?=(?:,%S%DAY){0,6},?%S%COORDINATION%S%DAY%S(?:%OF%S)?(?P<month>%MONTH)"
        r"(?:,?%S(?P<year>%YEAR))?)",
        "dmy", "Rail workers struck on 21, 23 and 25 June.", "21", "2021-06-21",
    ),
    Rule(
        "mdy_list",  # April 24 and 25: a day of a list that starts with its month
        r"%AFTER_COORDINATION(?P<day>%DAY)(?=%LIST_END)",
        "mdy_list", "The summit will be held on April 24 and 25.", "25", "1999-04-25",
        dt.date(1999, 2, 10),
    ),
    Rule(
        "nth",  # the 20th (of the month the document date is in, or the one before)
        r"%THE%S(?P<day>[0-3]?\d)%ORD(?!\s{0,3}[-\w])",
        "nth", "Snow fell on the 20th.", "the 20th", "2021-08-20",
    ),
    Rule(
        "weekday",  # Friday; last Friday; Friday morning; late Friday
        r"(?:(?P<mod>%DAY_MOD)%S)?(?:%THE%S(?P<nshift>%NARR_SHIFT)%S|(?P<shift>%SHIFTER)%S)?"
        r"(?P<wd>%WEEKDAY)(?:%S(?P<pod>%POD))?",
        "weekday", "The districts were seized on Friday.", "Friday", "2021-08-20",
    ),
    Rule(
        "dayword",  # today, yesterday morning, tonight, late yesterday
        r"(?:(?P<mod>%DAY_MOD)%S)?(?P<dw>%DAY_WORDS)(?:%S(?P<pod>%POD))?",
        "dayword", "Two ministers resigned yesterday.", "yesterday", "2021-08-21",
    ),
    Rule(
        "thispod",  # this morning, last night
        r"(?:%EDGE_MOD%S)?(?P<shift>%POD_SHIFT)%S(?P<pod>%POD)",
        "thispod", "Officials met this morning.", "this morning", "2021-08-22TMO",
    ),
    Rule(
        "ref",  # now, currently, recently, recent, soon, the future ...
        r"(?P<ref>%REF)",
        "ref", "He is currently abroad.", "currently", "PRESENT_REF",
    ),
    Rule(
        "term",  # the near term, the long term
        r"%THE%S(?P<term>%TERM_WORD)%S%TERM",
        "term", "Rates will stay low in the near term.", "the near term", "FUTURE_REF",
    ),
    Rule(
        # last week, earlier this month, the past year, next April, the end of the month, the
        # next year or so
        "shift",
        r"(?:(?:(?P<mod>%POINT_MOD)|(?P<emod>%EDGE_MOD))%S)?(?:(?P<the>%THE)%S)?(?P<shift>%SHIFTER)%S"
        r"(?:(?P<fiscal>%FISCAL)%S)?(?P<unit>%SHIFT_UNIT|%SEASON|%FULL_MONTH)"
        r"(?:%S(?P<orso>%APPROX_AFTER))?",
        "shift", "Officials said last week that nothing changed.", "last week", "2021-W32",
    ),
    Rule(
        "theunit",  # the end of the year, the middle of the week, the start of the day
        r"(?P<mod>%POINT_MOD)%S(?:%THE%S)?(?P<unit>%EDGE_UNIT)",
        "theunit", "The bill is due at the end of the month.", "the end of the month", "2021-08",
    ),
    Rule(
        "report_day",  # market reports: "to end the day at", "for the week"
        r"%THE%S(?P<unit>%DAY_WORD|%WEEK_WORD)(?!-)",
        "report_day", "The Dow fell 3.4% to end the day at 7,114.", "the day", "2021-08-22",
    ),
    Rule(
        # earnings reports: "for the year", "the first nine months of the year", "lower
        # earnings for the fiscal year"
        "report_year",
        r"%THE%S(?:%WHOLE%S)?(?:%FISCAL%S)?%YEAR_WORD(?![-'\u2019]|%S%ENDED\b)",
        "report_year", "For the year, net income rose 5%.", "the year", "1989", OCT89,
    ),
    Rule(
        "year_end",  # year-end, by year's end, around year end
        r"%YEAR_WORD(?:['\u2019]s%S|(?P<hy>-)|%S)%END_WORD",
        "year_end", "The merger should close by year-end.", "year-end", "1989-12-31", OCT89,
    ),
    Rule(
        "year_ended",  # "the year ended June 30": a fiscal year, twelve months long
        r"%THE%S(?:%FISCAL%S)?%YEAR_WORD(?=%S%ENDED\b)",
        "year_ended", "Net income for the year ended June 30 rose.", "the year", "P1Y", OCT89,
    ),
    Rule(
        "narr",  # the next day, that week, the following month, later that year
        r"(?:(?P<emod>%EDGE_MOD)%S)?(?:%THE%S(?P<nshift>%NARR_SHIFT)|(?P<that>%THAT))%S"
        r"(?P<unit>%NARR_UNIT)",
        "narr", "Protests began in June 2019. That week, the police arrested dozens.",
        "That week", "2019-06",  # a week of June: which one, the text does not say
    ),
    Rule(
        "weekend",  # the weekend (the nearest one, by tense)
        r"%THE%S%WEEKEND",
        "weekend", "Rents rose over the weekend.", "the weekend", "2021-W33-WE",
        dt.date(2021, 8, 25),
    ),
    Rule(
        "narr2",  # the day before (the TIMEX is "the day"; "before" is a signal)
        r"%THE%S(?P<unit>%SIGNAL_UNIT)(?=%S(?P<dir>%REL_SIGNAL)\b)",
        "narr2", "On March 3, 2020 they met; the day before the vote, they argued.",
        "the day", "2020-03-02",
    ),
    Rule(
        "pod",  # in the morning, during the afternoon
        r"%THE%S(?P<pod>%POD)",
        "pod", "The shops reopened in the morning.", "the morning", "2021-08-22TMO",
    ),
    Rule(
        # mid-afternoon yesterday, late evening Friday: an edge of a part of a named day
        "edge_pod",
        r"(?P<mod>%DECADE_MOD)%H(?P<pod>%POD)(?:%S(?:(?P<dw>%CLOCK_DAY_WORD)|(?P<wd>%WEEKDAY_FULL)))?",
        "edge_pod", "In London at mid-afternoon yesterday, the shares were up.",
        "mid-afternoon yesterday", "2021-08-21TAF",
    ),
    Rule(
        "ago",  # two days ago, a decade ago, three years later, 10 months earlier
        r"(?:(?P<amod>%AMOUNT_MOD)%S)?(?P<num>%NUM)%H(?P<unit>%UNIT_ANY)%S"
        r"(?:(?P<approx>%APPROX_AFTER)%S)?(?P<dir>%DIRECTION)(?!%S%COMPARISON\b)",
        "ago", "He arrived two days ago.", "two days ago", "2021-08-20",
    ),
    Rule(
        # the same month a year ago, the corresponding period last year
        "same_period",
        r"(?:%THE%S)?(?P<same>%SAME)%S(?P<unit>%SAME_UNIT)(?:%S%OF)?%S(?P<back>%YEAR_BACK)",
        "same_period", "Sales rose 4% from the same month a year ago.",
        "the same month a year ago", "2008-02", dt.date(2009, 2, 15),
    ),
    Rule(
        # three years, two-year, the past three years, the first nine months, six straight days,
        # in over six years, the next two years or so
        "duration",
        r"(?:(?P<amod>%AMOUNT_MOD)%S|(?P<over>%OVER)%S)?"
        r"(?:(?P<the>%THE)%S(?:(?P<pl>%DURATION_DET)%S)?)?"
        r"(?:(?P<amod2>%AMOUNT_MOD)%S)?(?P<num>%NUM)(?:%S%MORE)?(?:%S(?P<adj>%DURATION_ADJ))?"
        r"%H(?P<unit>%UNIT_ANY)(?P<old>-%OLD)?(?!-)(?P<half>%S%HALF_WORDS)?"
        r"(?:%S(?P<orso>%APPROX_AFTER))?",
        "duration", "Output fell over the past three years.", "the past three years", "P3Y",
    ),
    Rule(
        # for a second consecutive day, fourth week in a row, the eighth day of the siege
        "streak",
        r"(?:(?:%A|%THE)%S)?(?P<ord>%STREAK_ORD)(?:%S(?P<adj>%STREAK_ADJ))?%S(?P<unit>%STREAK_UNIT)"
        r"(?![-\w])(?:(?=%S(?P<row>%IN_A_ROW))|)",
        "streak", "Trading has been suspended for a second consecutive day.",
        "a second consecutive day", "2021-08-22",
    ),
    Rule(
        "unit_long",  # decades-long, a day-long strike
        r"(?P<unit>%UNIT_ANY)-%LONG",
        "unit_long", "The decades-long dispute ended in a deal.", "decades-long", "PXY",
    ),
    Rule(
        "period_adj",  # its first annual loss: the length of the period a result covers
        r"(?P<padj>%PERIOD_ADJ)(?=%S%RESULT_NOUN\b)",
        "period_adj", "GM posted its first annual loss since 1992.", "annual", "P1Y",
    ),
    Rule(
        "vague",  # years, months, decades (vague durations); weeks or months
        r"(?:(?P<recent>%RECENT)%S|(?P<coming>%COMING)%S)?(?P<vunit>%VAGUE_PLURAL)"
        r"(?:%S%COORDINATION%S%VAGUE_PLURAL)?",
        "vague", "Prices have risen in recent weeks.", "recent weeks", "PXW", OCT89,
    ),
    Rule(
        "year",  # 1990, fiscal 1989, early 2020, the end of 1990, FY2021
        r"(?:(?P<fiscal>%FISCAL_WORD)%S?)?(?:(?P<mod>%POINT_MOD)%H)?"
        r"(?<![$#\u20ac\u00a3.,])(?P<year>%YEAR)(?!\s{0,2}%PERCENT|[.,]\d)",
        "year", "Rents rose in 2019, the agency said.", "2019", "2019",
    ),
    Rule(
        "year_abbrev",  # '82: a year of the century the document date is in
        r"(?<!['\u2019])['\u2019](?P<yy>\d\d)(?![\w'\u2019])",
        "year_abbrev", "He joined the band in '82 and left in 1990.", "'82", "1982",
        apostrophe=True,
    ),
    Rule(
        "spoken_year",  # nineteen ninety-six, the year two thousand
        r"(?:%THE%S%YEAR_WORD%S)?(?:%SPOKEN_YEAR)",
        "spoken_year", "Atlanta, nineteen ninety-six. A bomb blast.", "nineteen ninety-six",
        "1996", dt.date(1998, 2, 27),
    ),
    Rule(
        "decade",  # the 1980s, the '80s, the mid-1990s, the 70s and 80s
        r"(?:(?P<the>%THE)%S)?(?:(?P<mod>%DECADE_MOD)%H)?"
        r"(?:(?P<cent>1[0-9]|20)(?P<dec>\d)0|['\u2019](?P<dec2>\d)0|(?P<dec3>[1-9])0)['\u2019]?s",
        "decade", "Prices doubled in the 70s and 80s.", "80s", "198", apostrophe=True,
    ),
    Rule(
        "decade_word",  # the nineties
        r"%THE%S(?:(?P<mod>%DECADE_MOD)%H)?(?P<dw>%DECADE_WORD)",
        "decade_word", "The nineties were good.", "The nineties", "199", OCT89,
    ),
    Rule(
        "century",  # the 20th century, the nineteenth century
        r"(?:%THE%S)?(?:(?P<mod>%DECADE_MOD)%H)?(?P<cent>\d{1,2}%ORD|%CENTURY_WORD)%H%CENTURY_UNIT",
        "century", "Steam engines defined the 19th century.", "the 19th century", "18",
    ),
    Rule(
        # the third quarter, third-quarter, the first half of 2021, this year's third
        # quarter, the first quarter of last year
        "quarter",
        r"(?:(?P<the>%THE)%S)?(?:(?P<pre>%QUARTER_DET|(?P<pyear>%YEAR)(?:['\u2019]s)?"
        r"|(?P<pshift>%YEAR_SHIFT)%S%YEAR_WORD['\u2019]s|(?P<pago>%YEAR_AGO_ADJ))%S)?"
        r"(?:(?P<fiscal>%FISCAL)%S)?"
        r"(?P<ord>%PERIOD_ORDINAL)(?P<hy>%H)(?P<qh>%PERIOD_PART)"
        r"(?:%S(?:%OF%S)?(?:(?:%FISCAL|%THE)%S)?"
        r"(?:(?P<year2>%YEAR)|(?P<yshift>%YEAR_SHIFT)%S%YEAR_WORD\b|(?P<yword>%YEAR_WORD)\b))?",
        "quarter", "Sales fell 12% in the first quarter of last year.",
        "the first quarter of last year", "2008-Q1", dt.date(2009, 5, 7),
    ),
    Rule(
        "month_quarter",  # "the April-June quarter": the calendar quarter those months make
        r"(?:%THE%S)?(?P<m1>%MONTH)\s?[-\u2013/]\s?(?P<m2>%MONTH)%S(?:%QUARTER_WORD|%PERIOD_WORD)",
        "month_quarter", "Operating profit fell 20% in the April-June quarter.",
        "the April-June quarter", "2024-Q2", dt.date(2024, 8, 1),
    ),
    Rule(
        "week_of",  # the week of March 6, the last week of March (a week of a month)
        r"%THE%S(?:(?P<ord>%PERIOD_ORDINAL)%S)?%WEEK_WORD%S%OF%S(?P<month>%MONTH)"
        r"(?:%S(?P<day>%DAY))?(?:,?%S(?P<year>%YEAR))?",
        "week_of", "Car sales rebounded in the last week of March 2009.",
        "the last week of March 2009", "2009-W13",
    ),
    Rule(
        "qref",  # the quarter, the latest quarter, the year-ago period, year-earlier
        r"%THE%S(?:(?P<which>%QUARTER_REF)%S)?%QUARTER_WORD"
        r"|%THE%S(?P<which2>%PERIOD_REF)%S%PERIOD_WORD|(?P<adj>%YEAR_AGO_ADJ)",
        "qref", "Sales in the latest quarter were flat.", "the latest quarter", "1989-Q3", OCT89,
    ),
    Rule(
        "year_quarter",  # the 1988 quarter, last year's period: the quarter of the report
        r"(?:%THE%S(?P<year>%YEAR)|(?P<pshift>%YEAR_SHIFT)%S%YEAR_WORD['\u2019]s)%S"
        r"(?:%QUARTER_WORD|%PERIOD_WORD)",
        "year_quarter", "Profit rose in the third quarter from $5 million in the 1988 quarter.",
        "the 1988 quarter", "1988-Q3", OCT89,
    ),
    Rule(
        "qcode",  # Q3, Q3 2021, 3Q
        r"(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)(?:%S(?P<year>%YEAR))?",
        "qcode", "Sales rose 5% in Q2 2020.", "Q2 2020", "2020-Q2",
    ),
    Rule(
        "season",  # summer, the summer of 1990, last fall, winter 2020, in spring
        r"(?:(?P<the>%THE)%S)?(?:(?P<mod>%DECADE_MOD)%H)?(?P<season>%SEASON)"
        r"(?:%S(?:%OF%S)?(?:(?P<year>%YEAR)|%SPOKEN_YEAR))?",
        "season", "They married in the summer of 1999.", "the summer of 1999", "1999-SU",
    ),
    Rule(
        "holiday",  # Thanksgiving, Christmas Day, Election Day, Black Friday
        r"(?:(?P<shift>%YEAR_SHIFT)%S)?(?P<hol>%HOLIDAY)",
        "holiday", "Shoppers lined up before dawn on Black Friday.", "Black Friday",
        "2020-11-27",
    ),
    Rule(
        "historic_day",  # Black Monday: a day history named once
        r"(?P<hist>%HISTORIC_DAY)",
        "historic_day", "Stocks have not fallen so fast since Black Monday.", "Black Monday",
        "1987-10-19",
    ),
    Rule(
        # 2:30 p.m., 10 a.m. EST Wednesday, 16:15 UTC, June 1, 0800 UTC, noon Thursday
        "clock",
        r"(?:(?P<hour>[012]?\d)(?:[:.](?P<minute>[0-5]\d))?\s{0,2}(?P<ampm>%MERIDIEM)"
        r"(?:\s{1,2}(?P<tz>%TIME_ZONE))?"
        r"|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\s{1,2}(?P<tz24>%TIME_ZONE)"
        r"|(?P<mil>[01]\d|2[0-3])(?P<milm>[0-5]\d)\s{1,2}(?P<tzm>%TIME_ZONE)"
        r"|(?P<word>%CLOCK_WORD))"
        r"(?:,?%S(?:%ON%S)?(?:(?P<cwd>%WEEKDAY_FULL)|(?P<cdw>%CLOCK_DAY_WORD)"
        r"|(?P<cmonth>%MONTH)%S(?P<cday>%DAY)(?:,?%S(?P<cyear>%YEAR))?))?",
        "clock", "The launch was set for 16:15 UTC, June 1.", "16:15 UTC, June 1",
        "2021-06-01T16:15Z",
    ),
    Rule(
        "clock_pod",  # 4 in the morning
        r"(?P<hour>[01]?\d)%S%IN%S%THE%S(?P<pod>%CLOCK_POD)",
        "clock_pod", "The fire broke out at 4 in the morning.", "4 in the morning",
        "2021-08-22T04:00",
    ),
    Rule(
        "set",  # daily, weekly, every day, each year, every Monday, each July
        r"(?P<setword>%SET_WORD)|(?P<quant>%SET_QUANT)%S(?:(?P<other>%OTHER)%S)?"
        r"(?:(?P<wd>%WEEKDAY_FULL)|(?P<unit>%UNIT|%SEASON)|(?P<month>%FULL_MONTH))",
        "set", "The market is open every Monday.", "every Monday", "XXXX-WXX-1",
    ),
)  # fmt: skip
