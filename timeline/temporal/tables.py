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
    "recent years": "PAST_REF", "the future": "FUTURE_REF", "future": "FUTURE_REF",
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
            "recent", "future", "shortly", "the time", "soon"}
)  # fmt: skip

# Modifiers in front of a time: "early 2020" is 2020 with mod START.
MODS: Final[dict[str, str]] = {
    "early": "START", "earlier": "START", "the start of": "START",
    "the beginning of": "START", "beginning of": "START", "start of": "START",
    "late": "END", "later": "END", "the end of": "END", "end of": "END",
    "mid": "MID", "mid-": "MID", "the middle of": "MID", "middle of": "MID",
    "about": "APPROX", "around": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN",
    "more than": "MORE_THAN", "over": "MORE_THAN", "at least": "EQUAL_OR_MORE",
    "less than": "LESS_THAN", "under": "LESS_THAN", "up to": "EQUAL_OR_LESS",
    "roughly": "APPROX", "some": "APPROX", "approximately": "APPROX",
}  # fmt: skip

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

# Tense cues near an expression. Future first: "is expected to" contains an -ed
# word that would otherwise look past.
FUTURE_CUES: Final[tuple[str, ...]] = (
    "will", "'ll", "won't", "shall", "would", "going to", "expected to", "expects to",
    "is expected", "are expected", "scheduled", "plans", "plan to", "planned",
    "intends to", "set to", "due to", "upcoming", "to be held", "will be", "aims to",
    "hopes to", "is to", "are to", "would be", "to resume", "to begin", "to start",
    "tomorrow", "later this", "as soon as", "as early as", "planning to", "intend to",
)  # fmt: skip
PAST_CUES: Final[tuple[str, ...]] = (
    "said", "was", "were", "had", "did", "ago", "told", "went", "came", "took",
    "began", "made", "gave", "met", "won", "lost", "fell", "rose", "saw", "held", "left",
    "sold", "bought", "paid", "spent", "got", "found", "sent", "brought", "kept",
    "struck", "fought", "led", "ran", "shot", "broke", "wrote",
    "spoke", "became", "knew", "thought", "seized", "killed",
)  # fmt: skip
# -ed words that are not past-tense verbs.
NOT_PAST_ED: Final[frozenset[str]] = frozenset(
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

# Holidays: a fixed month and day, or the n-th weekday of a month (n = -1: the last).
HOLIDAYS_FIXED: Final[dict[str, tuple[int, int]]] = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "new year's": (1, 1),
    "independence day": (7, 4), "the fourth of july": (7, 4), "halloween": (10, 31),
    "valentine's day": (2, 14), "veterans day": (11, 11), "boxing day": (12, 26),
}  # fmt: skip
HOLIDAYS_NTH: Final[dict[str, tuple[int, int, int]]] = {
    "thanksgiving": (11, 3, 4), "thanksgiving day": (11, 3, 4),
    "memorial day": (5, 0, -1), "labor day": (9, 0, 1),
    "martin luther king day": (1, 0, 3), "presidents day": (2, 0, 3),
    "election day": (11, 1, 0),  # the Tuesday after the first Monday: handled in code
}  # fmt: skip

# Reporting verbs: the tense of the report, not of what is reported ("said it
# will pay Dec. 15"). They decide only when no other cue is near.
REPORTING: Final[frozenset[str]] = frozenset(
    {"said", "says", "say", "told", "tells", "reported", "reports", "stated", "added",
     "noted", "according"}
)  # fmt: skip
