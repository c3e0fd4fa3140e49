"""Vocabulary of temporal expressions, as data.

The tagger builds its regular expressions from these tables and looks words up
in them; adding a spelling here is enough for the tagger to know it. Keys are
lower case: matching is case-insensitive.
"""

from __future__ import annotations

from typing import Final

MONTHS: Final[dict[str, int]] = {
    "january": 1, "jan": 1,
    "february": 2, "feb": 2,
    "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "may": 5,
    "june": 6, "jun": 6,
    "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

# Month spellings that are also ordinary English words: only a capitalised
# form counts as a month ("in May", not "may rise"; "in March", not "a march").
AMBIGUOUS_MONTHS: Final[frozenset[str]] = frozenset({"may", "march", "mar", "jan", "jun", "sep"})

# A month that is also a common noun names an event after a determiner and before what
# the event is for or about: "the annual March for Life", "the March of the Mothers".
EVENT_NAME_DETERMINERS: Final[tuple[str, ...]] = ("the", "a", "an", "annual", "its", "their")
EVENT_NAME_AFTER: Final[tuple[str, ...]] = ("for", "of", "on", "against")

WEEKDAYS: Final[dict[str, int]] = {
    "monday": 0, "mon": 0,
    "tuesday": 1, "tues": 1, "tue": 1,
    "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thu": 3,
    "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip

# Abbreviated weekdays are only trusted with their dot ("Sat.", not "sat").
WEEKDAY_ABBREVS: Final[frozenset[str]] = frozenset(
    {"mon", "tues", "tue", "wed", "thurs", "thu", "fri", "sat", "sun"}
)

NUMBERS: Final[dict[str, int]] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a dozen": 12, "dozen": 12,
    "a couple of": 2, "a couple": 2, "couple of": 2,
}  # fmt: skip

# Quantities TimeML writes as an unknown digit: "several years" is PXY.
VAGUE_NUMBERS: Final[frozenset[str]] = frozenset(
    {"several", "a few", "few", "some", "many", "the next several", "numerous", "a number of"}
)  # fmt: skip

ORDINALS: Final[dict[str, int]] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
    "4th": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "last": -1, "final": -1,
}  # fmt: skip

# Calendar units: the TimeML duration letter, whether it is a time (PT...) unit,
# and the granularity of a date shifted by it.
UNITS: Final[dict[str, tuple[str, bool]]] = {
    "second": ("S", True), "sec": ("S", True),
    "minute": ("M", True), "min": ("M", True),
    "hour": ("H", True), "hr": ("H", True),
    "day": ("D", False), "night": ("D", False),
    "week": ("W", False), "fortnight": ("W2", False),
    "month": ("M", False),
    "quarter": ("Q", False),
    "year": ("Y", False), "yr": ("Y", False),
    "decade": ("DE", False),
    "century": ("CE", False),
    "millennium": ("ML", False),
}  # fmt: skip

# Units a date can be shifted by ("two weeks ago"); clock units are not.
CALENDAR_GRANS: Final[frozenset[str]] = frozenset(
    {"day", "week", "month", "quarter", "year", "decade", "century"}
)

# Plural spellings back to the unit.
UNIT_PLURALS: Final[dict[str, str]] = {
    "seconds": "second", "secs": "second", "minutes": "minute", "mins": "minute",
    "hours": "hour", "hrs": "hour", "days": "day", "nights": "night", "weeks": "week",
    "fortnights": "fortnight", "months": "month", "quarters": "quarter", "years": "year",
    "yrs": "year", "decades": "decade", "centuries": "century", "millennia": "millennium",
}  # fmt: skip

SEASONS: Final[dict[str, str]] = {
    "spring": "SP",
    "summer": "SU",
    "fall": "FA",
    "autumn": "FA",
    "winter": "WI",
}
# Seasons that are also common nouns/verbs ("the fall in prices", "hot spring"):
# they need a determiner or a year to count.
AMBIGUOUS_SEASONS: Final[frozenset[str]] = frozenset({"spring", "fall"})

PARTS_OF_DAY: Final[dict[str, str]] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
    "overnight": "NI", "noon": "MI", "midday": "MI",
}  # fmt: skip

# Words for a fixed day relative to the document date: offset in days and,
# for "tonight"/"this morning", the part of day that makes them a TIME.
DAY_WORDS: Final[dict[str, int]] = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}

# Words whose value is a TimeML reference token.
REF_WORDS: Final[dict[str, str]] = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "presently": "PRESENT_REF", "nowadays": "PRESENT_REF", "these days": "PRESENT_REF",
    "at present": "PRESENT_REF", "the present": "PRESENT_REF", "right now": "PRESENT_REF",
    "just now": "PRESENT_REF", "so far": "PRESENT_REF", "to date": "PRESENT_REF",
    "recently": "PAST_REF", "recent": "PAST_REF", "lately": "PAST_REF",
    "previously": "PAST_REF", "formerly": "PAST_REF", "once": "PAST_REF", "the time": "PAST_REF",
    "the past": "PAST_REF", "in the past": "PAST_REF", "earlier": "PAST_REF",
    "recent years": "PAST_REF", "more recently": "PAST_REF",
    "the future": "FUTURE_REF", "future": "FUTURE_REF",
    "soon": "FUTURE_REF", "the near future": "FUTURE_REF", "shortly": "FUTURE_REF",
    "the coming years": "FUTURE_REF", "the years ahead": "FUTURE_REF",
}  # fmt: skip
# Words the TimeBank annotators tag less often than not ("previously", "future" as
# an adjective, "once") stay out: tagging them costs more precision than it gains.
REF_WORDS_TAGGED: Final[frozenset[str]] = frozenset(
    k
    for k in REF_WORDS
    if k
    not in {"once", "earlier", "so far", "to date", "in the past", "previously", "formerly",
            "future", "shortly", "the time"}
)  # fmt: skip

# Modifiers of a point in time ("early 2020" is 2020 with mod START). The patterns
# are built from these keys, so every modifier listed here is applied.
POINT_MODS: Final[dict[str, str]] = {
    "early": "START", "late": "END", "mid": "MID",
    "the start of": "START", "the beginning of": "START", "the end of": "END",
    "the middle of": "MID", "start of": "START", "beginning of": "START", "end of": "END",
    "middle of": "MID",
}  # fmt: skip
# Edges of a period named relative to now: "earlier this month", "later this year".
EDGE_MODS: Final[dict[str, str]] = {"earlier": "START", "later": "END"}
# Modifiers of a day ("late Friday", "earlier today") and of a decade ("the mid-1990s").
DAY_MODS: Final[tuple[str, ...]] = ("early", "late", "earlier", "later")
DECADE_MODS: Final[tuple[str, ...]] = ("early", "mid", "late")
# Modifiers of an amount of time ("about two weeks"). TimeML leaves "over" outside the
# expression as a signal ("over the past three years": 19 of 21 in TimeBank+AQUAINT),
# so it is no modifier here.
AMOUNT_MODS: Final[dict[str, str]] = {
    "about": "APPROX", "around": "APPROX", "roughly": "APPROX", "approximately": "APPROX",
    "some": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "less than": "LESS_THAN",
    "more than": "MORE_THAN", "at least": "EQUAL_OR_MORE", "up to": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS", "not more than": "EQUAL_OR_LESS",
    "no less than": "EQUAL_OR_MORE", "not less than": "EQUAL_OR_MORE",
}  # fmt: skip
# ... but "over" is "more than" after these ("in over six years", "just over an hour
# later", "a tour likely to last over a week"), and a signal elsewhere ("evolved over
# several years", "over the past three years").
OVER_MODS: Final[dict[str, str]] = {"over": "MORE_THAN"}
OVER_LEADS: Final[tuple[str, ...]] = (
    "in", "for", "just", "last", "lasted", "lasting", "within", "took", "take", "takes",
)  # fmt: skip
MODS: Final[dict[str, str]] = {**POINT_MODS, **EDGE_MODS, **AMOUNT_MODS, **OVER_MODS}
# Words after an amount that make it approximate: "a week or so ago".
APPROX_AFTER: Final[tuple[str, ...]] = ("or so",)

# Determiners before a calendar unit and the shift they mean relative to the
# document date ("last week" = -1 week). None: resolved against the text so far.
SHIFTERS: Final[dict[str, int]] = {
    "last": -1,
    "past": -1,
    "previous": -1,
    "this": 0,
    "current": 0,
    "next": 1,
    "coming": 1,
    "upcoming": 1,
    "this coming": 1,
    "this past": -1,
}

# "the next day", "that week": the shift from the time the text last named.
NARRATIVE_SHIFTS: Final[dict[str, int]] = {
    "next": 1, "following": 1, "previous": -1, "preceding": -1, "prior": -1, "same": 0,
    "that": 0,
}  # fmt: skip

# Ordinals of centuries and decades spelled out ("the nineteenth century").
CENTURY_WORDS: Final[dict[str, int]] = {
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
}

SETS: Final[dict[str, str]] = {
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
    "nightly": "P1D",
    "biweekly": "P2W",
}

# "its first annual loss", "an annual profit": the adjective of a result measured over a
# period names that period's length (the result of a year), which TimeML tags as a duration.
PERIOD_ADJECTIVES: Final[dict[str, str]] = {"annual": "P1Y"}
RESULT_NOUNS: Final[tuple[str, ...]] = (
    "profit", "profits", "loss", "losses", "earnings", "results",
)  # fmt: skip

# "average daily volume", "the average weekly wage": a statistic per period, no set.
STATISTIC_WORDS: Final[tuple[str, ...]] = ("average", "avg.", "mean", "median")

# Tense cues near an expression. Future first: "is expected to" contains an -ed
# word that would otherwise look past.
FUTURE_CUES: Final[tuple[str, ...]] = (
    "will", "'ll", "won't", "shall", "would", "going to", "expected to", "expects to",
    "is expected", "are expected", "scheduled", "plans", "plan to", "planned",
    "intends to", "set to", "due to", "upcoming", "to be held", "will be", "aims to",
    "hopes to", "is to", "are to", "would be", "to resume", "to begin", "to start",
    "tomorrow", "later this", "as soon as", "as early as", "planning to", "intend to",
    "calls for", "call for", "effective", "due", "payable", "redeemable", "maturing",
    "expiring", "is set for", "are set for",
    # a schedule told in the present: "the final takes place on Sunday", "the trial begins"
    "takes place", "take place", "begins", "starts", "resumes", "kicks off",
    # what a clause waits for lies ahead: "ahead of the holiday on Thursday"
    "ahead of", "in the run-up to",
)  # fmt: skip
PAST_CUES: Final[tuple[str, ...]] = (
    "said", "was", "were", "had", "did", "ago", "told", "went", "came", "took",
    "began", "made", "gave", "met", "won", "lost", "fell", "rose", "saw", "held", "left",
    "sold", "bought", "paid", "spent", "got", "found", "sent", "brought", "kept",
    "struck", "fought", "led", "ran", "shot", "broke", "wrote",
    "spoke", "became", "knew", "thought", "seized", "killed",
)  # fmt: skip
# A future cue after a past perfect looks back on a plan: "had been due to expire Friday"
# (but "were planning to march on Monday" still looks ahead).
PAST_AUXILIARIES: Final[tuple[str, ...]] = ("had",)
# A future cue that is also a plural noun is the noun before these words ("set aside
# vacation plans for the trip", "security plans were leaked"): no plan of the clause's.
NOUN_FUTURE_CUES: Final[frozenset[str]] = frozenset({"plans"})
NOUN_CUE_AFTER: Final[tuple[str, ...]] = ("for", "were", "are", "was", "is", "had", "have")
# "began as (previously) planned Saturday night": a plan word after these is the manner
# of a happening, no plan ahead.
AS_PLANNED_LEADS: Final[tuple[str, ...]] = ("as",)
# A past "be" right before a future cue is the plan's auxiliary, no past of its own: "were
# planning to drive around the airport on Monday", "was scheduled to land Friday".
PLAN_AUXILIARIES: Final[tuple[str, ...]] = ("was", "were")
# An -ed word after these is a participle ("will be named"), not a past tense.
AUXILIARIES: Final[tuple[str, ...]] = (
    "be", "been", "being", "is", "are",
    # copulas: "will stay closed through the weekend"
    "stay", "stays", "remain", "remains", "become", "becomes", "get", "gets", "seem", "seems",
)
# "a still unspecified date": a determiner and an adverb before an -ed adjective.
ADJECTIVE_ED_DETERMINERS: Final[tuple[str, ...]] = (
    "a", "an", "the", "its", "their", "his", "her", "this", "that", "these", "those",
)
ADJECTIVE_ED_ADVERBS: Final[frozenset[str]] = frozenset(
    {"still", "well", "much", "long", "once", "newly", "recently", "previously", "widely",
     "closely", "highly", "jointly", "privately", "publicly", "heavily", "largely", "already",
     "hastily", "partly", "fully", "poorly", "badly", "hotly", "little"}
)  # fmt: skip
# "since (shortly after) the Oct. 23 slaying": the words between "since" and a date that
# then lies in the past.
SINCE_WORDS: Final[tuple[str, ...]] = ("since",)
SINCE_CLOSE: Final[tuple[str, ...]] = ("shortly", "just", "soon", "right")
SINCE_EDGES: Final[tuple[str, ...]] = ("after", "before")
SINCE_DETERMINERS: Final[tuple[str, ...]] = ("the", "a", "an", "its", "their", "his", "her", "last")
# "un-" adjectives in -ed with no verb beneath ("kept rates unchanged on Thursday"); an
# "un-" verb ("unveiled", "unearthed") is a verb all the same.
UN_ED_ADJECTIVES: Final[frozenset[str]] = frozenset(
    {"unchanged", "unidentified", "unnamed", "unexpected", "unprecedented", "unopposed",
     "unemployed", "unarmed", "unaffected", "undisclosed", "unspecified", "unconfirmed",
     "unsolved", "unresolved", "unexplained", "unharmed", "unmanned", "unrelated",
     "unlimited", "undecided", "unqualified", "unaccompanied", "unauthorized", "uninsured",
     "unprovoked", "unscheduled", "undeclared", "unfounded", "unwanted", "unsigned",
     "undated", "unpaid", "unelected", "unregulated", "unfinished", "undocumented"}
)  # fmt: skip
# -ed words that are not past-tense verbs.
NOT_PAST_ED: Final[frozenset[str]] = UN_ED_ADJECTIVES | frozenset(
    {"united", "need", "speed", "feed", "seed", "bed", "red", "shed", "hundred",
     "indeed", "proceed", "exceed", "succeed", "wed", "ted", "ned", "fred", "naked",
     "wicked", "sacred", "expected", "scheduled", "planned", "proposed", "related",
     "based", "limited", "interested", "concerned", "used", "supposed"}
)  # fmt: skip

# Decades spelled out ("the nineties") and their TimeML value within the 1900s.
DECADE_WORDS: Final[dict[str, str]] = {
    "twenties": "192", "thirties": "193", "forties": "194", "fifties": "195",
    "sixties": "196", "seventies": "197", "eighties": "198", "nineties": "199",
}  # fmt: skip

# Spoken years ("nineteen ninety-six", "two thousand one"): the words for the
# first two digits, and the words for the last two come from NUMBERS.
YEAR_CENTURY_WORDS: Final[dict[str, int]] = {
    "nineteen": 19, "eighteen": 18, "seventeen": 17,
}  # fmt: skip

# Named days that recur every year: (month, weekday or None, n, offset in days). With a
# weekday, the n-th such weekday of the month (n = -1: the last); without, day n. The
# offset moves from there: Election Day is the Tuesday after the first Monday of
# November, Black Friday the day after Thanksgiving.
HOLIDAYS: Final[dict[str, tuple[int, int | None, int, int]]] = {
    "christmas": (12, None, 25, 0), "christmas day": (12, None, 25, 0),
    "christmas eve": (12, None, 24, 0), "new year's day": (1, None, 1, 0),
    "new year's eve": (12, None, 31, 0), "new year's": (1, None, 1, 0),
    "independence day": (7, None, 4, 0), "the fourth of july": (7, None, 4, 0),
    "halloween": (10, None, 31, 0), "valentine's day": (2, None, 14, 0),
    "veterans day": (11, None, 11, 0), "boxing day": (12, None, 26, 0),
    "thanksgiving": (11, 3, 4, 0), "thanksgiving day": (11, 3, 4, 0),
    "black friday": (11, 3, 4, 1), "cyber monday": (11, 3, 4, 4),
    "memorial day": (5, 0, -1, 0), "labor day": (9, 0, 1, 0),
    "martin luther king day": (1, 0, 3, 0), "presidents day": (2, 0, 3, 0),
    "election day": (11, 0, 1, 1), "super tuesday": (3, 1, 1, 0),
}  # fmt: skip
# Days that history named once: the name is the date.
HISTORIC_DAYS: Final[dict[str, str]] = {
    "black monday": "1987-10-19", "black tuesday": "1929-10-29",
    "black thursday": "1929-10-24", "d-day": "1944-06-06", "v-e day": "1945-05-08",
}  # fmt: skip

# Reporting verbs: the tense of the report, not of what is reported ("said it
# will pay Dec. 15"). They decide only when no other cue is near.
REPORTING: Final[frozenset[str]] = frozenset(
    {"said", "says", "say", "told", "tells", "reported", "reports", "stated", "added",
     "noted", "according"}
)  # fmt: skip

# ---------------------------------------------------------------- pattern vocabulary
# Every word a rule's pattern matches comes from a table of this module: the rules in
# timeline/temporal/rules.py name these tables (%NAME), never a word.

# Function words the patterns join expressions with, by placeholder name.
GLUE: Final[dict[str, tuple[str, ...]]] = {
    "THE": ("the",), "OF": ("of",), "ON": ("on",), "AND": ("and",), "A": ("a", "an"),
    "HALF": ("half",), "MORE": ("more",), "OLD": ("old",), "YEAR_WORD": ("year",),
    "DAY_WORD": ("day",), "WEEKEND": ("weekend",), "QUARTER_WORD": ("quarter",),
    "PERIOD_WORD": ("period",), "CENTURY_UNIT": ("century",), "LONG": ("long",),
    "THOUSAND": ("thousand",), "OTHER": ("other",), "IN": ("in",), "TERM": ("term",),
    "END_WORD": ("end",), "WEEK_WORD": ("week",), "BEEN": ("been",),
    "COORDINATION": ("and", "or", "to", "through"),
}  # fmt: skip
# Ordinal suffixes of a numeral ("the 20th").
ORDINAL_SUFFIXES: Final[tuple[str, ...]] = ("st", "nd", "rd", "th")
TENS: Final[tuple[str, ...]] = (
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
)  # fmt: skip
# "two thousand and one": the words for the first digits of a spoken year after 1999.
MILLENNIUM_WORDS: Final[dict[str, int]] = {"two thousand": 2000}
# "and a half": the half after a number ("two and a half years").
HALF_WORDS: Final[tuple[str, ...]] = ("and a half", "a half")
# Numbers written only as the first part of a hyphenated unit ("a single-day drop").
HYPHEN_NUMBERS: Final[dict[str, int]] = {"single": 1}
# Words between a number and its unit that keep it a duration ("six straight days",
# "the past five trading days").
DURATION_ADJECTIVES: Final[tuple[str, ...]] = (
    "straight", "consecutive", "trading", "business", "working", "full", "additional",
)  # fmt: skip
# "the first nine months", "the latest six months": an earnings report that names such a
# stretch is on the year to date, and "a year earlier" is then the year before.
YEAR_TO_DATE_UNITS: Final[tuple[str, ...]] = ("month",)
# A streak's latest unit: "for a second consecutive day", "fourth week in a row", "today is
# the eighth day of the operation" name the day (week, ...) the report is on, in a clause
# that is not past ("It was the third consecutive month" is left alone).
STREAK_ORDINALS: Final[dict[str, int]] = {k: v for k, v in ORDINALS.items() if v > 1}
STREAK_ADJECTIVES: Final[tuple[str, ...]] = ("straight", "consecutive", "successive")
STREAK_UNITS: Final[tuple[str, ...]] = ("day", "week", "month", "year")
IN_A_ROW: Final[tuple[str, ...]] = ("in a row",)
# Determiners of a duration ("the past three years", "the first nine months").
DURATION_DETERMINERS: Final[tuple[str, ...]] = (
    "past", "last", "next", "previous", "coming", "first", "final", "latest", "same", "full",
    "entire", "whole", "remaining", "ensuing", "following",
)  # fmt: skip
# Units a shift or a narrative phrase names: "last week", "the following month".
SHIFT_UNITS: Final[tuple[str, ...]] = (
    "week", "weekend", "month", "year", "quarter", "decade", "century",
)  # fmt: skip
PERIOD_UNITS: Final[tuple[str, ...]] = ("week", "month", "year", "quarter", "decade", "century")
NARRATIVE_UNITS: Final[tuple[str, ...]] = (
    "day", "week", "weekend", "month", "year", "morning", "afternoon", "evening", "night",
)  # fmt: skip
# "the day before": units a narrative signal follows.
SIGNAL_UNITS: Final[tuple[str, ...]] = ("day", "week", "month", "year")
# "the end of the day", "the middle of the week": units of the document's own time.
EDGE_UNITS: Final[tuple[str, ...]] = (
    "day", "week", "month", "year", "quarter", "decade", "century",
)  # fmt: skip
# Years shifted by a word: "June last year", "October of next year".
YEAR_SHIFTS: Final[dict[str, int]] = {"this": 0, "last": -1, "next": 1}
# "the previous Friday", "that week".
NARRATIVE_THAT: Final[tuple[str, ...]] = ("that",)
# "the day before": the signal after a narrative unit.
RELATIVE_SIGNALS: Final[dict[str, int]] = {"before": -1, "after": 1}
# Directions of an offset: what it counts from, and which way.
DIRECTIONS: Final[dict[str, tuple[str, int]]] = {
    "ago": ("dct", -1), "back": ("dct", -1), "earlier": ("ref", -1),
    "later": ("ref", 1), "from now": ("dct", 1), "hence": ("dct", 1),
}  # fmt: skip
# Words before "a year earlier" that make it the base of a comparison ("sales rose from a
# year earlier", "compared with $5 million a year earlier"): it counts from the report's
# time, not from the latest time the story placed.
FIGURE_BASE_LEADS: Final[tuple[str, ...]] = (
    "from", "with", "to", "than", "versus", "vs.", "over", "against", "million", "billion",
    "percent", "%", "cents", "share",
)
# "three days later than planned" compares; it names no time of its own.
COMPARISONS: Final[tuple[str, ...]] = ("than", "that")
# A year followed by these is an amount ("1990 percent").
PERCENT_WORDS: Final[tuple[str, ...]] = ("%", "percent")
# Words that a hyphen joins after a time word to make a measure: "a quarter-point move",
# "a quarter-percentage-point cut" name no quarter.
# So do "-to-" compounds: "the quarter-to-quarter comparison", "day-to-day running".
MEASURE_COMPOUNDS: Final[tuple[str, ...]] = ("point", "points", "percentage", "to")
FISCAL_WORDS: Final[tuple[str, ...]] = ("fiscal", "fiscal year", "fy")
FISCAL: Final[tuple[str, ...]] = ("fiscal",)
# Quarters and halves: "the third quarter", "the first half".
PERIOD_PARTS: Final[dict[str, str]] = {"quarter": "Q", "half": "H"}
PERIOD_ORDINALS: Final[dict[str, int]] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
    "final": -1, "last": -1,
}  # fmt: skip
QUARTER_DETERMINERS: Final[tuple[str, ...]] = (
    "latest", "last", "past", "current", "next", "same", "fiscal",
)  # fmt: skip
# "the latest quarter", "the year-ago period": the quarter an earnings report is about.
QUARTER_REFS: Final[tuple[str, ...]] = (
    "latest", "current", "recent", "just-ended", "year-ago", "year-earlier", "comparable",
    "same", "corresponding", "fiscal",
)  # fmt: skip
PERIOD_REFS: Final[tuple[str, ...]] = ("latest", "year-ago", "year-earlier", "comparable")
YEAR_AGO_ADJECTIVES: Final[tuple[str, ...]] = ("year-earlier", "year-ago")
# "the quarter ended Sept. 30".
ENDED_WORDS: Final[tuple[str, ...]] = ("ended", "ending")
# "the same month a year ago", "the corresponding period last year".
SAME_WORDS: Final[tuple[str, ...]] = ("same", "corresponding", "comparable")
SAME_UNITS: Final[tuple[str, ...]] = ("month", "quarter", "period", "week", "day")
# ... and the year they are moved by.
YEAR_BACK: Final[tuple[str, ...]] = (
    "a year ago", "a year earlier", "last year", "the previous year", "the prior year",
    "of the last year", "of last year", "the year before",
)  # fmt: skip
# Clocks.
MERIDIEMS: Final[dict[str, int]] = {"a.m.": 0, "a.m": 0, "am": 0, "p.m.": 12, "p.m": 12, "pm": 12}
# Time zones a clock time may carry. ISO 8601 writes UTC as Z; the others are local
# civil times that TimeML values leave as they are.
TIME_ZONES: Final[dict[str, str]] = {
    "utc": "Z", "gmt": "", "est": "", "edt": "", "cst": "", "cdt": "", "mst": "", "mdt": "",
    "pst": "", "pdt": "", "bst": "", "cet": "",
}  # fmt: skip
CLOCK_WORDS: Final[dict[str, tuple[int, int]]] = {
    "noon": (12, 0), "midday": (12, 0), "midnight": (24, 0),
}  # fmt: skip
# "4 in the morning": the hour is on the clock that part of the day reads.
CLOCK_PARTS_OF_DAY: Final[dict[str, int]] = {
    "morning": 0, "afternoon": 12, "evening": 12, "night": 12,
}  # fmt: skip
# Words in front of a part of the day: "in the morning", "during the afternoon".
POD_PREPOSITIONS: Final[tuple[str, ...]] = ("in", "during")
# "this morning", "last night": the shift in days from the document date.
POD_SHIFTS: Final[dict[str, int]] = {"this": 0, "last": -1, "tomorrow": 1, "yesterday": -1}
# Words for the document's day when a clock time is attached ("noon today").
CLOCK_DAY_WORDS: Final[tuple[str, ...]] = ("today", "yesterday", "tomorrow")
# Sets: "every Monday", "each year", "twice a week".
SET_QUANTIFIERS: Final[tuple[str, ...]] = ("every", "each", "per")
# ... of which these make a rate after an amount ("15 million instructions per second").
RATE_QUANTIFIERS: Final[tuple[str, ...]] = ("per",)
# Bare plurals that are vague durations after these words ("for years").
VAGUE_PLURALS: Final[dict[str, str]] = {
    "years": "year", "months": "month", "decades": "decade", "weeks": "week",
    "centuries": "century", "days": "day", "quarters": "quarter",
}  # fmt: skip
RECENT: Final[tuple[str, ...]] = ("recent",)
# "in coming months": an unspecified time ahead.
COMING: Final[tuple[str, ...]] = ("coming",)
VAGUE_PREPOSITIONS: Final[tuple[str, ...]] = ("for", "in", "over")
# Words before "a <unit>" that make it a set ("twice a week", "three times a year").
FREQUENCY_WORDS: Final[tuple[str, ...]] = ("times", "twice", "thrice")
# Amounts before "a <unit>" (or "per <unit>") that make it a rate, which annotators
# mostly leave untagged: "$5 a year", "700 seats a week", "15 million instructions per
# second" (4 of 14 such rates are TIMEX3s in TimeBank, AQUAINT and MEANTIME).
AMOUNT_WORDS: Final[tuple[str, ...]] = (
    "percent", "%", "hundred", "thousand", "million", "billion", "trillion", "dozen",
)  # fmt: skip
# Words before a date that set a deadline ahead ("through June", "until Friday"), and
# the auxiliary that puts it behind ("until Thursday they had not charged him").
DEADLINE_WORDS: Final[tuple[str, ...]] = ("by", "through", "until", "till")
# Words that may stand between a deadline word and its date ("until at least Friday").
DEADLINE_QUALIFIERS: Final[tuple[str, ...]] = ("at least", "at the earliest")
# Past verbs that say a happening went on up to the deadline, which is then behind
# ("fighting lasted until late Thursday"), unlike a state that holds ahead ("closed
# until Friday").
DURATIVE_PAST: Final[tuple[str, ...]] = (
    "lasted", "continued", "raged", "persisted", "stayed", "remained", "waited", "fought",
    "dragged on", "went on", "held out", "worked", "stood",
)  # fmt: skip
PAST_PERFECT: Final[tuple[str, ...]] = ("had",)
# Function words after an expression that keep it a noun phrase of its own; any other
# lower-case word makes it an adjective ("the 11th century temple").
NOT_NOUN_AFTER: Final[tuple[str, ...]] = (
    "and", "or", "of", "in", "to", "was", "is", "were", "are", "that", "when", "with", "as",
    "for", "by", "but", "the", "a", "had", "has", "have", "which", "who", "at", "on",
    "from", "it", "he", "she", "they", "saw", "s",
)  # fmt: skip
# Words that make a bare "spring" or "fall" a season ("in spring", "last fall"); "the
# fall in prices" stays a noun.
SEASON_CUES: Final[tuple[str, ...]] = (
    "in", "by", "until", "since", "during", "through", "this", "last", "next", "early",
    "late", "mid", "the",
)  # fmt: skip
# Vague stretches of the near or far future: "the near term", "the long term".
TERM_WORDS: Final[dict[str, str]] = {
    "near": "FUTURE_REF", "short": "FUTURE_REF", "long": "FUTURE_REF",
}  # fmt: skip
# "recent" as an adjective is PAST_REF ("blamed recent losses on"), except in a
# superlative ("the most recent model") or after a determiner: "the recent sale", "a
# recent filing" name an event, and annotators tag "recent" there less often than not
# (5 of 13 in TimeBank, AQUAINT and MEANTIME; 4 of 5 without a determiner).
NOT_BEFORE_RECENT: Final[tuple[str, ...]] = (
    "most", "the", "a", "an", "its", "his", "her", "their", "our",
)  # fmt: skip
# "soon" names a time ahead only in a clause that looks ahead, and not in "soon after",
# "as soon as" or "soon-to-open".
NOT_AFTER_SOON: Final[tuple[str, ...]] = ("after", "as", "afterwards")
# Market reports close "the day": the publication day ("to end the day at 7,114").
DAY_CLOSERS: Final[tuple[str, ...]] = (
    "end", "ends", "ended", "ending", "finish", "finished", "finishing", "close", "closed",
    "closing", "start", "started", "starting", "begin", "began", "for",
)  # fmt: skip
# "for the year", "of the year" in a report: the year the report is about, and the
# words that may qualify it ("for the full year").
YEAR_OF_REPORT: Final[tuple[str, ...]] = ("for", "of")
WHOLE_WORDS: Final[tuple[str, ...]] = ("full", "entire", "whole")
# An "a" followed by these is no duration: "not a day goes by".
NOT_DURATION_AFTER: Final[tuple[str, ...]] = ("goes", "passes", "went", "passed")

# "on April 24 and 25.": a day number after a month's day and a coordination is a day of
# that month when what follows ends the list (punctuation or one of these words), not a
# count ("on Aug. 7 and 12 people died").
LIST_END_WORDS: Final[tuple[str, ...]] = ("in", "at", "of", "when", "before", "after")

# Sentences: the article splitter and the tagger's tense window end one at the same places.
# fmt: off
# Abbreviations (lower-case, without the final dot) after which a period never ends a
# sentence: titles and labels that always introduce a following word.
NEVER_FINAL_ABBREVIATIONS: Final[frozenset[str]] = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gov", "sen", "rep", "gen", "col", "lt", "maj",
        "capt", "cmdr", "adm", "sgt", "cpl", "pvt", "st", "mt", "ft", "rev", "fr", "hon",
        "pres", "supt", "insp", "no", "nos", "vs", "v", "cf", "approx", "dept", "fig",
        "vol", "pp", "ch", "art", "sec", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur",
        "thurs", "fri", "sat", "sun", "e.g", "i.e", "a.m", "p.m", "etc", "al", "est",
    }
)
# fmt: on
