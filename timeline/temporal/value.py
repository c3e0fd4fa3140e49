"""TIMEX3 values, parsed once: granularity, interval of days, and a label for people.

This is the one place that reads a TIMEX3 value string. `2021-W32` is the seven days
from Monday 2021-08-09 ("week of 09 Aug 2021"), `198` is 1980-01-01 up to 1990-01-01
("1980s"). Intervals are half-open: `end` is the first day after. The tagger builds
its values with the constructors here too (`TimexValue.month(2021, 8)`), so a value
and its interval never disagree.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

# Seasons as TimeML writes them, with the months they span (northern hemisphere,
# meteorological). Winter starts in December of the named year.
SEASONS: dict[str, tuple[int, int]] = {"SP": (3, 6), "SU": (6, 9), "FA": (9, 12), "WI": (12, 15)}
SEASON_NAMES: dict[str, str] = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
# Vague references get a window of this many days next to the reference date.
VAGUE_DAYS = 30
REFERENCES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})

# The longest interval each granularity can span, in days. The projection keeps one
# ordered index per granularity, so a window query only looks back this far.
MAX_DAYS: dict[str, int] = {
    "day": 1,
    "week": 7,
    "month": 31,
    "quarter": 92,
    "half": 184,
    "year": 366,
    "decade": 3653,
    "century": 36525,
    "millennium": 365243,
    "vague": VAGUE_DAYS,
}

DAY = dt.timedelta(days=1)
# The last day a timeline holds: intervals are half-open, and the day after it is the
# last one Python's calendar has. A period that runs past it is clipped there; a day
# after it names no placeable time (`TimexValue.problem` says so).
LAST_DAY = dt.date.max - DAY


class Interval(NamedTuple):
    start: dt.date
    end: dt.date
    granularity: str


# One pattern for every placeable value; anything else (durations, sets, XXXX) is not.
_VALUE = re.compile(
    r"(?P<year>\d{4})(?:-(?:(?P<month>\d\d)(?:-(?P<day>\d\d)(?:T(?P<time>.*))?)?"
    r"|W(?P<week>\d\d)(?P<we>-WE)?|Q(?P<q>[1-4])|H(?P<h>[12])|(?P<season>SP|SU|FA|WI)))?"
    r"|(?P<decade>\d{3})|(?P<century>\d{2})|(?P<millennium>\d)"
)
_CLOCK = re.compile(r"(?P<hour>[0-2]\d):(?P<minute>[0-5]\d)")


_LAG = re.compile(r"P(?:(?P<n>\d+)(?P<unit>[DWMY])|T(?P<hours>\d+|X)H)")
_LAG_UNITS = {"D": "day", "M": "month", "Y": "year"}


def _month_start(year: int, month: int) -> dt.date:
    # Months past December roll into the next year (winter, quarters); a start past the
    # calendar's end is its last day (the end of an interval is exclusive).
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.date.max if year > dt.date.max.year else dt.date(year, month, 1)


def _plus(start: dt.date, days: int) -> dt.date:
    """`days` after `start`, or the calendar's last day (an exclusive end) past it."""
    ordinal = start.toordinal() + days
    return dt.date.fromordinal(min(ordinal, dt.date.max.toordinal()))


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")  # fmt: skip


@dataclass(frozen=True, slots=True)
class TimexValue:
    """A TIMEX3 value and what it denotes.

    `granularity` is None for values that name no placeable time (durations, sets,
    values with unknown digits). Calendar fields hold what the value states.
    """

    text: str
    granularity: str | None = None
    year: int | None = None
    month: int | None = None  # the first month of a quarter, half or season
    day: int | None = None
    week: int | None = None
    part: str | None = None  # Q1..Q4, H1, H2, SP/SU/FA/WI, WE (weekend)
    time: str | None = None  # what follows the T of a day: 14:30, MO, NI ...

    # ------------------------------------------------------------------ parsing

    @staticmethod
    @functools.lru_cache(maxsize=4096)
    def parse(text: str) -> TimexValue:
        """The value `text` states; unknown shapes parse with no granularity."""
        if text in REFERENCES:
            return TimexValue(text, "day" if text == "PRESENT_REF" else "vague")
        m = _VALUE.fullmatch(text)
        if m is None:
            return TimexValue(text)
        if m["decade"]:
            return TimexValue(text, "decade", year=int(m["decade"]) * 10)
        if m["century"]:
            return TimexValue(text, "century", year=int(m["century"]) * 100)
        if m["millennium"]:
            return TimexValue(text, "millennium", year=int(m["millennium"]) * 1000)
        year = int(m["year"])
        if m["day"]:
            return TimexValue(
                text, "day", year, int(m["month"]), int(m["day"]), time=m["time"] or None
            )
        if m["month"]:
            return TimexValue(text, "month", year, int(m["month"]))
        if m["week"]:
            part = "WE" if m["we"] else None
            return TimexValue(text, "week", year, week=int(m["week"]), part=part)
        if m["q"]:
            return TimexValue(text, "quarter", year, 3 * int(m["q"]) - 2, part=f"Q{m['q']}")
        if m["h"]:
            return TimexValue(text, "half", year, 6 * int(m["h"]) - 5, part=f"H{m['h']}")
        if m["season"]:
            first = SEASONS[m["season"]][0]
            # Seasons fit the quarter index: none spans more than three months.
            return TimexValue(text, "quarter", year, first, part=m["season"])
        return TimexValue(text, "year", year)

    # ------------------------------------------------------------ constructors

    @staticmethod
    def of_day(d: dt.date, time: str | None = None) -> TimexValue:
        text = d.isoformat() + (f"T{time}" if time else "")
        return TimexValue(text, "day", d.year, d.month, d.day, time=time)

    @staticmethod
    def of_week(d: dt.date, *, weekend: bool = False) -> TimexValue:
        y, w, _ = d.isocalendar()
        text = f"{y:04d}-W{w:02d}" + ("-WE" if weekend else "")
        return TimexValue(text, "week", y, week=w, part="WE" if weekend else None)

    @staticmethod
    def of_month(year: int, month: int) -> TimexValue:
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        return TimexValue(f"{year:04d}-{month:02d}", "month", year, month)

    @staticmethod
    def of_quarter(year: int, quarter: int) -> TimexValue:
        year, q0 = divmod(year * 4 + quarter - 1, 4)
        return TimexValue(f"{year:04d}-Q{q0 + 1}", "quarter", year, 3 * q0 + 1, part=f"Q{q0 + 1}")

    @staticmethod
    def of_half(year: int, half: int) -> TimexValue:
        return TimexValue(f"{year:04d}-H{half}", "half", year, 6 * half - 5, part=f"H{half}")

    @staticmethod
    def of_season(year: int, code: str) -> TimexValue:
        return TimexValue(f"{year:04d}-{code}", "quarter", year, SEASONS[code][0], part=code)

    @staticmethod
    def of_year(year: int) -> TimexValue:
        return TimexValue(f"{year:04d}", "year", year)

    @staticmethod
    def of_decade(year: int) -> TimexValue:
        return TimexValue(f"{year // 10:03d}", "decade", year // 10 * 10)

    @staticmethod
    def of_century(year: int) -> TimexValue:
        return TimexValue(f"{year // 100:02d}", "century", year // 100 * 100)

    @staticmethod
    def at(d: dt.date, granularity: str) -> TimexValue:
        """The `granularity`-sized period that contains `d` (weekend: its week's)."""
        if granularity == "week":
            return TimexValue.of_week(d)
        if granularity == "weekend":
            return TimexValue.of_week(d, weekend=True)
        if granularity == "month":
            return TimexValue.of_month(d.year, d.month)
        if granularity == "quarter":
            return TimexValue.of_quarter(d.year, (d.month - 1) // 3 + 1)
        if granularity == "half":
            return TimexValue.of_half(d.year, 1 if d.month <= 6 else 2)
        if granularity == "year":
            return TimexValue.of_year(d.year)
        if granularity == "decade":
            return TimexValue.of_decade(d.year)
        if granularity == "century":
            return TimexValue.of_century(d.year)
        return TimexValue.of_day(d)

    @staticmethod
    def enclosing(start: dt.date, end: dt.date) -> TimexValue | None:
        """The finest day, month, year, decade or century that holds the days [start, end)."""
        last = end - DAY
        for granularity in ("day", "month", "year", "decade", "century"):
            value = TimexValue.at(start, granularity)
            if value == TimexValue.at(last, granularity):
                return value
        return None

    # ----------------------------------------------------------------- meaning

    @property
    def is_reference(self) -> bool:
        """PRESENT_REF, PAST_REF, FUTURE_REF: placed only by the document date."""
        return self.text in REFERENCES

    @property
    def names_day(self) -> bool:
        """A calendar day (with or without a time of day)."""
        return self.day is not None

    @property
    def clock(self) -> tuple[int, int] | None:
        """The hour and minute of a clock time ("2021-08-20T14:30"), else None."""
        if self.time is None or (m := _CLOCK.match(self.time)) is None:
            return None
        return int(m["hour"]), int(m["minute"])

    def interval(self, dct: dt.date) -> Interval | None:
        """The days the value covers, or None when it names no placeable time.

        `dct` places the references (PRESENT_REF is the publication day). Days that
        do not exist (2021-02-30, 2021-13-01, 2021-00, 2021-W53, year 0) give None
        (`problem` says why), and so does a day after LAST_DAY; a period that runs past
        LAST_DAY ends with it.
        """
        try:
            found = self._interval(dct)
        except (ValueError, OverflowError):
            return None
        if found is None or found.start > LAST_DAY:
            return None
        return found

    def problem(self) -> str | None:
        """Why a value of a calendar's shape (2021-02-30, 2021-W53, 9999-12-31) names no
        placeable time, in words; None when it names one, or is of another shape."""
        g = self.granularity
        if g is None or self.is_reference or self.year is None:
            return None
        if self.year == 0 and g in ("day", "week", "month", "quarter", "half", "year"):
            return "there is no year 0"
        if g == "month" and self.month is not None and not 1 <= self.month <= 12:
            return f"there is no month {self.month:02d} (months are 01 to 12)"
        if g == "day" and self.month is not None and self.day is not None:
            if not 1 <= self.month <= 12:
                return f"there is no month {self.month:02d} (months are 01 to 12)"
            try:
                day = dt.date(self.year, self.month, self.day)
            except ValueError:
                last = (_month_start(self.year, self.month + 1) - DAY).day
                return (
                    f"{_MONTH_NAMES[self.month - 1]} {self.year} has no day {self.day} "
                    f"(its last is {last})"
                )
            if day > LAST_DAY:
                return f"{day} is after {LAST_DAY}, the last day a timeline can hold"
            return None
        if g == "week" and self.week is not None:
            weeks = dt.date(self.year, 12, 28).isocalendar()[1]
            if not 1 <= self.week <= weeks:
                return f"{self.year} has no week {self.week} (its weeks are 1 to {weeks})"
        return None

    def _interval(self, dct: dt.date) -> Interval | None:
        g = self.granularity
        if g is None:
            return None
        if self.is_reference:
            if self.text == "PRESENT_REF":
                return Interval(dct, dct + DAY, "day")
            if self.text == "PAST_REF":
                return Interval(dct - VAGUE_DAYS * DAY, dct, "vague")
            return Interval(dct + DAY, dct + (VAGUE_DAYS + 1) * DAY, "vague")
        assert self.year is not None
        year = self.year
        if g == "day":
            assert self.month is not None and self.day is not None
            start = dt.date(year, self.month, self.day)
            return Interval(start, _plus(start, 1), "day")
        if g == "week":
            assert self.week is not None
            start = dt.date.fromisocalendar(year, self.week, 1)
            if self.part == "WE":
                return Interval(_plus(start, 5), _plus(start, 7), "week")
            return Interval(start, _plus(start, 7), "week")
        if g in ("month", "quarter", "half"):
            assert self.month is not None
            if g == "month" and not 1 <= self.month <= 12:
                raise ValueError(f"no month {self.month}")  # 2021-00, 2021-13
            if self.part in SEASONS:
                first, last = SEASONS[self.part]
            else:
                first = self.month
                last = first + {"month": 1, "quarter": 3, "half": 6}[g]
            return Interval(_month_start(year, first), _month_start(year, last), g)
        length = {"year": 1, "decade": 10, "century": 100, "millennium": 1000}[g]
        if g == "year" and year == 0:
            raise ValueError("no year 0")
        return Interval(dt.date(max(year, 1), 1, 1), _month_start(year + length, 1), g)

    def label(self, start: dt.date, end: dt.date) -> str:
        """The time as precisely as the value gives it, for people.

        `start`/`end` are the interval shown (an event's, which may be clipped):
        days are named from them, coarser times from the value itself.
        """
        g = self.granularity
        if (end - start).days <= 1:
            text = start.strftime("%a %d %b %Y")
            clock = self.clock
            return f"{text} {clock[0]:02d}:{clock[1]:02d}" if clock else text
        if g == "week" and not self.is_reference:
            # The days a reader can check, not the ISO week number ("week 32, 2021").
            week_start = start - dt.timedelta(days=start.weekday())
            if self.part == "WE":
                return f"weekend of {week_start + 5 * DAY:%d %b %Y}"
            return f"week of {week_start:%d %b %Y}"
        if g == "month" and (end - start).days <= 31:
            return start.strftime("%b %Y")
        if g in ("quarter", "half") and self.part is not None:
            return f"{SEASON_NAMES.get(self.part, self.part)} {self.year}"
        if g == "year":
            return f"{self.year}"
        if g == "decade":
            return f"{self.text}0s"
        if g == "century":
            return f"{self.text}00s"
        return f"{start:%d %b %Y} to {end - DAY:%d %b %Y}"

    @property
    def lag(self) -> tuple[int, str] | None:
        """How long a duration of whole calendar units is, as (count, granularity): "P2D"
        (2, "day"), "P1W" (7, "day"), "P1Y" (1, "year"), "PT5H" and "hours" (PTXH) (0, "day");
        else None (a vague or a mixed duration, or no duration at all)."""
        m = _LAG.fullmatch(self.text)
        if m is None:
            return None
        if m["hours"]:
            return (0 if m["hours"] == "X" else int(m["hours"]) // 24), "day"
        n, unit = int(m["n"]), m["unit"]
        return (7 * n, "day") if unit == "W" else (n, _LAG_UNITS[unit])

    def shifted(self, years: int) -> TimexValue:
        """The same value `years` later (a value with a year of its own), else itself."""
        if self.granularity is None or self.is_reference or len(self.text) < 4:
            return self
        if self.granularity in ("decade", "century", "millennium"):
            return self
        assert self.year is not None
        year = self.year + years
        if not 1 <= year <= 9999:
            return self
        return TimexValue.parse(f"{year:04d}{self.text[4:]}")


def interval(value: str, dct: dt.date) -> Interval | None:
    """The days a TIMEX3 value covers (see `TimexValue.interval`)."""
    return TimexValue.parse(value).interval(dct)
