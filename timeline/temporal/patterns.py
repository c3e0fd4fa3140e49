"""Regular expressions for temporal expressions, built from the tables.

The pattern strings are built at import; `compiled()` compiles them once per
process, on first use, so that importing the package stays cheap.

Each *family* is one shape of expression ("Aug. 20, 2021", "two days ago", ...)
with named groups the resolver reads. The families are also joined into one
scanner so a text is searched once; at each hit every family is tried at that
position and the longest wins (Python's alternation is first-match, not longest).

Linear time: every quantifier is bounded (`\\s{1,3}`, `\\d{1,4}`) or applies to a
single character class followed by a literal, and no quantified group contains
another quantifier, so a failed attempt at one position costs O(pattern), and a
scan is O(len(text)).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from timeline.temporal import tables as t


def _alt(words: Iterable[str]) -> str:
    """An alternation of words, longest first so that "sept" wins over "sep"."""
    items = sorted((str(w) for w in words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", S) for w in items)


S = r"\s{1,3}"  # a gap between words: bounded so runs of spaces stay linear
H = r"(?:\s{1,3}|-)"  # a gap or a hyphen ("third-quarter", "two-year")

# Only abbreviations take a dot: the dot after "Friday." ends the sentence.
FULL_MONTHS = [k for k in t.MONTHS if len(k) > 4 or k in ("may", "june", "july")]
MONTH = (
    rf"(?P<month>(?:{_alt(FULL_MONTHS)})\b"
    rf"|(?:{_alt(k for k in t.MONTHS if k not in FULL_MONTHS)})\b\.?)"
)
WEEKDAY = (
    rf"(?P<wd>(?:{_alt(k for k in t.WEEKDAYS if k not in t.WEEKDAY_ABBREVS)})\b"
    rf"|(?:{_alt(t.WEEKDAY_ABBREVS)})\b\.?)"
)
YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)(?!\d)"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
NUM = (
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})?(?:\.\d{{1,2}}|\s1/2)?|(?:{_alt(t.VAGUE_NUMBERS)})"
    rf"|(?:(?:{TENS})[-\s])?(?:{_alt(t.NUMBERS)})(?:\s(?:and\s)?a\shalf)?)"
)
UNIT_SING = _alt(t.UNITS)
UNIT_ANY = rf"(?P<unit>{_alt(list(t.UNIT_PLURALS) + list(t.UNITS))})"
POD = rf"(?P<pod>{_alt(t.PARTS_OF_DAY)})"
SEASON = rf"(?P<season>{_alt(t.SEASONS)})"
# Modifiers in front of a point in time: "early 2020", "the end of the month".
MOD_POINT = (
    r"(?P<mod>early|late|mid|the\s{1,3}(?:end|start|beginning|middle)\s{1,3}of"
    r"|(?:end|start|beginning|middle)\s{1,3}of)"
)
MOD_AMOUNT = (
    r"(?P<amod>about|around|nearly|almost|more\s{1,3}than|at\s{1,3}least|less\s{1,3}than"
    r"|up\s{1,3}to|roughly|some|approximately)"
)
MOD_AMOUNT2 = MOD_AMOUNT.replace("amod", "amod2")  # a second slot: "about the past two years"
DURATION_DETS = (
    "past|last|next|previous|coming|first|final|latest|same|full|entire|whole|remaining"
    "|ensuing|following"
)
SHIFT = rf"(?P<shift>{_alt(t.SHIFTERS)})"
# A day a clock time may be attached to: "10 p.m. Wednesday", "noon today".
CLOCK_DAY = (
    rf"(?:,?{S}(?:on{S})?(?:(?P<cwd>{_alt(k for k in t.WEEKDAYS if k not in t.WEEKDAY_ABBREVS)})"
    rf"|(?P<cdw>today|yesterday|tomorrow)))?"
)
SPOKEN_YEAR = (
    rf"(?P<yc>{_alt(t.YEAR_CENTURY_WORDS)}){S}(?P<yt>{TENS})(?:-(?P<yo>{_alt(t.NUMBERS)}))?"
    rf"|two{S}thousand(?:{S}(?:and{S})?(?P<y2k>{_alt(t.NUMBERS)}))?"
)
END = r"(?![\w])"  # no expression ends inside a word

FAMILIES: Final[dict[str, str]] = {
    # 2021-08-20, 2021-08-20T14:30
    "iso": (
        r"(?P<year>\d{4})-(?P<mon>[01]\d)-(?P<day>[0-3]\d)"
        r"(?:T(?P<hour>[0-2]\d):(?P<minute>[0-5]\d))?"
    ),
    # 8/20/2021, 8/20/21
    "slash": r"(?P<mon>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>\d{4}|\d\d)",
    # Aug. 20, 2021; Friday, Aug. 20; August 2021; mid-December; June last year
    "mdy": (
        rf"(?:{WEEKDAY},?{S})?(?:{MOD_POINT}{H})?{MONTH}(?:{S}{DAY})?"
        rf"(?:,?{S}(?:of{S})?(?:{YEAR}|(?P<yshift>this|last|next){S}year\b))?"
    ),
    # 20 August 2021; the 20th of August
    "dmy": rf"(?:the{S})?{DAY}{S}(?:of{S})?{MONTH}(?:,?{S}{YEAR})?",
    # the 20th (day of a month known from the document date)
    "nth": r"the\s{1,3}(?P<day>[0-3]?\d)(?:st|nd|rd|th)(?!\s{0,3}[-\w])",
    # Friday; last Friday; Friday morning; late Friday
    "weekday": (rf"(?:(?P<mod>early|late|earlier|later){S})?(?:{SHIFT}{S})?{WEEKDAY}(?:{S}{POD})?"),
    # today, yesterday morning, tonight, late yesterday
    "dayword": (
        rf"(?:(?P<mod>early|late|earlier|later){S})?(?P<dw>{_alt(t.DAY_WORDS)})(?:{S}{POD})?"
    ),
    # this morning, last night
    "thispod": rf"(?:(?:earlier|later){S})?(?P<shift>this|last|tomorrow|yesterday){S}{POD}",
    # now, currently, recently, the future ...
    "ref": rf"(?P<ref>{_alt(t.REF_WORDS_TAGGED)})",
    # last week, earlier this month, the past year, next April, the end of the month
    "shift": (
        rf"(?:(?:{MOD_POINT}|(?P<emod>earlier|later)){S})?(?:the{S})?{SHIFT}{S}"
        rf"(?:(?P<fiscal>fiscal){S})?"
        rf"(?P<unit>week|weekend|month|year|quarter|decade|century|{_alt(t.SEASONS)}"
        rf"|{_alt(FULL_MONTHS)})"
    ),
    # the end of the year, the middle of the week
    "theunit": rf"{MOD_POINT}{S}(?:the{S})?(?P<unit>week|month|year|quarter|decade|century)",
    # the next day, that week, the following month, later that year
    "narr": (
        rf"(?:(?P<emod>earlier|later){S})?"
        rf"(?:the{S}(?P<nshift>next|following|previous|preceding|prior|same)|(?P<that>that)){S}"
        r"(?P<unit>day|week|weekend|month|year|morning|afternoon|evening|night)"
    ),
    # the weekend (the nearest one, by tense)
    "weekend": r"the\s{1,3}weekend",
    # the day before (the TIMEX is "the day"; "before" is a signal)
    "narr2": rf"the{S}(?P<unit>day|week|month|year)(?={S}(?P<dir>before|after)\b)",
    # two days ago, a decade ago, three years later, 10 months earlier
    "ago": (
        rf"(?:{MOD_AMOUNT}{S})?{NUM}{H}{UNIT_ANY}{S}"
        r"(?P<dir>ago|earlier|later|from\s{1,3}now|hence|back)(?!\s{1,3}(?:than|that)\b)"
    ),
    # three years, two-year, the past three years, the first nine months, a decade
    "duration": (
        rf"(?:{MOD_AMOUNT}{S})?(?:(?P<the>the){S}(?:(?P<pl>{DURATION_DETS}){S})?)?"
        rf"(?:{MOD_AMOUNT2}{S})?{NUM}(?:{S}more)?{H}{UNIT_ANY}(?P<old>-old)?(?!-)"
    ),
    # years, months, decades (vague durations)
    "vague": r"(?P<recent>recent\s{1,3})?(?P<vunit>years|months|decades|weeks|centuries|days)",
    # 1990, fiscal 1989, early 2020, the end of 1990, FY2021
    "year": (
        rf"(?:(?P<fiscal>fiscal(?:{S}year)?|FY){S}?)?(?:{MOD_POINT}{H})?"
        rf"(?<![$#\u20ac\u00a3.,]){YEAR}(?!\s{{0,2}}(?:%|percent)|[.,]\d)"
    ),
    # nineteen ninety-six, the year two thousand
    "spoken_year": rf"(?:the{S}year{S})?(?:{SPOKEN_YEAR})",
    # the 1980s, the '80s, the mid-1990s, the 80s, the nineties
    "decade": (
        rf"(?:(?P<the>the){S})?(?:(?P<mod>early|mid|late){H})?"
        r"(?:(?P<cent>1[0-9]|20)(?P<dec>\d)0|['\u2019](?P<dec2>\d)0)['\u2019]?s"
    ),
    "decade_word": (rf"the{S}(?:(?P<mod>early|mid|late){H})?(?P<dw>{_alt(t.DECADE_WORDS)})"),
    # the 20th century, the nineteenth century
    "century": (
        rf"(?:the{S})?(?:(?P<mod>early|mid|late){H})?"
        rf"(?P<cent>\d{{1,2}}(?:st|nd|rd|th)|{_alt(t.CENTURY_WORDS)}){H}century"
    ),
    # the third quarter, third-quarter, the first half of 2021, fiscal 2021's second quarter
    "quarter": (
        rf"(?:(?P<the>the){S})?(?:(?P<pre>latest|last|past|current|next|same|fiscal"
        rf"|{YEAR}(?:['\u2019]s)?){S})?"
        rf"(?:(?P<fiscal>fiscal){S})?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last)"
        rf"(?P<hy>{H})(?P<qh>quarter|half)"
        rf"(?:{S}(?:of{S})?(?:(?:fiscal|the){S})?(?P<year2>(?:1[5-9]|20)\d\d)(?!\d))?"
    ),
    # the quarter, the latest quarter, the year-ago period, year-earlier
    "qref": (
        r"the\s{1,3}(?:(?P<which>latest|current|recent|just-ended|year-ago|year-earlier"
        r"|comparable|same|corresponding|fiscal)\s{1,3})?quarter"
        r"|the\s{1,3}(?P<which2>latest|year-ago|year-earlier|comparable)\s{1,3}period"
        r"|(?P<adj>year-earlier|year-ago)"
    ),
    # Q3, Q3 2021, 3Q
    "qcode": rf"(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)(?:{S}(?P<year>(?:1[5-9]|20)\d\d)(?!\d))?",
    # summer, the summer of 1990, last fall, winter 2020
    "season": (
        rf"(?:(?P<the>the){S})?(?:(?P<mod>early|late|mid){H})?{SEASON}"
        rf"(?:{S}(?:of{S})?{YEAR})?"
    ),
    # Thanksgiving, Christmas Day, Election Day
    "holiday": (
        rf"(?:(?P<shift>last|next|this){S})?"
        rf"(?P<hol>{_alt(list(t.HOLIDAYS_FIXED) + list(t.HOLIDAYS_NTH))})"
    ),
    # 2:30 p.m., 10 a.m. EST Wednesday, noon Thursday, midnight
    "clock": (
        r"(?:(?P<hour>[012]?\d)(?:[:.](?P<minute>[0-5]\d))?\s{0,2}"
        r"(?P<ampm>a\.m\.?|p\.m\.?|am|pm)(?:\s{1,2}(?P<tz>[ECMP][SD]T|GMT|UTC))?"
        r"|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\s{1,2}(?P<tz24>GMT|UTC|[ECMP][SD]T)"
        rf"|(?P<word>noon|midnight)){CLOCK_DAY}"
    ),
    # daily, weekly, every day, each year, every Monday, each July
    "set": (
        rf"(?P<setword>{_alt(t.SETS)})|(?:every|each|per){S}(?:(?P<other>other){S})?"
        rf"(?:(?P<wd>{_alt(k for k in t.WEEKDAYS if k not in t.WEEKDAY_ABBREVS)})"
        rf"|(?P<unit>{UNIT_SING}|{_alt(t.SEASONS)})|(?P<month>{_alt(FULL_MONTHS)}))"
    ),
}


def _strip_names(pattern: str) -> str:
    # The scanner only needs to know where something matches: drop group names
    # (they repeat across families, which one regex does not allow).
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


FLAGS: Final = re.IGNORECASE
# Each family must start at a word start. Only the decade family may begin with an
# apostrophe ('80s), and only a year may follow a hyphen, after a digit: both ends
# of "2009-2010" are TIMEX3s.
BEFORE = r"\w'\u2019$-"  # characters that may not precede an expression
BEFORE_DECADE = r"\w$-"
AFTER_RANGE = r"(?<!\D-)"
FAMILY_PATTERNS: Final[dict[str, str]] = {
    name: (
        rf"(?<![\w'\u2019$]){AFTER_RANGE}(?:{p}){END}"
        if name == "year"
        else rf"(?<![{BEFORE_DECADE if name == 'decade' else BEFORE}])(?:{p}){END}"
    )
    for name, p in FAMILIES.items()
}


class _Node(dict[str, "_Node"]):
    """A prefix-tree node: next character -> node; the key "" marks a word end."""


def _trie(words: Iterable[str]) -> str:
    """A regex alternation shaped as a prefix tree: at a position that starts no
    word it fails after one or two characters instead of trying every word."""
    root = _Node()
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, _Node())
        node[""] = _Node()

    def emit(node: _Node) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _first_words(phrases: Iterable[str]) -> set[str]:
    return {p.split()[0] for p in phrases}


# Every word an expression can start with. The scanner first checks, with one
# prefix tree, that a word start is one of these (most are not), and only then
# tries the families; a family whose first word is missing here is never found
# (tests/temporal checks the scanner against the families on real text).
TRIGGERS: Final[frozenset[str]] = frozenset(
    set(t.MONTHS) | set(t.WEEKDAYS) | _first_words(t.NUMBERS) | _first_words(t.VAGUE_NUMBERS)
    | set(TENS.split("|")) | set(t.ORDINALS) | set(t.DAY_WORDS) | _first_words(t.REF_WORDS)
    | _first_words(t.MODS) | _first_words(t.SHIFTERS) | set(t.SEASONS) | set(t.CENTURY_WORDS)
    | _first_words(t.HOLIDAYS_FIXED) | _first_words(t.HOLIDAYS_NTH) | set(t.SETS)
    | set(t.YEAR_CENTURY_WORDS)
    | {"every", "each", "per", "fiscal", "fy", "q1", "q2", "q3", "q4", "earlier", "later",
       "that", "the", "year-earlier", "year-ago", "noon", "midnight", "mid", "years", "months",
       "decades", "weeks", "centuries"}
)  # fmt: skip
# Articles start many expressions ("the third quarter", "a year ago") but far more
# noun phrases: they pass the gate only before a word that can continue one.
ARTICLES: Final[frozenset[str]] = frozenset({"the", "a", "an"})
AFTER_ARTICLE: Final[frozenset[str]] = frozenset(
    {w for phrase in (*TRIGGERS, *t.REF_WORDS, *t.VAGUE_NUMBERS, *t.NUMBERS, *t.MODS,
                      *t.HOLIDAYS_FIXED, *t.HOLIDAYS_NTH) for w in phrase.split()}
    | set(t.UNITS) | set(t.UNIT_PLURALS) | set(t.DECADE_WORDS)
    | {"weekend", "end", "start", "beginning", "middle", "latest", "year-ago", "year-earlier",
       "comparable", "corresponding", "same", "following", "preceding", "prior", "full",
       "entire", "whole", "remaining", "ensuing", "final", "quarter", "period", "year",
       "just-ended", "recent", "fiscal", "mid", "early", "late"}
)  # fmt: skip


def scanner_pattern() -> str:
    """The combined scanner: the trigger gate, then any family."""
    gate = (
        rf"(?=[0-9'\u2019]|(?:{_trie(sorted(ARTICLES))})\s{{1,3}}"
        rf"(?:[0-9'\u2019]|(?:{_trie(sorted(AFTER_ARTICLE))})(?![a-z]))"
        rf"|(?:{_trie(sorted(TRIGGERS - ARTICLES))})(?![a-z]))"
    )
    families = "|".join(_strip_names(p) for p in FAMILIES.values())
    return rf"(?<![\w$]){AFTER_RANGE}{gate}(?:{families}){END}"


# Sentence ends, for the tense window and for nothing else.
SENTENCE_END_PATTERN: Final = (
    r"[.!?][\"'\u201d\u2019)]{0,3}\s{1,50}(?=[\"\u201c\u2018'(]?[A-Z])|\n\s{0,50}\n"
)
# Tense cue words; the -ed alternative catches regular past tenses.
FUTURE_CUE_PATTERN: Final = rf"(?<![\w])(?:{_alt(t.FUTURE_CUES)})(?![\w])"
# An -ed word after "be"/"is"/... is a participle ("will be named"), not a past tense.
PAST_CUE_PATTERN: Final = (
    r"(?<![\w])(?<!\bbe )(?<!been )(?<!being )(?<!\bis )(?<!\bare )"
    rf"(?:{_alt(t.PAST_CUES)}|[a-z]{{2,20}}ed)(?![\w])"
)


@dataclass(frozen=True, slots=True)
class Compiled:
    """The compiled patterns: built on first use (compiling the large scanner
    takes most of 0.1 s, which `import timeline.temporal` should not pay)."""

    families: dict[str, re.Pattern[str]]
    scanner: re.Pattern[str]
    sentence_end: re.Pattern[str]
    future_cue: re.Pattern[str]
    past_cue: re.Pattern[str]


@functools.cache
def compiled() -> Compiled:
    """The patterns, compiled once per process."""
    return Compiled(
        families={name: re.compile(p, FLAGS) for name, p in FAMILY_PATTERNS.items()},
        scanner=re.compile(scanner_pattern(), FLAGS),
        sentence_end=re.compile(SENTENCE_END_PATTERN),
        future_cue=re.compile(FUTURE_CUE_PATTERN, FLAGS),
        past_cue=re.compile(PAST_CUE_PATTERN, FLAGS),
    )
