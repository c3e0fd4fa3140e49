"""From a TIMEX3 value to the interval of days it denotes.

A timeline orders and filters by intervals, not by strings: `2021-W32` is the
seven days from Monday 2021-08-09, `198` is 1980-01-01 up to 1990-01-01. The
interval is half-open: `end` is the first day after it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

# Seasons as TimeML writes them, with the months they span (northern hemisphere,
# meteorological). Winter starts in December of the named year.
SEASONS: dict[str, tuple[int, int]] = {"SP": (3, 6), "SU": (6, 9), "FA": (9, 12), "WI": (12, 15)}
# Vague references get a window of this many days next to the reference date.
VAGUE_DAYS = 30

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


class Interval(NamedTuple):
    start: dt.date
    end: dt.date
    granularity: str


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?")
_WEEK = re.compile(r"(\d{4})-W(\d{2})(?:-WE)?")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_HALF = re.compile(r"(\d{4})-H([12])")
_SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI)")
_YEAR = re.compile(r"(\d{4})")
_DECADE = re.compile(r"(\d{3})")
_CENTURY = re.compile(r"(\d{2})")
_MILLENNIUM = re.compile(r"(\d)")


def _month_start(year: int, month: int) -> dt.date:
    # Months past December roll into the next year (winter, quarters).
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def interval(value: str, dct: dt.date) -> Interval | None:
    """The days `value` covers, or None when it names no placeable time.

    `dct` resolves the reference values (PRESENT_REF is the publication day).
    Durations, sets and values with unknown digits (`XXXX-08-15`) return None.
    """
    try:
        return _interval(value, dct)
    except (ValueError, OverflowError):  # 2021-02-30, year 0: not a real day
        return None


def _interval(value: str, dct: dt.date) -> Interval | None:
    day = dt.timedelta(days=1)
    if value == "PRESENT_REF":
        return Interval(dct, dct + day, "day")
    if value == "PAST_REF":
        return Interval(dct - dt.timedelta(days=VAGUE_DAYS), dct, "vague")
    if value == "FUTURE_REF":
        return Interval(dct + day, dct + dt.timedelta(days=VAGUE_DAYS + 1), "vague")
    if m := _DATE.fullmatch(value):
        start = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return Interval(start, start + day, "day")
    if m := _WEEK.fullmatch(value):
        start = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if value.endswith("-WE"):
            return Interval(start + 5 * day, start + 7 * day, "week")
        return Interval(start, start + 7 * day, "week")
    if m := _MONTH.fullmatch(value):
        year, month = int(m[1]), int(m[2])
        return Interval(_month_start(year, month), _month_start(year, month + 1), "month")
    if m := _QUARTER.fullmatch(value):
        year, first = int(m[1]), 3 * int(m[2]) - 2
        return Interval(_month_start(year, first), _month_start(year, first + 3), "quarter")
    if m := _HALF.fullmatch(value):
        year, first = int(m[1]), 6 * int(m[2]) - 5
        return Interval(_month_start(year, first), _month_start(year, first + 6), "half")
    if m := _SEASON.fullmatch(value):
        year, (first, last) = int(m[1]), SEASONS[m[2]]
        return Interval(_month_start(year, first), _month_start(year, last), "quarter")
    if m := _YEAR.fullmatch(value):
        year = int(m[1])
        return Interval(dt.date(year, 1, 1), dt.date(year + 1, 1, 1), "year")
    if m := _DECADE.fullmatch(value):
        year = int(m[1]) * 10
        return Interval(dt.date(max(year, 1), 1, 1), dt.date(year + 10, 1, 1), "decade")
    if m := _CENTURY.fullmatch(value):
        year = int(m[1]) * 100
        return Interval(dt.date(max(year, 1), 1, 1), dt.date(year + 100, 1, 1), "century")
    if m := _MILLENNIUM.fullmatch(value):
        year = int(m[1]) * 1000
        return Interval(dt.date(max(year, 1), 1, 1), dt.date(year + 1000, 1, 1), "millennium")
    return None
