"""Find temporal expressions in text and normalize them to TIMEX3 values.

`tag(text, dct)` scans once with the combined pattern; at each hit the longest
family match is resolved by the family's function. Values follow TimeML:
underspecified expressions ("Friday", "in January") take the tense of their
sentence to decide between the nearest past and the nearest future one, and
narrative expressions ("two days later") take the latest date the text named.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from timeline.temporal import tables as t
from timeline.temporal.occurrence import Tense, nearest_occurrence
from timeline.temporal.patterns import Compiled, compiled
from timeline.temporal.timex import Anchoring, Timex, TimexType
from timeline.temporal.value import TimexValue

__all__ = ["Tense", "tag"]
DAY = dt.timedelta(days=1)
# How far (characters) a tense cue may sit from the expression, within its sentence.
TENSE_WINDOW = 120
# How far a month-and-day may lie on the "wrong" side of the document date for its tense.
TENSE_SLACK_DAYS = 90
# Cues after the expression count as this many characters farther: the verb that
# governs a time expression usually comes before it.
AFTER_PENALTY = 20


@dataclass(slots=True)
class Result:
    """What a family resolver found: type, value and how it was anchored."""

    type: TimexType
    value: str
    anchor: Anchoring = "relative"
    mod: str | None = None
    # Characters to drop from the front of the match (e.g. "the" that TimeML leaves out).
    trim_start: int = 0


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
    start: int = 0
    end: int = 0

    def sentence_bounds(self) -> tuple[int, int]:
        i = bisect.bisect_right(self.sentence_ends, self.start)
        lo = self.sentence_ends[i - 1] if i else 0
        hi = self.sentence_ends[i] if i < len(self.sentence_ends) else len(self.text)
        return lo, hi

    def clause_tense(self) -> Tense | None:
        """The tense the caller gave, else the nearest cue in the sentence."""
        if self.tense is not None:
            return self.tense
        if self.text.startswith(("'s", "\u2019s"), self.end):
            return "past"  # "Wednesday's ruling": news names what already happened
        lo, hi = self.sentence_bounds()
        lo = max(lo, self.start - TENSE_WINDOW)
        hi = min(hi, self.end + TENSE_WINDOW)
        # (is a reporting verb, distance): reporting verbs decide only when alone.
        best: tuple[bool, int, Tense] | None = None
        cues: tuple[tuple[re.Pattern[str], Tense], ...] = (
            (self.pats.future_cue, "future"),
            (self.pats.past_cue, "past"),
        )
        for pattern, tense in cues:
            for m in pattern.finditer(self.text, lo, hi):
                if self.start <= m.start() < self.end:
                    continue  # "last" in "last Friday" is the expression, not a cue
                word = m.group().lower()
                if tense == "past" and word.endswith("ed") and word in t.NOT_PAST_ED:
                    continue
                if m.end() <= self.start:
                    dist = self.start - m.end()
                else:
                    dist = m.start() - self.end + AFTER_PENALTY
                # "said Friday": a reporting verb right before the expression governs it
                weak = word in t.REPORTING and not (m.end() <= self.start and dist <= 4)
                key = (weak, dist, tense)
                if best is None or key[:2] < best[:2]:
                    best = key
        return best[2] if best else None


# ---------------------------------------------------------------- formatting


def fmt_day(d: dt.date) -> str:
    return d.isoformat()


def ymd(year: int, month: int, day: int) -> str:
    """A calendar day's value; ValueError for a day that does not exist (Feb. 30)."""
    return dt.date(year, month, day).isoformat()


def fmt_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def fmt_month(y: int, m: int) -> str:
    y += (m - 1) // 12
    m = (m - 1) % 12 + 1
    return f"{y:04d}-{m:02d}"


def shift_months(d: dt.date, n: int) -> tuple[int, int]:
    total = d.year * 12 + d.month - 1 + n
    return total // 12, total % 12 + 1


def value_at(d: dt.date, gran: str) -> str:
    """The TIMEX3 value of the `gran`-sized period that contains `d`."""
    if gran == "day":
        return fmt_day(d)
    if gran == "week":
        return fmt_week(d)
    if gran == "weekend":
        return fmt_week(d) + "-WE"
    if gran == "month":
        return fmt_month(d.year, d.month)
    if gran == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if gran == "year":
        return f"{d.year:04d}"
    if gran == "decade":
        return f"{d.year // 10:03d}"
    if gran == "century":
        return f"{d.year // 100:02d}"
    return fmt_day(d)


def shift_date(d: dt.date, gran: str, n: int) -> dt.date:
    """`d` moved by `n` units of `gran` (months clamp to the month's last day)."""
    if gran == "day":
        return d + n * DAY
    if gran in ("week", "weekend"):
        return d + 7 * n * DAY
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[gran]
    y, m = shift_months(d, n * months)
    return dt.date(y, m, min(d.day, 28))


# ---------------------------------------------------------------- helpers


def number(word: str | None) -> float | None:
    """The quantity a number word or numeral stands for; None if vague."""
    if word is None:
        return None
    w = re.sub(r"\s+", " ", word.lower())
    if w in t.VAGUE_NUMBERS:
        return None
    half = 0.0
    for suffix in (" and a half", " a half", " 1/2"):
        if w.endswith(suffix):
            w, half = w[: -len(suffix)], 0.5
    if w in t.NUMBERS:
        return t.NUMBERS[w] + half
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


def duration_value(qty: float | None, unit: str) -> str:
    """P3Y, PT2H, PXD ... for a quantity of a unit (None: unknown quantity)."""
    letter, is_time = t.UNITS[unit]
    if letter == "W2":
        letter, qty = "W", None if qty is None else qty * 2
    factor = {"DE": 10, "CE": 100, "ML": 1000}.get(letter)
    if factor:
        letter, qty = "Y", None if qty is None else qty * factor
    if letter == "Q":
        letter, qty = "M", None if qty is None else qty * 3
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


HALVES: dict[str, tuple[str, int]] = {
    "Y": ("M", 6),
    "M": ("D", 15),
    "D": ("H", 12),
    "H": ("M", 30),
}


def gran_of_unit(unit: str) -> str:
    return {"fortnight": "week", "night": "day", "weekend": "weekend"}.get(unit, unit)


def is_capitalized(s: str) -> bool:
    return s[:1].isupper()


DEADLINE_BEFORE = re.compile(r"(?<!\w)(?:by|through|until|till)\s{1,3}$", re.IGNORECASE)


def month_occurrence(month: int, ctx: Context) -> TimexValue:
    """A month named without a year: the nearest one the tense allows."""
    tense = ctx.clause_tense()
    if DEADLINE_BEFORE.search(ctx.text, max(0, ctx.start - 10), ctx.start):
        tense = "future"  # "through June", "by February": a deadline lies ahead
    y = ctx.dct.year
    candidates = [TimexValue.of_month(year, month) for year in (y - 1, y, y + 1)]
    return nearest_occurrence(candidates, ctx.dct, tense)


def day_occurrence(month: int, day: int, ctx: Context) -> TimexValue:
    """A month and day named without a year: the nearest such day, unless the tense
    rules it out by more than `TENSE_SLACK_DAYS` (see `nearest_occurrence`)."""
    y = ctx.dct.year
    candidates = [
        TimexValue.of_day(d) for year in (y - 1, y, y + 1) if (d := _day(year, month, day))
    ]
    if not candidates:
        raise ValueError(f"no day {month}-{day}")
    return nearest_occurrence(candidates, ctx.dct, ctx.clause_tense(), TENSE_SLACK_DAYS)


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # Feb. 29 in a common year, day 0
        return None


# Weekday shifts: which side of the document date the day must lie on, and the tense.
WEEKDAY_SIDES: dict[str, tuple[int, Tense]] = {
    "last": (-1, "past"), "past": (-1, "past"), "previous": (-1, "past"),
    "next": (1, "future"), "coming": (1, "future"), "upcoming": (1, "future"),
    "this coming": (1, "future"), "this past": (-1, "past"), "this": (0, "future"),
}  # fmt: skip


def weekday_occurrence(wd: int, ctx: Context, shift: str | None) -> dt.date:
    """The date of a weekday: the nearest one the tense allows (news convention: past
    when no cue says otherwise), or the one a shift ("last", "next") names."""
    dct = ctx.dct
    days = [dct + k * DAY for k in range(-7, 8) if (dct.weekday() + k) % 7 == wd]
    tense: Tense = ctx.clause_tense() or "past"
    if shift in WEEKDAY_SIDES:
        side, tense = WEEKDAY_SIDES[shift]
        # last: strictly before the DCT; next: strictly after; this: from the DCT on
        days = [d for d in days if (d - dct).days * side > 0 or (side == 0 and d >= dct)]
    choice = nearest_occurrence([TimexValue.of_day(d) for d in days], dct, tense)
    return dt.date(choice.year or 1, choice.month or 1, choice.day or 1)


# ---------------------------------------------------------------- families

# "$5 a year", "twice a week": "a <unit>" after an amount is a SET.
SET_BEFORE = re.compile(r"(?:\d|per|times|twice|percent|%)\s{0,3}$")

Resolver = Callable[[re.Match[str], Context], Result | None]


def r_iso(m: re.Match[str], ctx: Context) -> Result | None:
    value = ymd(int(m["year"]), int(m["mon"]), int(m["day"]))
    if m["hour"]:
        return Result("TIME", f"{value}T{m['hour']}:{m['minute']}", "explicit")
    return Result("DATE", value, "explicit")


def r_slash(m: re.Match[str], ctx: Context) -> Result | None:
    month, day, year = int(m["mon"]), int(m["day"]), int(m["year"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year < 100:
        year += 2000 if year < 50 else 1900
    return Result("DATE", ymd(year, month, day), "explicit")


def _month_num(m: re.Match[str]) -> int | None:
    word = m["month"].rstrip(".")
    key = word.lower()
    short = len(key) <= 4 and key not in ("may", "june", "july")
    if short and not m["month"].endswith(".") and not is_capitalized(word):
        return None  # "jan", "dec" in lower case are not months
    if key in t.AMBIGUOUS_MONTHS and not is_capitalized(word):
        return None
    return t.MONTHS[key]


def _mod(word: str | None) -> str | None:
    if word is None:
        return None
    return t.MODS.get(re.sub(r"\s+", " ", word.lower()))


def r_mdy(m: re.Match[str], ctx: Context) -> Result | None:
    month = _month_num(m)
    if month is None:
        return None
    mod = _mod(m["mod"])
    word = m["month"].rstrip(".").lower()
    if m["day"]:
        day = int(m["day"])
        if not 1 <= day <= 31:
            return None
        if m["year"]:
            return Result("DATE", ymd(int(m["year"]), month, day), "explicit", mod)
        return Result("DATE", day_occurrence(month, day, ctx).text, "relative", mod)
    if m["year"]:
        return Result("DATE", f"{m['year']}-{month:02d}", "explicit", mod)
    if m["yshift"]:  # "June last year"
        year = ctx.dct.year + t.SHIFTERS[m["yshift"].lower()]
        return Result("DATE", fmt_month(year, month), "relative", mod)
    if len(word) <= 4 and not m["month"].endswith(".") and word not in ("may", "june", "july"):
        return None  # a bare "Jan" or "Dec" is more often a name than a month
    return Result("DATE", month_occurrence(month, ctx).text, "relative", mod)


def r_dmy(m: re.Match[str], ctx: Context) -> Result | None:
    month = _month_num(m)
    day = int(m["day"])
    if month is None or not 1 <= day <= 31:
        return None
    if m["year"]:
        return Result("DATE", ymd(int(m["year"]), month, day), "explicit")
    return Result("DATE", day_occurrence(month, day, ctx).text, "relative")


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
    shift = m["shift"].lower() if m["shift"] else None
    d = weekday_occurrence(t.WEEKDAYS[key], ctx, shift)
    if m["pod"]:
        return Result("TIME", f"{d.isoformat()}T{t.PARTS_OF_DAY[m['pod'].lower()]}")
    return Result("DATE", d.isoformat(), mod=_mod(m["mod"]))


def r_dayword(m: re.Match[str], ctx: Context) -> Result | None:
    key = m["dw"].lower()
    d = ctx.dct + t.DAY_WORDS[key] * DAY
    pod = m["pod"].lower() if m["pod"] else ("night" if key == "tonight" else None)
    if pod:
        return Result("TIME", f"{d.isoformat()}T{t.PARTS_OF_DAY[pod]}")
    return Result("DATE", d.isoformat(), mod=_mod(m["mod"]))


def r_thispod(m: re.Match[str], ctx: Context) -> Result | None:
    shift = m["shift"].lower()
    pod = m["pod"].lower()
    offset = {"this": 0, "tomorrow": 1, "yesterday": -1, "last": -1}[shift]
    if shift == "last" and pod != "night":
        return None  # "last morning" is not idiomatic English
    d = ctx.dct + offset * DAY
    return Result("TIME", f"{d.isoformat()}T{t.PARTS_OF_DAY[pod]}")


def r_ref(m: re.Match[str], ctx: Context) -> Result | None:
    key = re.sub(r"\s+", " ", m.group().lower())
    return Result("DATE", t.REF_WORDS[key])


def r_shift(m: re.Match[str], ctx: Context) -> Result | None:
    shift = m["shift"].lower()
    unit = m["unit"].lower()
    mod = _mod(m["mod"]) or _mod(m["emod"])
    n = t.SHIFTERS[shift]
    dct = ctx.dct
    if m["emod"] and shift != "this":
        return None  # "earlier last week" is not a phrase; let "last week" match alone
    if unit in t.MONTHS or unit in t.SEASONS:
        y = dct.year
        if unit in t.MONTHS:
            candidates = [TimexValue.of_month(year, t.MONTHS[unit]) for year in (y - 1, y, y + 1)]
        else:
            candidates = [TimexValue.of_season(year, t.SEASONS[unit]) for year in (y - 1, y, y + 1)]
        if n == 0:
            return Result(
                "DATE", nearest_occurrence(candidates, dct, ctx.clause_tense()).text, mod=mod
            )
        # "last April": the latest one over before the DCT's month; "next April" the
        # first one after it.
        this_month = TimexValue.of_month(y, dct.month).interval(dct)
        assert this_month is not None
        kept = [
            c for c in candidates
            if (span := c.interval(dct)) is not None
            and (span.end <= this_month.start if n < 0 else span.start >= this_month.end)
        ]  # fmt: skip
        tense: Tense = "past" if n < 0 else "future"
        return Result("DATE", nearest_occurrence(kept or candidates, dct, tense).text, mod=mod)
    d = shift_date(dct, gran_of_unit(unit), n)
    return Result("DATE", value_at(d, unit), mod=mod)


def r_theunit(m: re.Match[str], ctx: Context) -> Result | None:
    unit = m["unit"].lower()
    return Result("DATE", value_at(ctx.dct, unit), mod=_mod(m["mod"]))


def r_narr(m: re.Match[str], ctx: Context) -> Result | None:
    unit = m["unit"].lower()
    offset = t.NARRATIVE_SHIFTS[(m["nshift"] or "that").lower()]
    if unit in t.PARTS_OF_DAY:
        if offset != 0:
            return None
        return Result("TIME", f"{ctx.ref.isoformat()}T{t.PARTS_OF_DAY[unit]}", "narrative")
    gran = gran_of_unit(unit)
    d = shift_date(ctx.ref, gran, offset)
    return Result("DATE", value_at(d, gran), "narrative")


def r_weekend(m: re.Match[str], ctx: Context) -> Result | None:
    # The nearest weekend that has begun, or that has not ended if the clause looks ahead.
    candidates = [TimexValue.of_week(ctx.dct + 7 * k * DAY, weekend=True) for k in (-1, 0, 1)]
    return Result(
        "DATE", nearest_occurrence(candidates, ctx.dct, ctx.clause_tense() or "past").text
    )


def r_narr2(m: re.Match[str], ctx: Context) -> Result | None:
    unit = m["unit"].lower()
    offset = -1 if m["dir"].lower() == "before" else 1
    return Result("DATE", value_at(shift_date(ctx.ref, unit, offset), unit), "narrative")


def r_ago(m: re.Match[str], ctx: Context) -> Result | None:
    unit = unit_of(m["unit"])
    direction = re.sub(r"\s+", " ", m["dir"].lower())
    qty = number(m["num"])
    gran = gran_of_unit(unit)
    if unit == "fortnight" and qty is not None:
        qty *= 2
    if t.UNITS[unit][1] or gran not in t.CALENDAR_GRANS:
        return None  # "two hours ago": no clock time to resolve; left to the duration rule
    # "about two years ago" is a point near a date: APPROX, whatever the word
    mod = "APPROX" if m["amod"] else None
    anchor: Anchoring = "relative"
    base, sign = ctx.dct, -1
    if direction == "later":
        base, anchor, sign = ctx.ref, "narrative", 1
    elif direction in ("from now", "hence"):
        sign = 1
    if qty is None or qty != int(qty):
        # "several years ago": somewhere in the past (or future)
        return Result("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", anchor, mod)
    if gran == "year" and qty == 1 and sign < 0 and ctx.quarter is not None:
        # "a year earlier" next to "the third quarter": the same quarter a year before
        year, q = ctx.quarter
        return Result("DATE", _quarter_value(year - 1, q), "narrative", mod)
    d = shift_date(base, gran, sign * int(qty))
    # Coarse units name a coarse period: "a decade ago" is the decade, "a year ago" the year.
    return Result("DATE", value_at(d, gran), anchor, mod)


def r_duration(m: re.Match[str], ctx: Context) -> Result | None:
    unit = unit_of(m["unit"])
    hyphenated = ctx.text[m.start("num") : m.start("unit")].endswith("-")
    if m["old"] or (hyphenated and m["unit"].lower() in t.UNIT_PLURALS):
        return None  # "a 6-year-old" is an age, "three-quarters" a fraction
    num = m["num"].lower()
    qty = number(num)
    if (
        num in ("a", "an", "one")
        and unit in ("second", "minute")
        and re.match(r"\s{1,3}[a-z]", ctx.text[m.end() : m.end() + 4])
    ):
        return None  # "a second term", "a minute detail"
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    if num in ("a", "an") and not m["the"] and SET_BEFORE.search(before):
        return Result("SET", duration_value(1, unit), "relative")  # "$5 a year"
    mod = _mod(m["amod"] or m["amod2"])
    # "the two-year plan": the article belongs to the noun, not to the adjective
    trim = m.start("num") - m.start() if hyphenated and m["the"] and not m["pl"] else 0
    return Result("DURATION", duration_value(qty, unit), "relative", mod, trim)


def r_vague(m: re.Match[str], ctx: Context) -> Result | None:
    unit = unit_of(m["vunit"])
    if m["recent"]:  # "in recent weeks": an unspecified stretch up to now
        return Result("DURATION", duration_value(None, unit))
    before = ctx.text[max(0, m.start() - 8) : m.start()].lower()
    if unit == "day" or not VAGUE_BEFORE.search(before):
        return None  # only "for years", "in months": elsewhere a bare plural is a noun
    return Result("DURATION", duration_value(None, unit))


VAGUE_BEFORE = re.compile(r"(?:for|in|over)\s{1,3}$")


def r_year(m: re.Match[str], ctx: Context) -> Result | None:
    year = m["year"]
    if not ("1600" <= year <= "2099"):
        return None
    return Result("DATE", year, "explicit", _mod(m["mod"]))


def r_decade(m: re.Match[str], ctx: Context) -> Result | None:
    if m["dec2"] is not None:
        # '80s: the century of the document date, or the one before for decades still ahead.
        dec = int(m["dec2"])
        cent = ctx.dct.year // 100
        if dec * 10 > ctx.dct.year % 100:
            cent -= 1
        value = f"{cent:02d}{dec}"
    else:
        value = f"{m['cent']}{m['dec']}"
    return Result("DATE", value, "explicit", _mod(m["mod"]))


# A following lower-case word that is not a function word: the expression before
# it modifies a noun ("the 11th century temple").
ADJECTIVE_AFTER = re.compile(
    r"\s{1,3}(?!(?:and|or|of|in|to|was|is|were|are|that|when|with|as|for|by|but|the|a|"
    r"had|has|have|which|who|at|on|from|it|he|she|they|saw|s)\b)[a-z]"
)


def r_century(m: re.Match[str], ctx: Context) -> Result | None:
    word = m["cent"].lower()
    n = t.CENTURY_WORDS[word] if word in t.CENTURY_WORDS else int(word[:-2])
    if not 1 <= n <= 30:
        return None
    # "the 11th century temple": as an adjective the article belongs to the noun
    trim = 0
    if m.group()[:4].lower() == "the " and ADJECTIVE_AFTER.match(ctx.text, m.end()):
        trim = len(m.group()) - len(m.group()[4:].lstrip())
    return Result("DATE", f"{n - 1:02d}", "explicit", _mod(m["mod"]), trim)


# A quarter is reported on after it ends: "expects to report third-quarter earnings"
# in October is the quarter just over. A future clause keeps a period that ended
# up to this many days before the reference.
REPORT_SLACK_DAYS = 92


def _period_occurrence(candidates: list[TimexValue], ctx: Context) -> TimexValue:
    tense = ctx.clause_tense() or "past"
    slack = REPORT_SLACK_DAYS if tense == "future" else 0
    return nearest_occurrence(candidates, ctx.dct, tense, slack)


def r_quarter(m: re.Match[str], ctx: Context) -> Result | None:
    ordinal = m["ord"].lower()
    half = m["qh"].lower() == "half"
    k = t.ORDINALS[ordinal]
    if k < 0:
        k = 2 if half else 4
    if k > (2 if half else 4):
        return None
    year_text = m["year2"] or m["year"]
    anchor: Anchoring = "relative"
    if year_text:
        year, anchor = int(year_text), "explicit"
    else:
        # The nearest such period that has begun (past) or has not ended (future).
        y = ctx.dct.year
        make = TimexValue.of_half if half else TimexValue.of_quarter
        candidates = [make(year, k) for year in (y - 1, y, y + 1)]
        year = _period_occurrence(candidates, ctx).year or y
    if not half:
        ctx.quarter = (year, k)
    value = f"{year:04d}-{'H' if half else 'Q'}{k}"
    # "the third-quarter results": the article belongs to the noun
    trim = m.start("ord") - m.start() if m["hy"] == "-" and m["the"] and not m["pre"] else 0
    return Result("DATE", value, anchor, trim_start=trim)


def _quarter_value(year: int, q: int) -> str:
    year, q0 = divmod(year * 4 + q - 1, 4)
    return f"{year:04d}-Q{q0 + 1}"


QUARTER_ENDED = re.compile(r"\s{1,3}end(?:ed|ing)\s{1,3}", re.IGNORECASE)


def r_qref(m: re.Match[str], ctx: Context) -> Result | None:
    """ "the quarter", "the year-ago period": the quarter under discussion."""
    which = (m["which"] or m["which2"] or m["adj"] or "").lower()
    if m["adj"] and ctx.quarter is None:
        return None  # "year-earlier" outside an earnings context: not a quarter
    ended = QUARTER_ENDED.match(ctx.text, m.end()) if not m["adj"] else None
    if ended is not None:
        # "the quarter ended Sept. 30": the quarter that date closes
        end_day = ctx.pats.families["mdy"].match(ctx.text, ended.end())
        month = _month_num(end_day) if end_day is not None else None
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
        return Result("DATE", _quarter_value(year - 1, q), "narrative")
    ctx.quarter = (year, q)
    return Result("DATE", _quarter_value(year, q), "relative")


def r_qcode(m: re.Match[str], ctx: Context) -> Result | None:
    q = int(m["q"] or m["q2"])
    if m["year"]:
        return Result("DATE", f"{m['year']}-Q{q}", "explicit")
    y = ctx.dct.year
    candidates = [TimexValue.of_quarter(year, q) for year in (y - 1, y, y + 1)]
    year = _period_occurrence(candidates, ctx).year or y
    ctx.quarter = (year, q)
    return Result("DATE", f"{year:04d}-Q{q}", "relative")


def r_season(m: re.Match[str], ctx: Context) -> Result | None:
    word = m["season"].lower()
    code = t.SEASONS[word]
    if m["year"]:
        return Result("DATE", f"{m['year']}-{code}", "explicit", _mod(m["mod"]))
    if word in t.AMBIGUOUS_SEASONS and not (m["mod"]):
        return None  # "the fall in prices", "hot springs"
    y = ctx.dct.year
    candidates = [TimexValue.of_season(year, code) for year in (y - 1, y, y + 1)]
    choice = nearest_occurrence(candidates, ctx.dct, ctx.clause_tense())
    return Result("DATE", choice.text, "relative", _mod(m["mod"]))


def r_clock(m: re.Match[str], ctx: Context) -> Result | None:
    if m["word"]:
        hour, minute = (12, 0) if m["word"].lower() == "noon" else (24, 0)
    elif m["h24"]:
        hour, minute = int(m["h24"]), int(m["m24"])
    else:
        hour, minute = int(m["hour"]), int(m["minute"] or 0)
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
    anchor: Anchoring = "relative"
    if m["cwd"]:
        day = weekday_occurrence(t.WEEKDAYS[m["cwd"].lower()], ctx, None)
    elif m["cdw"]:
        day = ctx.dct + t.DAY_WORDS[m["cdw"].lower()] * DAY
    elif ctx.ref_gran == "day" and ctx.ref != ctx.dct:
        day, anchor = ctx.ref, "narrative"  # "On Friday ... at 10:35 a.m."
    else:
        day = ctx.dct
    return Result("TIME", f"{day.isoformat()}T{hour:02d}:{minute:02d}", anchor)


def r_set(m: re.Match[str], ctx: Context) -> Result | None:
    if m["setword"]:
        return Result("SET", t.SETS[m["setword"].lower()])
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


def r_spoken_year(m: re.Match[str], ctx: Context) -> Result | None:
    if m["yc"]:
        tens = int(t.NUMBERS[m["yt"].lower()])
        ones = int(t.NUMBERS[m["yo"].lower()]) if m["yo"] else 0
        if ones > 9:
            return None
        year = t.YEAR_CENTURY_WORDS[m["yc"].lower()] * 100 + tens + ones
    else:
        year = 2000 + (int(t.NUMBERS[m["y2k"].lower()]) if m["y2k"] else 0)
    return Result("DATE", f"{year:04d}", "explicit")


def r_decade_word(m: re.Match[str], ctx: Context) -> Result | None:
    return Result("DATE", t.DECADE_WORDS[m["dw"].lower()], "explicit", _mod(m["mod"]))


def holiday_date(name: str, year: int) -> dt.date:
    if name in t.HOLIDAYS_FIXED:
        month, day = t.HOLIDAYS_FIXED[name]
        return dt.date(year, month, day)
    month, weekday, n = t.HOLIDAYS_NTH[name]
    first = dt.date(year, month, 1)
    if name == "election day":  # the Tuesday after the first Monday
        return first + ((0 - first.weekday()) % 7) * DAY + DAY
    if n > 0:
        return first + ((weekday - first.weekday()) % 7 + 7 * (n - 1)) * DAY
    last = dt.date(year + month // 12, month % 12 + 1, 1) - DAY
    return last - ((last.weekday() - weekday) % 7) * DAY


def r_holiday(m: re.Match[str], ctx: Context) -> Result | None:
    name = re.sub(r"\s+", " ", m["hol"].lower())
    if not is_capitalized(m["hol"].removeprefix("the ")):
        return None
    shift = m["shift"].lower() if m["shift"] else None
    tense: Tense | None = "past" if shift == "last" else "future" if shift == "next" else None
    y = ctx.dct.year
    candidates = [TimexValue.of_day(holiday_date(name, year)) for year in (y - 1, y, y + 1)]
    return Result("DATE", nearest_occurrence(candidates, ctx.dct, tense or ctx.clause_tense()).text)


RESOLVERS: dict[str, Resolver] = {
    "iso": r_iso, "slash": r_slash, "mdy": r_mdy, "dmy": r_dmy, "nth": r_nth,
    "weekday": r_weekday, "dayword": r_dayword, "thispod": r_thispod, "ref": r_ref,
    "shift": r_shift, "theunit": r_theunit, "narr": r_narr, "narr2": r_narr2,
    "weekend": r_weekend, "ago": r_ago,
    "duration": r_duration, "vague": r_vague, "year": r_year, "decade": r_decade,
    "century": r_century, "quarter": r_quarter, "qcode": r_qcode, "season": r_season,
    "clock": r_clock, "set": r_set, "spoken_year": r_spoken_year,
    "decade_word": r_decade_word, "qref": r_qref, "holiday": r_holiday,
}  # fmt: skip


# ---------------------------------------------------------------- driver


def _best_at(pos: int, ctx: Context) -> tuple[int, str, Result] | None:
    """The longest family match at `pos` that resolves to a value."""
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    for i, (name, pattern) in enumerate(ctx.pats.families.items()):
        m = pattern.match(ctx.text, pos)
        if m is not None and m.end() > pos:
            candidates.append((-m.end(), i, name, m))
    candidates.sort(key=lambda c: (c[0], c[1]))
    for _, _, name, m in candidates:
        ctx.start, ctx.end = m.start(), m.end()
        try:
            res = RESOLVERS[name](m, ctx)
        except (ValueError, OverflowError):
            continue  # a date out of the calendar's range (year 0, year 10000): no value
        if res is not None:
            return m.end(), name, res
    return None


def _update_ref(ctx: Context, value: str) -> None:
    # Narrative expressions count from the latest date the text placed.
    parsed = TimexValue.parse(value)
    span = None if parsed.is_reference else parsed.interval(ctx.dct)
    if span is not None:
        ctx.ref, ctx.ref_gran = span.start, span.granularity


def tag(text: str, dct: dt.date, *, tense: Tense | None = None) -> list[Timex]:
    """The TIMEX3 expressions of `text`, sorted and non-overlapping.

    `dct` is the document creation time; `tense` overrides the tense inferred
    from the words around each expression (a query "--since Friday" is "past").
    """
    pats = compiled()
    ctx = Context(text=text, dct=dct, tense=tense, ref=dct, pats=pats)
    ctx.sentence_ends = [m.end() for m in pats.sentence_end.finditer(text)]
    out: list[Timex] = []
    pos = 0
    search = pats.scanner.search
    while (hit := search(text, pos)) is not None:
        start = hit.start()
        found = _best_at(start, ctx)
        if found is None:
            pos = start + 1
            continue
        end, rule, res = found
        start += res.trim_start
        # A duration or a set is not placed in time, so nothing anchors it.
        anchor = "explicit" if res.type in ("DURATION", "SET") else res.anchor
        out.append(Timex(start, end, text[start:end], res.type, res.value, res.mod, anchor, rule))
        if res.type in ("DATE", "TIME"):
            _update_ref(ctx, res.value)
        pos = end
    return out
