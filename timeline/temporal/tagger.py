"""Find temporal expressions in text and normalize them to TIMEX3 values.

`tag(text, dct)` scans once with the combined pattern; at each hit the longest rule
match (timeline/temporal/rules.py) is resolved by the rule's strategy, the function
`r_<resolve>` here. Values follow TimeML: underspecified expressions ("Friday", "in
January") take `nearest_occurrence` of the reference time that the tense of their
sentence allows, and narrative expressions ("two days later") count from the latest
time the text named.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from timeline.temporal import tables as t
from timeline.temporal.occurrence import Tense, nearest_occurrence
from timeline.temporal.patterns import Compiled, compiled, scan_text
from timeline.temporal.rules import RULES
from timeline.temporal.timex import Anchoring, Timex, TimexType
from timeline.temporal.value import TimexValue

__all__ = ["Tense", "tag"]

DAY = dt.timedelta(days=1)
# Quotation marks: a tense cue on the other side of one is not the expression's.
QUOTE_MARKS = ('"', "\u201c", "\u201d", "``", "''")
# The longest auxiliary and its space ("remains "), before a participle.
AUXILIARY_CHARS = max(len(w) for w in t.AUXILIARIES) + 1
# How far (characters) a tense cue may sit from the expression, within its sentence.
TENSE_WINDOW = 120
# How far a tense cue is looked for when none is within TENSE_WINDOW.
WIDE_TENSE_WINDOW = 360
# How near a deadline a past perfect must be to say it has passed ("until Thursday, they
# had not called him"): one farther off tells of another clause ("The sale, which had been
# expected, is part of a program to pay down the loan by February").
DEADLINE_PERFECT_CHARS = 50
# How far before a plan word "as" and an adverb may sit ("as previously planned").
AS_PLANNED_CHARS = 20
# How far a month-and-day may lie on the "wrong" side of the document date for its tense.
TENSE_SLACK_DAYS = 90
# ... and a month, unless the verb right before governs it ("closed in October"): a
# farther cue is weaker than nearness ("said ... in early March" in February is the
# coming March).
MONTH_SLACK_DAYS = 62
GOVERNING_CHARS = 8
# Cues after the expression count as this many characters farther: the verb that
# governs a time expression usually comes before it.
AFTER_PENALTY = 20
# A quarter is reported on in the weeks after it ends: "expects to report third-quarter
# earnings" in October is the quarter just over. A future clause keeps a period that
# ended up to this many days before the reference; a plan made later names the next
# one ("the plan calls for cuts during the fourth quarter", in March).
REPORT_SLACK_DAYS = 45
# The story's own time: a day the text stated with its month (not the publication's),
# for a few sentences of its paragraph. A weekday resolved against the document date
# that lands more than STORY_DAYS from it is read in the story's week instead ("On
# Monday, Aug. 6 ... On Tuesday" is Aug. 7), when the story is within STORY_RECENT_DAYS
# of the publication (weekday names are for days near the writer's own). A month named
# in the sentence of a full date with its year, whose document-date reading lies more
# than STORY_MONTH_DAYS from that date, is read in the story's year.
# TimeBank's annotators resolve mostly against the publication date: these are narrow.
STORY_SENTENCES = 3
STORY_DAYS = 6
STORY_RECENT_DAYS = 31
STORY_MONTH_SENTENCES = 0
STORY_MONTH_DAYS = 183
STORY_RULES = frozenset({"iso", "slash", "mdy", "dmy"})
# Times within the story's day, which leave it the story's time; any other time the
# text places moves the story on ("the following year").
STORY_KEEPERS = frozenset({"weekday", "weekend", "clock", "clock_pod", "pod", "thispod"})
# Days counted from the story's ("the next day", "two days later"): the story moves there.
STORY_MOVERS = frozenset({"narr", "narr2"})
# Days the story's week decides ("on Friday", "over the weekend"): the story goes on there.
STORY_FOLLOWERS = frozenset({"weekday", "weekend"})
# A market report's "the day" is the session the story named, up to this many days before
# publication (a Monday paper reports Friday's close); else the publication's day.
REPORT_DAY_DAYS = 4
# Granularities from the finest; a narrative offset is never finer than its anchor.
GRAN_ORDER = ("day", "week", "weekend", "month", "quarter", "half", "year", "decade", "century")


@dataclass(slots=True)
class Result:
    """What a strategy found: type, value and how it was anchored."""

    type: TimexType
    value: str
    anchor: Anchoring = "relative"
    mod: str | None = None
    # Characters to drop from the front of the match (e.g. "the" that TimeML leaves out).
    trim_start: int = 0
    # Characters after the match that belong to it (a year the patterns do not take).
    extend_end: int = 0


@dataclass(slots=True)
class Context:
    """Per-call state: the text, its document date, tense override and the
    latest placed date (the anchor of narrative expressions)."""

    text: str
    dct: dt.date
    tense: Tense | None
    ref: dt.date
    pats: Compiled
    ref_gran: str = "day"
    sentence_ends: list[int] = field(default_factory=list)
    # The latest quarter the text named (year, quarter): "the quarter" and "a year
    # earlier" in an earnings report refer to it.
    quarter: tuple[int, int] | None = None
    # The report turned to the year to date ("the first nine months"): "year-earlier"
    # then means the year before.
    year_to_date: bool = False
    # How far the cue that decided the last clause_tense() was (characters).
    cue_distance: int = 0
    # Whether that cue was a reporting verb ("said"), and whether it came before.
    cue_reporting: bool = False
    cue_before: bool = False
    # The story's day (see STORY_SENTENCES), where the text stated it, and whether
    # with its year. It stays the story's time until the text places another.
    story: dt.date | None = None
    story_end: int = 0
    story_year: bool = False
    impossible_end: int = 0  # the end of a match that named a day that does not exist
    # The latest day the text placed: "two days later" after a background year ("The
    # bridge opened in 1977. Two days later, ...") counts from it, not from the year.
    day_ref: dt.date | None = None
    # The latest year (or coarser time) placed: "Three years later" in a past clause
    # cannot count from a recent day into the future ("arrived in 1995. ... On Tuesday,
    # she was elected. ... Three years later, she enrolled").
    year_ref: tuple[dt.date, str] | None = None
    # Where the latest date or time the text placed ends: "Oct. 12, the day before the
    # plunge" is an apposition to it.
    ref_end: int = -1
    ref_value: str = ""  # ... and its value: "10:35 a.m. (0735 GMT)" converts a time
    start: int = 0
    end: int = 0

    def sentence_bounds(self) -> tuple[int, int]:
        i = bisect.bisect_right(self.sentence_ends, self.start)
        lo = self.sentence_ends[i - 1] if i else 0
        hi = self.sentence_ends[i] if i < len(self.sentence_ends) else len(self.text)
        return lo, hi

    def before(self, name: str, chars: int = 12) -> bool:
        """Whether the context pattern `name` ends right where the match starts."""
        lo = max(0, self.start - chars)
        return self.pats.context[name].search(self.text[lo : self.start]) is not None

    def after(self, name: str, chars: int = 16) -> bool:
        """Whether the context pattern `name` starts right where the match ends."""
        return self.pats.context[name].match(self.text[self.end : self.end + chars]) is not None

    def clause_tense(self) -> Tense | None:
        """The tense the caller gave, else the nearest cue in the sentence."""
        if self.tense is not None:
            return self.tense
        if self.text.startswith(("'s", "\u2019s"), self.end):
            return "past"  # "Wednesday's ruling": news names what already happened
        near = self.text[max(0, self.start - 40) : self.start].lower()
        if any(w in near for w in t.SINCE_WORDS) and self.before("since_before", 40):
            # "searching since (shortly after) the Oct. 23 slaying": a time gone by
            self.cue_distance, self.cue_reporting, self.cue_before = 0, False, True
            return "past"
        first, last = self.sentence_bounds()
        found = self._cue_tense(max(first, self.start - TENSE_WINDOW),
                                min(last, self.end + TENSE_WINDOW))  # fmt: skip
        if found is None and (first < self.start - TENSE_WINDOW or last > self.end + TENSE_WINDOW):
            # "In January, a week after the 25th anniversary of ..., a bombing killed":
            # no cue near it, the sentence's farther verbs still tell its tense (a bounded
            # reach: the scan stays linear in a sentence of thousands of words).
            found = self._cue_tense(max(first, self.start - WIDE_TENSE_WINDOW),
                                    min(last, self.end + WIDE_TENSE_WINDOW))  # fmt: skip
        return found

    def _cue_tense(self, lo: int, hi: int) -> Tense | None:
        """The tense of the nearest tense cue in text[lo:hi] (see `clause_tense`)."""
        # (is a reporting verb, distance): reporting verbs decide only when alone.
        best: tuple[bool, int, Tense, bool, bool] | None = None
        cues: tuple[tuple[re.Pattern[str], Tense], ...] = (
            (self.pats.future_cue, "future"),
            (self.pats.past_cue, "past"),
        )
        for pattern, cue_tense in cues:
            for m in pattern.finditer(self.text, lo, hi):
                if self.start <= m.start() < self.end:
                    continue  # "last" in "last Friday" is the expression, not a cue
                if cue_tense == "past" and self.pats.context["auxiliary_before"].search(
                    self.text, max(0, m.start() - AUXILIARY_CHARS), m.start()
                ):
                    continue  # "will be named": a participle
                if self._across_quote(m.start()):
                    continue  # '"We will appeal," he said Tuesday': the quote's own tense
                word = m.group().lower()
                if word in t.NOUN_FUTURE_CUES and self.pats.context["noun_cue_after"].match(
                    self.text, m.end(), m.end() + 12
                ):
                    continue  # "set aside vacation plans for the trip": a noun, no plan
                if cue_tense == "future" and word.endswith("ed") and self._adjective_ed(m.start()):
                    continue  # "the hastily planned trip": an adjective, no plan
                if cue_tense == "future" and self.pats.context["as_planned_before"].search(
                    self.text, max(0, m.start() - AS_PLANNED_CHARS), m.start()
                ):
                    continue  # "began as previously planned Saturday night": no plan ahead
                tense = cue_tense
                if tense == "future" and self.pats.context["past_aux_before"].search(
                    self.text, max(0, m.start() - 12), m.start()
                ):
                    tense = "past"  # "had been due to expire Friday": a plan now past
                if tense == "past" and word.endswith("ed") and (
                    word in t.NOT_PAST_ED or self._adjective_ed(m.start())
                ):
                    continue
                if m.end() <= self.start:
                    dist = self.start - m.end()
                else:
                    dist = m.start() - self.end + AFTER_PENALTY
                # "said Friday": a reporting verb right before the expression governs it
                weak = word in t.REPORTING and not (m.end() <= self.start and dist <= 4)
                key = (weak, dist, tense, word in t.REPORTING, m.end() <= self.start)
                if best is None or key[:2] < best[:2]:
                    best = key
        self.cue_distance = best[1] if best else TENSE_WINDOW
        self.cue_reporting = best is not None and best[3]
        self.cue_before = best is not None and best[4]
        return best[2] if best else None

    def _adjective_ed(self, at: int) -> bool:
        """Whether the -ed word at `at` follows a determiner and an adverb ("a still
        unspecified date"): an adjective. The word before is looked up first, the pattern
        only run after one of those adverbs."""
        before = self.text[max(0, at - 18) : at].split()
        if not before or before[-1].lower() not in t.ADJECTIVE_ED_ADVERBS:
            return False
        return bool(self.pats.context["adjective_ed_before"].search(self.text, max(0, at - 30), at))

    def _across_quote(self, at: int) -> bool:
        """Whether a quotation mark opens or closes between `at` and the expression: a
        cue inside a quote does not give the tense of a time outside it, nor the other
        way round."""
        a, b = (at, self.start) if at < self.start else (self.end, at)
        return sum(self.text.count(q, a, b) for q in QUOTE_MARKS) % 2 == 1

    def story_day(
        self, sentences: int = STORY_SENTENCES, *, across: bool = False
    ) -> dt.date | None:
        """The day the story is on, if the text stated one at most `sentences`
        sentences before, in the same paragraph (or `across` paragraphs)."""
        if self.story is None or (
            not across
            and self.pats.context["paragraph"].search(self.text, self.story_end, self.start)
        ):
            return None
        ends = bisect.bisect_right(self.sentence_ends, self.start) - bisect.bisect_right(
            self.sentence_ends, self.story_end
        )
        return self.story if ends <= sentences else None

    def deadline_tense(self) -> Tense | None:
        """The clause's tense, or future after a deadline word ("closed until Friday"),
        unless a past perfect says the deadline has passed ("until Thursday, they had
        not called him a suspect") or a past happening went on up to it ("fighting
        lasted until Thursday")."""
        tense = self.clause_tense()
        if not self.before("deadline_before", 28):
            return tense
        if self.before("durative_deadline_before", 32):
            return "past"
        lo, hi = self.sentence_bounds()
        reach = DEADLINE_PERFECT_CHARS
        lo, hi = max(lo, self.start - reach), min(hi, self.end + reach)
        if self.pats.context["past_perfect"].search(self.text, lo, hi):
            return tense
        return "future"


# ---------------------------------------------------------------- helpers


def shift_months(d: dt.date, n: int) -> tuple[int, int]:
    total = d.year * 12 + d.month - 1 + n
    return total // 12, total % 12 + 1


def shift_date(d: dt.date, gran: str, n: int) -> dt.date:
    """`d` moved by `n` units of `gran` (months clamp to the month's last day)."""
    if gran == "day":
        return d + n * DAY
    if gran in ("week", "weekend"):
        return d + 7 * n * DAY
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[gran]
    y, m = shift_months(d, n * months)
    return dt.date(y, m, min(d.day, 28))


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower())


def number(word: str | None) -> float | None:
    """The quantity a number word or numeral stands for; None if vague."""
    if word is None:
        return None
    w = _words(word)
    if w in t.VAGUE_NUMBERS:
        return None
    half = 0.0
    for suffix in (*(" " + h for h in t.HALF_WORDS), " 1/2"):
        if w.endswith(suffix):
            w, half = w[: -len(suffix)], 0.5
    if w in t.NUMBERS or w in t.HYPHEN_NUMBERS:
        return {**t.NUMBERS, **t.HYPHEN_NUMBERS}[w] + half
    if "-" in w or " " in w:
        tens, _, ones = w.replace("-", " ").partition(" ")
        return t.NUMBERS.get(tens, 0) + t.NUMBERS.get(ones, 0) + half
    try:
        return float(w.replace(",", "")) + half
    except ValueError:
        return None


def unit_of(word: str) -> str:
    w = word.lower()
    return t.UNIT_PLURALS.get(w, w)


HALVES: dict[str, tuple[str, int]] = {"Y": ("M", 6), "M": ("D", 15), "D": ("H", 12), "H": ("M", 30)}


def duration_value(qty: float | None, unit: str) -> str:
    """P3Y, PT2H, PXD ... for a quantity of a unit (None: unknown quantity)."""
    letter, is_time = t.UNITS[unit]
    if letter == "W2":
        letter, qty = "W", None if qty is None else qty * 2
    factor = {"DE": 10, "CE": 100, "ML": 1000}.get(letter)
    if factor:
        letter, qty = "Y", None if qty is None else qty * factor
    if qty is None:
        amount = "X"
    elif qty == int(qty):
        amount = str(int(qty))
    elif qty * 2 == int(qty * 2) and letter in HALVES:
        # 2 1/2 years = P2Y6M: TimeML writes the half in the next smaller unit
        sub, amount_sub = ("S", 30) if is_time and letter == "M" else HALVES[letter]
        joiner = "T" if letter == "D" else ""
        return f"{'PT' if is_time else 'P'}{int(qty)}{letter}{joiner}{amount_sub}{sub}"
    else:
        amount = f"{qty:g}"
    return f"PT{amount}{letter}" if is_time else f"P{amount}{letter}"


def gran_of_unit(unit: str) -> str:
    return {"fortnight": "week", "night": "day", "weekend": "weekend"}.get(unit, unit)


def is_capitalized(s: str) -> bool:
    return s[:1].isupper()


def is_title(m: re.Match[str], ctx: Context) -> bool:
    """Whether a word that running text writes in lower case ("today", "this week",
    "noon") is capitalized as part of a title or a name: "This is VOA Today", "the
    film High Noon", '"This Week," said'. At a sentence start it is a time."""
    if not is_capitalized(m.group()):
        return False
    if ctx.before("mid_sentence_before", 4):
        return True
    return ctx.before("quote_before", 1) and ctx.after("title_after", 4)


def _mod(word: str | None) -> str | None:
    return None if word is None else t.MODS.get(_words(word))


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # Feb. 29 in a common year, day 0
        return None


def _around(make: Callable[[int], TimexValue], year: int) -> list[TimexValue]:
    """The occurrences of a yearly time in the year before, this one and the next."""
    return [make(y) for y in (year - 1, year, year + 1)]


# ---------------------------------------------------------------- occurrences


def month_occurrence(month: int, ctx: Context) -> TimexValue:
    """A month named without a year: the nearest one the tense allows, or the one
    nearest the story's day when that is far from the document date's reading."""
    candidates = _around(lambda y: TimexValue.of_month(y, month), ctx.dct.year)
    tense = ctx.deadline_tense()
    slack = MONTH_SLACK_DAYS if ctx.cue_distance > GOVERNING_CHARS else 0
    choice = nearest_occurrence(candidates, ctx.dct, tense, slack)
    story = ctx.story_day(STORY_MONTH_SENTENCES) if ctx.story_year and tense != "future" else None
    span = choice.interval(ctx.dct)
    if story is None or span is None:
        return choice
    if span.start - STORY_MONTH_DAYS * DAY <= story < span.end + STORY_MONTH_DAYS * DAY:
        return choice
    near = _around(lambda y: TimexValue.of_month(y, month), story.year)
    return nearest_occurrence(near, story, None)


def day_occurrence(month: int, day: int, ctx: Context) -> TimexValue:
    """A month and day named without a year: the nearest such day, unless the tense
    rules it out by more than `TENSE_SLACK_DAYS` (see `nearest_occurrence`)."""
    y = ctx.dct.year
    days = [d for year in (y - 1, y, y + 1) if (d := _day(year, month, day))]
    if not days:
        raise ValueError(f"no day {month}-{day}")
    candidates = [TimexValue.of_day(d) for d in days]
    return nearest_occurrence(candidates, ctx.dct, ctx.clause_tense(), TENSE_SLACK_DAYS)


# Weekday shifts: which side of the document date the day must lie on, and the tense.
WEEKDAY_SIDES: dict[str, tuple[int, Tense]] = {
    "last": (-1, "past"), "past": (-1, "past"), "previous": (-1, "past"),
    "next": (1, "future"), "coming": (1, "future"), "upcoming": (1, "future"),
    "this coming": (1, "future"), "this past": (-1, "past"), "this": (0, "future"),
}  # fmt: skip


def weekday_occurrence(wd: int, ctx: Context, shift: str | None) -> dt.date:
    """The date of a weekday: the nearest one the tense allows (news convention: past
    when no cue says otherwise; future after "until"), or the one a shift names."""
    dct = ctx.dct
    days = [dct + k * DAY for k in range(-7, 8) if (dct.weekday() + k) % 7 == wd]
    tense: Tense = ctx.deadline_tense() or "past"
    if shift in WEEKDAY_SIDES:
        side, tense = WEEKDAY_SIDES[shift]
        # last: strictly before the DCT; next: strictly after; this: from the DCT on
        days = [d for d in days if (d - dct).days * side > 0 or (side == 0 and d >= dct)]
    choice = nearest_occurrence([TimexValue.of_day(d) for d in days], dct, tense)
    found = dt.date(choice.year or 1, choice.month or 1, choice.day or 1)
    # A narrative goes on across paragraphs ("On Wednesday, March 8, ... the next day ...
    # | Regulators closed the bank on Friday"); a saying is the writer's week ("police
    # said Monday"), and so is a day that names a thing ("in its Friday issue").
    across = not ctx.cue_reporting and ctx.text[max(0, ctx.start - 3) : ctx.start].lower() == "on "
    # A weekday that is the paper's own day stays it (TimeBank's reading of "on Thursday").
    on_dct = found == dct
    story = (
        ctx.story_day(across=across) if shift is None and tense == "past" and not on_dct else None
    )
    if (
        story is not None
        and STORY_DAYS < (dct - story).days <= STORY_RECENT_DAYS
        and abs((found - story).days) > STORY_DAYS
    ):
        # A past story of an earlier week: the occurrence nearest its day.
        near = [story + k * DAY for k in range(-6, 7) if (story.weekday() + k) % 7 == wd]
        best = nearest_occurrence([TimexValue.of_day(d) for d in near], story, None)
        moved = dt.date(best.year or 1, best.month or 1, best.day or 1)
        found = moved if moved < dct else found
    return found


def _period_occurrence(candidates: list[TimexValue], ctx: Context) -> TimexValue:
    tense = ctx.clause_tense() or "past"
    slack = REPORT_SLACK_DAYS if tense == "future" else 0
    if tense == "past" and ctx.cue_distance > GOVERNING_CHARS:
        # a past verb that does not govern it is weaker than nearness ("announced cuts,
        # resulting in the closure of ten plants during the fourth quarter" in August)
        slack = MONTH_SLACK_DAYS
    return nearest_occurrence(candidates, ctx.dct, tense, slack)


# ---------------------------------------------------------------- strategies

Resolver = Callable[[re.Match[str], Context], Result | None]


def r_iso(m: re.Match[str], ctx: Context) -> Result | None:
    value = TimexValue.of_day(dt.date(int(m["year"]), int(m["mon"]), int(m["day"]))).text
    if m["hour"]:
        return Result("TIME", f"{value}T{m['hour']}:{m['minute']}", "explicit")
    return Result("DATE", value, "explicit")


def r_slash(m: re.Match[str], ctx: Context) -> Result | None:
    month, day, year = int(m["mon"]), int(m["day"]), int(m["year"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year < 100:
        year += 2000 if year < 50 else 1900
    return Result("DATE", TimexValue.of_day(dt.date(year, month, day)).text, "explicit")


def _month_num(word: str) -> int | None:
    """The month a matched word names, or None for a word that is not one here."""
    key = word.rstrip(".").lower()
    short = len(key) <= 4 and key not in ("may", "june", "july")
    if short and not word.endswith(".") and not is_capitalized(word):
        return None  # "jan", "dec" in lower case are not months
    if key in t.AMBIGUOUS_MONTHS and not is_capitalized(word):
        return None
    return t.MONTHS[key]


def _spoken_year(m: re.Match[str]) -> int | None:
    """The year of SPOKEN_YEAR's groups ("nineteen ninety-six", "two thousand one")."""
    if m["yc"]:
        tens = int(t.NUMBERS[m["yt"].lower()])
        ones = int(t.NUMBERS[m["yo"].lower()]) if m["yo"] else 0
        if ones > 9:
            return None
        return t.YEAR_CENTURY_WORDS[m["yc"].lower()] * 100 + tens + ones
    if m["mill"]:
        return t.MILLENNIUM_WORDS[_words(m["mill"])] + (
            int(t.NUMBERS[m["y2k"].lower()]) if m["y2k"] else 0
        )
    return None


def r_mdy(m: re.Match[str], ctx: Context) -> Result | None:
    month = _month_num(m["month"])
    if month is None:
        return None
    mod = _mod(m["mod"])
    word = m["month"].rstrip(".").lower()
    year = int(m["year"]) if m["year"] else _spoken_year(m)
    if m["day"]:
        day = int(re.sub(r"\D", "", m["day"]))
        if not 1 <= day <= 31:
            return None
        far = 0
        if year is None and (y := _far_year(m, ctx)) is not None:
            year, far = y
        if year is not None:
            return Result(
                "DATE", TimexValue.of_day(dt.date(year, month, day)).text, "explicit", mod,
                extend_end=far,
            )  # fmt: skip
        return Result("DATE", day_occurrence(month, day, ctx).text, "relative", mod)
    if year is not None:
        return Result("DATE", TimexValue.of_month(year, month).text, "explicit", mod)
    if m["yshift"]:  # "June last year", "October of next year"
        shifted = ctx.dct.year + t.YEAR_SHIFTS[m["yshift"].lower()]
        return Result("DATE", TimexValue.of_month(shifted, month).text, "relative", mod)
    if len(word) <= 4 and not m["month"].endswith(".") and word not in ("may", "june", "july"):
        return None  # a bare "Jan" or "Dec" is more often a name than a month
    if (
        word in t.AMBIGUOUS_MONTHS
        and m["wd"] is None
        and m["mod"] is None
        and ctx.before("event_name_before", 16)
        and ctx.after("event_name_after", 12)
    ):
        return None  # "the annual March for Life": an event, no month
    return Result("DATE", month_occurrence(month, ctx).text, "relative", mod)


# Four digits that end a clause right after a month and a day are its year, also
# outside the years the patterns take ("December 31, 9999."); followed by more words
# they are a count ("On May 5, 1200 people marched").
_FAR_YEAR = re.compile(r",?[ \t]{1,3}(\d{4})(?=[ \t]*(?:[.,;:!?)]|$))")


def _far_year(m: re.Match[str], ctx: Context) -> tuple[int, int] | None:
    """The year (and its length in characters) right after a month and day match."""
    found = _FAR_YEAR.match(ctx.text, m.end())
    return None if found is None else (int(found[1]), found.end() - m.end())


def r_dmy(m: re.Match[str], ctx: Context) -> Result | None:
    month = _month_num(m["month"])
    day = int(re.sub(r"\D", "", m["day"]))
    if month is None or not 1 <= day <= 31:
        return None
    far = None if m["year"] else _far_year(m, ctx)
    if m["year"] or far:
        year = int(m["year"]) if m["year"] else far[0] if far else 0
        return Result(
            "DATE", TimexValue.of_day(dt.date(year, month, day)).text, "explicit",
            extend_end=far[1] if far else 0,
        )  # fmt: skip
    return Result("DATE", day_occurrence(month, day, ctx).text, "relative")


def r_mdy_list(m: re.Match[str], ctx: Context) -> Result | None:
    # "on April 24 and 25": the day of the month the list's first date is in (the
    # latest day the text placed)
    if ctx.ref_gran != "day":
        return None
    lead = ctx.pats.context["month_day_list_before"].search(
        ctx.text, max(0, ctx.start - 60), ctx.start
    )
    if lead is None or _month_num(lead["month"]) != ctx.ref.month:
        return None
    day = _day(ctx.ref.year, ctx.ref.month, int(re.sub(r"\D", "", m["day"])))
    if day is None or day <= ctx.ref:
        return None
    return Result("DATE", day.isoformat(), "narrative")


def r_nth(m: re.Match[str], ctx: Context) -> Result | None:
    day = int(m["day"])
    if not 1 <= day <= 31:
        return None
    months = [shift_months(ctx.dct, k) for k in (-1, 0, 1)]
    candidates = [TimexValue.of_day(d) for y, mo in months if (d := _day(y, mo, day))]
    choice = nearest_occurrence(candidates, ctx.dct, ctx.clause_tense() or "past")
    return Result("DATE", choice.text, "relative")


def r_weekday(m: re.Match[str], ctx: Context) -> Result | None:
    word = m["wd"]
    key = word.rstrip(".").lower()
    if key in t.WEEKDAY_ABBREVS and not (is_capitalized(word) and word.endswith(".")):
        return None
    shift = _words(m["shift"]) if m["shift"] else None
    if m["nshift"]:
        # "the previous Friday": the one before the day the story is on
        side = t.NARRATIVE_SHIFTS[m["nshift"].lower()]
        if side == 0 or ctx.ref_gran != "day":
            return None
        wd = t.WEEKDAYS[key]
        d = next(
            ctx.ref + side * k * DAY
            for k in range(1, 8)
            if (ctx.ref + side * k * DAY).weekday() == wd
        )
        return Result("DATE", d.isoformat(), "narrative", mod=_mod(m["mod"]))
    d = weekday_occurrence(t.WEEKDAYS[key], ctx, shift)
    if m["pod"]:
        return Result("TIME", f"{d.isoformat()}T{t.PARTS_OF_DAY[m['pod'].lower()]}")
    return Result("DATE", d.isoformat(), mod=_mod(m["mod"]))


def r_dayword(m: re.Match[str], ctx: Context) -> Result | None:
    if is_title(m, ctx):
        return None  # "This is VOA Today."
    key = m["dw"].lower()
    d = ctx.dct + t.DAY_WORDS[key] * DAY
    pod = m["pod"].lower() if m["pod"] else ("night" if key == "tonight" else None)
    if pod:
        return Result("TIME", f"{d.isoformat()}T{t.PARTS_OF_DAY[pod]}")
    return Result("DATE", d.isoformat(), mod=_mod(m["mod"]))


def r_thispod(m: re.Match[str], ctx: Context) -> Result | None:
    shift = m["shift"].lower()
    pod = m["pod"].lower()
    if shift == "last" and pod != "night":
        return None  # "last morning" is not idiomatic English
    d = ctx.dct + t.POD_SHIFTS[shift] * DAY
    return Result("TIME", f"{d.isoformat()}T{t.PARTS_OF_DAY[pod]}")


def r_ref(m: re.Match[str], ctx: Context) -> Result | None:
    key = _words(m.group())
    if ctx.after("hyphen_compound_after", 2):
        return None  # "the now-cancelled deal": part of an adjective, no time
    if key in t.RECENT and ctx.before("superlative_before"):
        return None  # "the most recent model"
    if key == "soon" and (
        ctx.before("soon_before") or ctx.after("soon_after") or ctx.clause_tense() == "past"
    ):
        return None  # "soon after", "as soon as", "was soon released"
    return Result("DATE", t.REF_WORDS[key])


def r_term(m: re.Match[str], ctx: Context) -> Result | None:
    return Result("DATE", t.TERM_WORDS[m["term"].lower()])


def r_shift(m: re.Match[str], ctx: Context) -> Result | None:
    if is_title(m, ctx) and is_capitalized(m["unit"]) and m["unit"].lower() not in t.MONTHS:
        return None  # '"This Week With David Brinkley"' (but "Last June")
    shift = _words(m["shift"])
    unit = m["unit"].lower()
    mod = _mod(m["mod"]) or _mod(m["emod"]) or ("APPROX" if m["orso"] else None)
    n = t.SHIFTERS[shift]
    dct = ctx.dct
    if m["emod"] and shift != "this":
        return None  # "earlier last week" is not a phrase; let "last week" match alone
    if unit in t.MONTHS or unit in t.SEASONS:
        make: Callable[[int], TimexValue]
        if unit in t.MONTHS:
            found = _month_num(m["unit"])
            if found is None:
                return None  # "this may help", "at this march": no month in lower case
            month = found
            make = lambda y: TimexValue.of_month(y, month)  # noqa: E731
        else:
            code = t.SEASONS[unit]
            make = lambda y: TimexValue.of_season(y, code)  # noqa: E731
        if n == 0:
            # "this summer", "this September": the one of the document's year, whichever
            # side of the document date it lies ("pledge to protest this summer" in March)
            return Result("DATE", make(dct.year).text, mod=mod)
        candidates = _around(make, dct.year)
        # "last April": the latest one over before the DCT's month; "next April" the
        # first one after it.
        this_month = TimexValue.of_month(dct.year, dct.month).interval(dct)
        assert this_month is not None
        kept = [
            c for c in candidates
            if (span := c.interval(dct)) is not None
            and (span.end <= this_month.start if n < 0 else span.start >= this_month.end)
        ]  # fmt: skip
        tense: Tense = "past" if n < 0 else "future"
        return Result("DATE", nearest_occurrence(kept or candidates, dct, tense).text, mod=mod)
    if m["the"] and shift == "past" and unit in ("decade", "century"):
        # "the past decade" is the ten years up to now, not the calendar decade
        return Result("DURATION", duration_value(1, unit))
    d = shift_date(dct, gran_of_unit(unit), n)
    return Result("DATE", TimexValue.at(d, unit).text, mod=mod)


def r_theunit(m: re.Match[str], ctx: Context) -> Result | None:
    unit = m["unit"].lower()
    return Result("DATE", TimexValue.at(ctx.dct, unit).text, mod=_mod(m["mod"]))


def r_report_day(m: re.Match[str], ctx: Context) -> Result | None:
    # "to end the day at 7,114", "rebounded late in the day": the trading day the report
    # is about, its publication's
    if not (ctx.before("day_closer_before", 14) or ctx.before("day_part_before", 16)):
        return None
    unit = m["unit"].lower()
    if unit == "day":
        # "closed lower on Monday ... to end the day at 7,114": the session the story
        # named, when it is one of the last few days before publication
        day, anchor = _story_day_or_dct(ctx)
        if anchor == "narrative" and 0 <= (ctx.dct - day).days <= REPORT_DAY_DAYS:
            return Result("DATE", day.isoformat(), anchor)
    return Result("DATE", TimexValue.at(ctx.dct, unit).text)


def r_year_end(m: re.Match[str], ctx: Context) -> Result | None:
    """ "year-end" is the year's last day; "year end", "year's end" the year's end."""
    if not m["hy"]:
        return Result("DATE", TimexValue.of_year(ctx.dct.year).text, mod="END")
    y = ctx.dct.year
    candidates = _around(lambda year: TimexValue.of_day(dt.date(year, 12, 31)), y)
    return Result("DATE", nearest_occurrence(candidates, ctx.dct, ctx.deadline_tense()).text)


def r_report_year(m: re.Match[str], ctx: Context) -> Result | None:
    # "For the year, net income rose": the year the report is about
    if not ctx.before("year_of_before", 8):
        return None
    # The year of the quarter under discussion ("the fourth quarter of 2005 and ... for
    # the entire year", published in January), else the document's.
    year = ctx.quarter[0] if ctx.quarter is not None else ctx.dct.year
    return Result("DATE", TimexValue.of_year(year).text)


def r_year_ended(m: re.Match[str], ctx: Context) -> Result | None:
    return Result("DURATION", duration_value(1, "year"))


# Granularities an offset of days cannot count from when a day was placed since: a
# background year or decade is an aside, not the story's time.
_BACKGROUND_GRANS = frozenset({"year", "decade", "century"})


def _narrative_base(unit: str, ctx: Context) -> tuple[dt.date, str]:
    """The time a narrative offset of `unit` counts from, and its granularity: the latest
    time placed, or the latest day when that time is a background year after it."""
    if (
        gran_of_unit(unit) in ("day", "week") and ctx.ref_gran in _BACKGROUND_GRANS
        and ctx.day_ref is not None and ctx.day_ref > ctx.ref
    ):  # fmt: skip
        return ctx.day_ref, "day"
    return ctx.ref, ctx.ref_gran


def _narrative_value(d: dt.date, gran: str, base_gran: str) -> str:
    """The value of `d` at `gran`, or coarser when the anchor is: "two days later"
    after "in January" is not a single day."""
    anchor = base_gran if base_gran in GRAN_ORDER else "day"
    gran = gran if gran in GRAN_ORDER else "day"
    coarser = max(gran, anchor, key=GRAN_ORDER.index)
    return TimexValue.at(d, coarser).text


def r_narr(m: re.Match[str], ctx: Context) -> Result | None:
    unit = m["unit"].lower()
    offset = t.NARRATIVE_SHIFTS[(m["nshift"] or m["that"]).lower()]
    if unit in t.PARTS_OF_DAY:
        if ctx.ref_gran != "day":
            return None  # "the next morning", "that evening" after "in May": no day
        day = ctx.ref + offset * DAY  # "that evening", "the next morning"
        return Result("TIME", f"{day.isoformat()}T{t.PARTS_OF_DAY[unit]}", "narrative")
    gran = gran_of_unit(unit)
    base, base_gran = _narrative_base(unit, ctx) if offset else (ctx.ref, ctx.ref_gran)
    d = shift_date(base, gran, offset)
    # "that week" is the week of the time named; "the next day" keeps its precision, and
    # "that day" after "in 1987" is a day of 1987, not its first
    within = base_gran not in GRAN_ORDER or GRAN_ORDER.index(base_gran) <= GRAN_ORDER.index(gran)
    value = (
        TimexValue.at(d, gran).text if not offset and within
        else _narrative_value(d, gran, base_gran)
    )  # fmt: skip
    return Result("DATE", value, "narrative")


def r_weekend(m: re.Match[str], ctx: Context) -> Result | None:
    # The nearest weekend that has begun, or that has not ended if the clause looks ahead.
    candidates = [TimexValue.of_week(ctx.dct + 7 * k * DAY, weekend=True) for k in (-1, 0, 1)]
    tense = ctx.clause_tense() or "past"
    choice = nearest_occurrence(candidates, ctx.dct, tense)
    story = ctx.story_day(across=not ctx.cue_reporting) if tense == "past" else None
    if story is not None and STORY_DAYS < (ctx.dct - story).days <= STORY_RECENT_DAYS:
        # A past story of an earlier week: the weekend nearest its day.
        near = [TimexValue.of_week(story + 7 * k * DAY, weekend=True) for k in (-1, 0, 1)]
        moved = nearest_occurrence(near, story, None)
        span = moved.interval(ctx.dct)
        if span is not None and span.end <= ctx.dct:
            choice = moved
    return Result("DATE", choice.text)


def r_narr2(m: re.Match[str], ctx: Context) -> Result | None:
    unit = m["unit"].lower()
    if (
        unit == "day" and ctx.ref_gran == "day" and 0 <= ctx.ref_end <= ctx.start
        and ctx.pats.context["apposition_gap"].fullmatch(ctx.text, ctx.ref_end, ctx.start)
    ):  # fmt: skip
        # "Oct. 12, the day before the stock market plunge": that day, described
        return Result("DATE", ctx.ref.isoformat(), "narrative")
    offset = t.RELATIVE_SIGNALS[m["dir"].lower()]
    base, base_gran = _narrative_base(unit, ctx)
    d = shift_date(base, unit, offset)
    return Result("DATE", _narrative_value(d, unit, base_gran), "narrative")


def _story_day_or_dct(ctx: Context) -> tuple[dt.date, Anchoring]:
    """The day a time of day is on: a day the text named, else the document's; a clause
    that looks ahead ("services will run between 7.30 a.m. and ...") is not on a past
    day named before it."""
    ref, gran = ctx.ref, ctx.ref_gran
    if gran != "day" and ctx.day_ref is not None and ctx.day_ref > ref:
        # "erupted on Wednesday evening for the fifth time since December. The eruption
        # began at about 9 p.m.": a coarser time named since, earlier, is background
        ref, gran = ctx.day_ref, "day"
    if gran != "day" or (ref < ctx.dct and ctx.clause_tense() == "future" and ctx.cue_before):
        return ctx.dct, "relative"
    return ref, "narrative"


def r_pod(m: re.Match[str], ctx: Context) -> Result | None:
    # "in the morning": of the day the story is on (a day it named, else the DCT's)
    if not ctx.before("pod_prep_before", 10):
        return None
    day, anchor = _story_day_or_dct(ctx)
    return Result("TIME", f"{day.isoformat()}T{t.PARTS_OF_DAY[m['pod'].lower()]}", anchor)


def r_edge_pod(m: re.Match[str], ctx: Context) -> Result | None:
    # "mid-afternoon yesterday", "late evening Friday": a part of the day it names
    pod = t.PARTS_OF_DAY[m["pod"].lower()]
    if m["dw"]:
        day = ctx.dct + t.DAY_WORDS[m["dw"].lower()] * DAY
    elif m["wd"]:
        day = weekday_occurrence(t.WEEKDAYS[m["wd"].lower()], ctx, None)
    else:
        return None  # "by mid afternoon", "late-night talks": no day of its own
    return Result("TIME", f"{day.isoformat()}T{pod}", "relative", _mod(m["mod"]))


def r_ago(m: re.Match[str], ctx: Context) -> Result | None:
    unit = unit_of(m["unit"])
    qty = number(m["num"])
    gran = gran_of_unit(unit)
    if unit == "fortnight" and qty is not None:
        qty *= 2
    if t.UNITS[unit][1] or gran not in t.CALENDAR_GRANS:
        return None  # "two hours ago": no clock time to resolve; left to the duration rule
    # "about two years ago" is a point near a date: APPROX, whatever the word
    mod = "APPROX" if m["amod"] or m["approx"] else None
    base_name, sign = t.DIRECTIONS[_words(m["dir"])]
    if base_name == "ref" and sign < 0 and ctx.before("figure_base_before", 24):
        base_name = "dct"  # "sales rose from a year earlier": the report's own time
    narrative = base_name == "ref"
    base, base_gran = _narrative_base(unit, ctx) if narrative else (ctx.dct, "day")
    anchor: Anchoring = "narrative" if narrative else "relative"
    if qty is None or qty != int(qty):
        # "several years ago": somewhere in the past (or future)
        return Result("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", anchor, mod)
    if gran == "year" and qty == 1 and sign < 0 and ctx.quarter is not None:
        # "a year earlier" next to "the third quarter": the same quarter a year before
        year, q = ctx.quarter
        return Result("DATE", TimexValue.of_quarter(year - 1, q).text, "narrative", mod)
    d = shift_date(base, gran, sign * int(qty))
    if (
        narrative and sign > 0 and d > ctx.dct and ctx.year_ref is not None
        and ctx.clause_tense() == "past"
    ):  # fmt: skip
        earlier = shift_date(ctx.year_ref[0], gran, int(qty))
        if earlier <= ctx.dct:
            d, base_gran = earlier, ctx.year_ref[1]
    # Coarse units name a coarse period: "a decade ago" is the decade, "a year ago" the year.
    value = _narrative_value(d, gran, base_gran) if narrative else TimexValue.at(d, gran).text
    return Result("DATE", value, anchor, mod)


def r_same_period(m: re.Match[str], ctx: Context) -> Result | None:
    """ "the same month a year ago": the period of the report, a year before."""
    unit = m["unit"].lower()
    if unit in ("quarter", "period") and ctx.quarter is not None:
        year, q = ctx.quarter
        return Result("DATE", TimexValue.of_quarter(year - 1, q).text, "narrative")
    gran = "month" if unit == "period" else unit
    if ctx.ref_gran == gran and ctx.ref != ctx.dct:
        # "sales fell in January, compared to the same month a year ago"
        return Result(
            "DATE", TimexValue.at(shift_date(ctx.ref, "year", -1), gran).text, "narrative"
        )
    d = shift_date(ctx.dct, "year", -1)
    return Result("DATE", TimexValue.at(d, gran).text, "relative")


def r_duration(m: re.Match[str], ctx: Context) -> Result | None:
    unit = unit_of(m["unit"])
    hyphenated = ctx.text[m.start("num") : m.start("unit")].endswith("-")
    if m["old"] or (hyphenated and m["unit"].lower() in t.UNIT_PLURALS):
        return None  # "a 6-year-old" is an age, "three-quarters" a fraction
    num = _words(m["num"])
    if num in t.HYPHEN_NUMBERS and not hyphenated:
        return None  # "single" counts only in "a single-day drop"
    if ctx.after("age_after", 8):
        return None  # "52 years old": an age
    qty = number(num)
    if m["half"] and qty is not None:
        qty += 0.5  # "a year and a half"
    if num in t.NUMBERS and t.NUMBERS[num] == 1 and not m["the"]:
        if unit in ("second", "minute") and ctx.after("adjective_after", 12):
            return None  # "a second term", "a minute detail" (but "for one minute to go")
        if unit == "quarter" and ctx.after("quarter_of"):
            return None  # "a quarter of the shops": a fraction
        if ctx.after("subject_after"):
            return None  # "not a day goes by"
    if num in t.GLUE["A"] and not m["the"]:
        if ctx.before("frequency_before"):
            return Result("SET", duration_value(1, unit), "relative")  # "twice a week"
        if ctx.before("rate_before", 30):
            return None  # "$5 a year", "700 seats a week": a rate
    mod = _mod(m["amod"] or m["amod2"]) or ("APPROX" if m["orso"] else None)
    # "the two-year plan": the article belongs to the noun, not to the adjective
    trim = m.start("num") - m.start() if hyphenated and m["the"] and not m["pl"] else 0
    if m["over"]:
        if m["the"] or hyphenated or not ctx.before("over_lead_before", 10):
            # "evolved over several years", "over the past three years": a signal
            trim = max(trim, (m.start("the") if m["the"] else m.start("num")) - m.start())
        else:
            mod = _mod(m["over"])  # "in over six years"
    if m["pl"] and unit in t.YEAR_TO_DATE_UNITS:
        ctx.quarter, ctx.year_to_date = None, True  # "the first nine months": the year
    return Result("DURATION", duration_value(qty, unit), "relative", mod, trim)


def r_streak(m: re.Match[str], ctx: Context) -> Result | None:
    # "for a second consecutive day": the report's day; only a streak said so, or "the
    # eighth day of" something that is no calendar time
    if not (m["adj"] or m["row"] or (m["unit"].lower() == "day" and ctx.after("streak_of_after"))):
        return None
    if ctx.clause_tense() == "past":
        return None  # "It was the third consecutive month": a streak of the story's past
    return Result("DATE", TimexValue.at(ctx.dct, m["unit"].lower()).text)


def r_period_adj(m: re.Match[str], ctx: Context) -> Result | None:
    return Result("DURATION", t.PERIOD_ADJECTIVES[m["padj"].lower()])


def r_unit_long(m: re.Match[str], ctx: Context) -> Result | None:
    word = m["unit"].lower()
    qty = None if word in t.UNIT_PLURALS else 1.0
    return Result("DURATION", duration_value(qty, unit_of(word)))


def r_vague(m: re.Match[str], ctx: Context) -> Result | None:
    unit = unit_of(m["vunit"])
    if m["recent"]:  # "in recent weeks": an unspecified stretch up to now
        return Result("DURATION", duration_value(None, unit))
    if m["coming"]:  # "in coming months": some time ahead
        return Result("DATE", "FUTURE_REF")
    if unit == "day" or not ctx.before("vague_before", 8):
        return None  # only "for years", "in months": elsewhere a bare plural is a noun
    return Result("DURATION", duration_value(None, unit))


def r_year(m: re.Match[str], ctx: Context) -> Result | None:
    year = m["year"]
    if not ("1600" <= year <= "2099"):
        return None
    return Result("DATE", year, "explicit", _mod(m["mod"]))


def r_year_abbrev(m: re.Match[str], ctx: Context) -> Result | None:
    if ctx.after("name_after", 4) or ctx.before("name_before", 24):
        return None  # "'60 Minutes", "iLife '11": a title, not a year
    # The century of the document date, or the one before for a year still ahead.
    yy = int(m["yy"])
    cent = ctx.dct.year // 100 - (1 if yy > ctx.dct.year % 100 else 0)
    return Result("DATE", TimexValue.of_year(cent * 100 + yy).text, "explicit")


def r_spoken_year(m: re.Match[str], ctx: Context) -> Result | None:
    year = _spoken_year(m)
    return None if year is None else Result("DATE", f"{year:04d}", "explicit")


def r_decade(m: re.Match[str], ctx: Context) -> Result | None:
    two_digit = m["dec2"] if m["dec2"] is not None else m["dec3"]
    if m["dec3"] is not None and not (m["the"] or ctx.before("coordinated_decade", 16)):
        return None  # "80s" alone is more often an age than a decade
    if two_digit is not None:
        # '80s: the century of the document date, or the one before for decades still ahead.
        dec = int(two_digit)
        cent = ctx.dct.year // 100
        if dec * 10 > ctx.dct.year % 100:
            cent -= 1
        value = f"{cent:02d}{dec}"
    else:
        value = f"{m['cent']}{m['dec']}"
    return Result("DATE", value, "explicit", _mod(m["mod"]))


def r_decade_word(m: re.Match[str], ctx: Context) -> Result | None:
    return Result("DATE", t.DECADE_WORDS[m["dw"].lower()], "explicit", _mod(m["mod"]))


def r_century(m: re.Match[str], ctx: Context) -> Result | None:
    word = m["cent"].lower()
    n = t.CENTURY_WORDS[word] if word in t.CENTURY_WORDS else int(word[:-2])
    if not 1 <= n <= 30:
        return None
    # "the 11th century temple": as an adjective the article belongs to the noun
    trim = 0
    first = _words(m.group()).split(" ", 1)[0]
    if first in t.GLUE["THE"] and ctx.after("adjective_after"):
        trim = len(m.group()) - len(m.group()[len(first) :].lstrip())
    return Result("DATE", f"{n - 1:02d}", "explicit", _mod(m["mod"]), trim)


def r_quarter(m: re.Match[str], ctx: Context) -> Result | None:
    ordinal = m["ord"].lower()
    half = m["qh"].lower() in t.GLUE["HALF"]
    k = t.PERIOD_ORDINALS[ordinal]
    if k < 0:
        k = 2 if half else 4
    if k > (2 if half else 4):
        return None
    year_text = m["year2"] or m["pyear"]
    shift = m["yshift"] or m["pshift"]
    anchor: Anchoring = "relative"
    if year_text:
        year, anchor = int(year_text), "explicit"
    elif shift:  # "the first quarter of last year", "next year's first quarter"
        year = ctx.dct.year + t.YEAR_SHIFTS[shift.lower()]
    else:
        # The nearest such period that has begun (past) or has not ended (future); the
        # year before for "the year-ago third quarter".
        make = TimexValue.of_half if half else TimexValue.of_quarter
        year = _period_occurrence(_around(lambda y: make(y, k), ctx.dct.year), ctx).year or 0
        year -= 1 if m["pago"] else 0
    ended = dt.date(year + k // 4, 3 * k % 12 + 1, 1) <= ctx.dct if year else False
    if not half and ended:
        # The quarter under discussion is one ended by the document date: "losses through
        # the third quarter of 1990" foretells, and "the year-ago period" after it is
        # still a year before the quarter reported.
        ctx.quarter, ctx.year_to_date = (year, k), False
    value = (TimexValue.of_half if half else TimexValue.of_quarter)(year, k).text
    # "the third-quarter results": the article belongs to the noun
    trim = m.start("ord") - m.start() if m["hy"] == "-" and m["the"] and not m["pre"] else 0
    return Result("DATE", value, anchor, trim_start=trim)


def r_month_quarter(m: re.Match[str], ctx: Context) -> Result | None:
    """ "the April-June quarter": the calendar quarter three months make, else nothing."""
    first, last = _month_num(m["m1"]), _month_num(m["m2"])
    if first is None or last is None or first % 3 != 1 or last != first + 2:
        return None
    k = (first + 2) // 3
    year = _period_occurrence(
        _around(lambda y: TimexValue.of_quarter(y, k), ctx.dct.year), ctx
    ).year or ctx.dct.year
    ctx.quarter, ctx.year_to_date = (year, k), False
    return Result("DATE", TimexValue.of_quarter(year, k).text, "relative")


def r_qref(m: re.Match[str], ctx: Context) -> Result | None:
    """ "the quarter", "the year-ago period": the quarter under discussion."""
    which = (m["which"] or m["which2"] or m["adj"] or "").lower()
    if m["adj"] and ctx.quarter is None:
        if ctx.year_to_date:  # "net for the first nine months ... the year-ago results"
            return Result("DATE", TimexValue.of_year(ctx.dct.year - 1).text, "narrative")
        return None  # "year-earlier" outside an earnings context: not a quarter
    ended = ctx.pats.context["ended_after"].match(ctx.text, m.end()) if not m["adj"] else None
    if ended is not None:
        # "the quarter ended Sept. 30": the quarter that date closes
        end_day = ctx.pats.families["mdy"].match(ctx.text, ended.end())
        month = _month_num(end_day["month"]) if end_day is not None else None
        if end_day is None or month is None:
            return None
        found = month_occurrence(month, ctx).year if not end_day["year"] else int(end_day["year"])
        year = found or ctx.dct.year
        q = (month - 1) // 3 + 1
    elif ctx.quarter is not None and which not in ("latest", "just-ended", "recent", "current"):
        year, q = ctx.quarter
    else:
        # No quarter named yet: the last one completed before the document date.
        year, q = divmod(ctx.dct.year * 4 + (ctx.dct.month - 1) // 3 - 1, 4)
        q += 1
    if which.startswith("year-"):
        return Result("DATE", TimexValue.of_quarter(year - 1, q).text, "narrative")
    ctx.quarter = (year, q)
    return Result("DATE", TimexValue.of_quarter(year, q).text, "relative")


def r_week_of(m: re.Match[str], ctx: Context) -> Result | None:
    """ "the week of March 6" is the week that holds the day; "the last week of March"
    the month's last week (ISO: the week holding the month's fourth day, or fourth-last)."""
    month = _month_num(m["month"])
    if month is None or (m["day"] is None) == (m["ord"] is None):
        return None  # "the week of March" is no expression; "the first week of March 6" none
    anchor: Anchoring = "explicit" if m["year"] else "relative"
    if m["year"]:
        year = int(m["year"])
    elif m["day"]:
        year = day_occurrence(month, int(re.sub(r"\D", "", m["day"])), ctx).year or 0
    else:
        year = month_occurrence(month, ctx).year or 0
    if m["day"]:
        day = _day(year, month, int(re.sub(r"\D", "", m["day"])))
        if day is None:
            return None
        return Result("DATE", TimexValue.of_week(day).text, anchor)
    k = t.PERIOD_ORDINALS[m["ord"].lower()]
    first = dt.date(year, month, 1)
    last = dt.date(*shift_months(first, 1), 1) - DAY
    day = last - 3 * DAY if k < 0 else first + (3 + 7 * (k - 1)) * DAY
    if day > last:
        return None  # "the fifth week of February"
    return Result("DATE", TimexValue.of_week(day).text, anchor)


def r_year_quarter(m: re.Match[str], ctx: Context) -> Result | None:
    """ "the 1988 quarter", "last year's period": the quarter under discussion, in that
    year (the year itself when no quarter is)."""
    anchor: Anchoring = "explicit" if m["year"] else "relative"
    year = int(m["year"]) if m["year"] else ctx.dct.year + t.YEAR_SHIFTS[m["pshift"].lower()]
    if ctx.quarter is None:
        return Result("DATE", TimexValue.of_year(year).text, anchor)
    return Result("DATE", TimexValue.of_quarter(year, ctx.quarter[1]).text, "narrative")


def r_qcode(m: re.Match[str], ctx: Context) -> Result | None:
    q = int(m["q"] or m["q2"])
    if m["year"]:
        return Result("DATE", TimexValue.of_quarter(int(m["year"]), q).text, "explicit")
    year = _period_occurrence(_around(lambda y: TimexValue.of_quarter(y, q), ctx.dct.year), ctx)
    ctx.quarter = (year.year or ctx.dct.year, q)
    return Result("DATE", year.text, "relative")


def r_season(m: re.Match[str], ctx: Context) -> Result | None:
    word = m["season"].lower()
    code = t.SEASONS[word]
    year = int(m["year"]) if m["year"] else _spoken_year(m)
    if year is not None:
        return Result("DATE", TimexValue.of_season(year, code).text, "explicit", _mod(m["mod"]))
    if word in t.AMBIGUOUS_SEASONS and not (
        m["mod"] or m["the"] or ctx.before("season_cue_before")
    ):
        return None  # "hot springs", "a fall in prices"
    if word in t.AMBIGUOUS_SEASONS and m["the"] and not ctx.before("season_cue_before"):
        return None  # "the fall in prices" (but "in the fall")
    candidates = _around(lambda y: TimexValue.of_season(y, code), ctx.dct.year)
    choice = nearest_occurrence(candidates, ctx.dct, ctx.clause_tense())
    return Result("DATE", choice.text, "relative", _mod(m["mod"]))


def holiday_date(name: str, year: int) -> dt.date:
    month, weekday, n, offset = t.HOLIDAYS[name]
    if weekday is None:
        return dt.date(year, month, n) + offset * DAY
    if n > 0:
        first = dt.date(year, month, 1)
        day = first + ((weekday - first.weekday()) % 7 + 7 * (n - 1)) * DAY
    else:
        last = dt.date(year + month // 12, month % 12 + 1, 1) - DAY
        day = last - ((last.weekday() - weekday) % 7) * DAY
    return day + offset * DAY


def r_holiday(m: re.Match[str], ctx: Context) -> Result | None:
    name = _words(m["hol"])
    if not is_capitalized(m["hol"].split()[-1]):
        return None
    shift = m["shift"].lower() if m["shift"] else None
    sides: dict[int, Tense] = {-1: "past", 1: "future"}
    tense = sides.get(t.YEAR_SHIFTS[shift]) if shift else None
    candidates = _around(lambda y: TimexValue.of_day(holiday_date(name, y)), ctx.dct.year)
    return Result("DATE", nearest_occurrence(candidates, ctx.dct, tense or ctx.clause_tense()).text)


def r_historic_day(m: re.Match[str], ctx: Context) -> Result | None:
    if not is_capitalized(m["hist"]):
        return None
    return Result("DATE", t.HISTORIC_DAYS[_words(m["hist"])], "explicit")


def r_clock(m: re.Match[str], ctx: Context) -> Result | None:
    zone = m["tz"] or m["tz24"] or m["tzm"]
    if m["word"] and is_title(m, ctx):
        return None  # the film "High Noon"
    if m["word"]:
        hour, minute = t.CLOCK_WORDS[m["word"].lower()]
    elif m["h24"]:
        hour, minute = int(m["h24"]), int(m["m24"])
    elif m["mil"]:
        hour, minute = int(m["mil"]), int(m["milm"])
    else:
        hour, minute = int(m["hour"]), int(m["minute"] or 0)
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + t.MERIDIEMS[m["ampm"].lower()]
    if (
        0 <= ctx.ref_end <= ctx.start
        and ctx.pats.context["conversion_gap"].fullmatch(ctx.text, ctx.ref_end, ctx.start)
        and "T" in ctx.ref_value
        and not ctx.ref_value.partition("T")[2].startswith(f"{hour:02d}:{minute:02d}")
    ):
        # "at 10:35 a.m. (0735 GMT)": the same time on another clock (but "at 4 in the
        # morning (4 a.m. EDT Thursday)" says it again, more fully)
        return None
    anchor: Anchoring = "relative"
    if m["cwd"]:
        day = weekday_occurrence(t.WEEKDAYS[m["cwd"].lower()], ctx, None)
    elif m["cdw"]:
        day = ctx.dct + t.DAY_WORDS[m["cdw"].lower()] * DAY
    elif m["cmonth"]:
        month = _month_num(m["cmonth"])
        cday = int(re.sub(r"\D", "", m["cday"]))
        if month is None or not 1 <= cday <= 31:
            return None
        if m["cyear"]:
            day, anchor = dt.date(int(m["cyear"]), month, cday), "explicit"
        else:
            found = day_occurrence(month, cday, ctx)
            day = dt.date(found.year or 1, month, cday)
    else:
        day, anchor = _story_day_or_dct(ctx)  # "On Friday ... at 10:35 a.m."
    suffix = t.TIME_ZONES[zone.lower()] if zone else ""
    return Result("TIME", f"{day.isoformat()}T{hour:02d}:{minute:02d}{suffix}", anchor)


def r_clock_pod(m: re.Match[str], ctx: Context) -> Result | None:
    hour = int(m["hour"])
    if not 1 <= hour <= 12:
        return None
    hour = hour % 12 + t.CLOCK_PARTS_OF_DAY[m["pod"].lower()]
    day, anchor = _story_day_or_dct(ctx)
    return Result("TIME", f"{day.isoformat()}T{hour:02d}:00", anchor)


def r_set(m: re.Match[str], ctx: Context) -> Result | None:
    if m["setword"]:
        if ctx.before("statistic_before", 10):
            return None  # "Nasdaq's average daily volume": a statistic, not a recurrence
        return Result("SET", t.SETS[m["setword"].lower()])
    if m["quant"] and m["quant"].lower() in t.RATE_QUANTIFIERS and ctx.before("rate_before", 30):
        return None  # "15 million instructions per second": a rate
    step = 2 if m["other"] else 1
    if m["wd"]:
        wd = t.WEEKDAYS[m["wd"].rstrip(".").lower()]
        return Result("SET", f"XXXX-WXX-{wd + 1}")
    if m["month"]:
        return Result("SET", f"XXXX-{t.MONTHS[m['month'].lower()]:02d}")
    unit = m["unit"].lower()
    if unit in t.SEASONS:
        return Result("SET", f"XXXX-{t.SEASONS[unit]}")
    return Result("SET", duration_value(step, unit))


RESOLVERS: dict[str, Resolver] = {r.name: globals()[f"r_{r.resolve}"] for r in RULES}


# ---------------------------------------------------------------- driver


def _best_at(pos: int, endpos: int, ctx: Context) -> tuple[int, str, Result] | None:
    """The longest rule match at `pos`, within the paragraph, that resolves to a value."""
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    rules = ctx.pats.by_first.get(ctx.text[pos].lower(), ctx.pats.any_first)
    for i, (name, pattern) in enumerate(rules):
        m = pattern.match(ctx.text, pos, endpos)
        if m is not None and m.end() > pos:
            candidates.append((-m.end(), i, name, m))
    candidates.sort(key=lambda c: (c[0], c[1]))
    for _, _, name, m in candidates:
        ctx.start, ctx.end = m.start(), m.end()
        try:
            res = RESOLVERS[name](m, ctx)
        except (ValueError, OverflowError):
            # A day that does not exist (2021-02-30, year 0): no time anywhere in it,
            # rather than a shorter match dating it otherwise ("2021", "December 31").
            ctx.impossible_end = m.end()
            return None
        if res is not None:
            return m.end() + res.extend_end, name, res
    return None


def _update_ref(ctx: Context, rule: str, res: Result) -> None:
    # Narrative expressions count from the latest date the text placed.
    parsed = TimexValue.parse(res.value)
    span = None if parsed.is_reference else parsed.interval(ctx.dct)
    # A saying's day ("police said early Wednesday") is when it was told, not the time the
    # story goes on at: a time of day after it is on the story's day ("... late Tuesday,
    # police said early Wednesday. The shooting began shortly after 7 p.m.").
    saying = ctx.before("saying_before", 24) and ctx.ref_gran == "day"
    if span is not None and not saying:
        ctx.ref, ctx.ref_gran = span.start, span.granularity
        if span.granularity == "day":
            ctx.day_ref = span.start
        elif span.granularity in _BACKGROUND_GRANS:
            ctx.year_ref = (span.start, span.granularity)
    if rule in STORY_RULES and span is not None and parsed.names_day:
        ctx.story, ctx.story_end = span.start, ctx.end  # "Monday, Aug. 6": the story's day
        ctx.story_year = res.anchor == "explicit"
    elif rule in STORY_MOVERS and ctx.story is not None and span is not None and parsed.names_day:
        ctx.story, ctx.story_end = span.start, ctx.end  # "the next day": the story goes on
    elif (
        rule in STORY_FOLLOWERS and ctx.story is not None and span is not None
        and abs((span.start - ctx.story).days) <= STORY_DAYS
    ):  # fmt: skip
        ctx.story, ctx.story_end = span.start, ctx.end  # "on Friday" in the story's week
    elif rule not in STORY_KEEPERS:
        ctx.story = None  # "yesterday", "the following year": the story moved on


def tag(text: str, dct: dt.date, *, tense: Tense | None = None) -> list[Timex]:
    """The TIMEX3 expressions of `text`, sorted and non-overlapping.

    `dct` is the document creation time; `tense` overrides the tense inferred
    from the words around each expression (a query "--since Friday" is "past").
    """
    pats = compiled()
    ctx = Context(text=text, dct=dct, tense=tense, ref=dct, pats=pats)
    ctx.sentence_ends = [m.end() for m in pats.sentence_end.finditer(text)]
    out: list[Timex] = []
    scanned, scanner = scan_text(pats, text)
    search = functools.partial(scanner.search, scanned)
    # Paragraph by paragraph: no expression spans a blank line (a title's "Friday" is
    # not the day of the dateline below it).
    bounds = [m.start() for m in pats.context["paragraph"].finditer(text)] + [len(text)]
    pos = 0
    for endpos in bounds:
        while (hit := search(pos, endpos)) is not None:
            start = hit.start()
            ctx.impossible_end = 0
            found = _best_at(start, endpos, ctx)
            if found is None:
                pos = max(start + 1, ctx.impossible_end)
                continue
            end, rule, res = found
            start += res.trim_start
            # A duration or a set is not placed in time, so nothing anchors it.
            anchor = "explicit" if res.type in ("DURATION", "SET") else res.anchor
            out.append(
                Timex(start, end, text[start:end], res.type, res.value, res.mod, anchor, rule)
            )
            if res.type in ("DATE", "TIME"):
                _update_ref(ctx, rule, res)
                ctx.ref_end, ctx.ref_value = end, res.value
            pos = end
        pos = max(pos, endpos)
    return _anchored_signals(out, text, dct)


# "the day before last Tuesday('s hearing)": what a signal relates "the day" to.
_SIGNAL_GAP = re.compile(r"\s+(" + "|".join(t.RELATIVE_SIGNALS) + r")\s+", re.IGNORECASE)


def _anchored_signals(out: list[Timex], text: str, dct: dt.date) -> list[Timex]:
    """ "The day before last Tuesday's hearing", "the week after Jan. 3": a narrative
    "the day" whose signal is followed by a day the text names is one expression, that
    day moved, not a day counted from the story's latest time (`r_narr2`)."""
    merged: list[Timex] = []
    skip = False
    for i, x in enumerate(out):
        if skip:
            skip = False
            continue
        nxt = out[i + 1] if i + 1 < len(out) else None
        if nxt is not None and x.rule == "narr2" and nxt.type in ("DATE", "TIME"):
            gap = _SIGNAL_GAP.fullmatch(text, x.end, nxt.start)
            day = TimexValue.parse(nxt.value)
            span = day.interval(dct)
            if gap is not None and span is not None and day.granularity == "day":
                unit = x.text.split()[-1].lower()
                moved = shift_date(span.start, unit, t.RELATIVE_SIGNALS[gap.group(1).lower()])
                value = TimexValue.at(moved, gran_of_unit(unit)).text
                x = replace(x, end=nxt.end, text=text[x.start : nxt.end], type="DATE",
                            value=value, anchor=nxt.anchor)  # fmt: skip
                skip = True
        merged.append(x)
    return merged
