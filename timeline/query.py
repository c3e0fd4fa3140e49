"""Queries: times in the language of articles (`2021-08-20`, `Friday`, `last week`,
`Aug 20`), and the `Query` value every read takes."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, PrivateAttr, field_validator, model_validator

from timeline.defaults import MIN_ARTICLE_PREFIX
from timeline.errors import QueryError
from timeline.models import Kind, TimelineEntry
from timeline.ordering import BOUNDED, GRANULARITIES
from timeline.temporal.value import LAST_DAY, MAX_DAYS, Interval, TimexValue

# Words a user may put before the time ("since Friday", "until the end of May").
_LEADING = re.compile(r"^(?:since|from|after|before|until|till|to|on|in|at)\s+", re.IGNORECASE)


def resolve(text: str, as_of: dt.date, option: str) -> Interval:
    """The interval a query time names, read as the past seen from `as_of`."""
    phrase = _LEADING.sub("", text.strip())
    if not phrase:
        raise QueryError(f"{option} is empty: give a date such as 2021-08-20 or Friday.")
    typed = TimexValue.parse(phrase)  # ISO forms: 2021-08-20, 2021-W32, 2021-08, 2021
    direct = None if typed.is_reference else typed.interval(as_of)
    if direct is not None:
        return direct
    if problem := typed.problem():  # 2021-02-30, 2021-W53: not "2021" read from words
        raise QueryError(f"{option} {text!r}: {problem}.")
    from timeline.temporal import tag  # the tagger loads only for words, not ISO dates

    for timex in tag(phrase, as_of, tense="past"):
        found = TimexValue.parse(timex.value).interval(as_of)
        if found is not None:
            return found
    raise QueryError(
        f"{option} {text!r} is not a time I understand: use a date such as 2021-08-20, "
        "or words such as Friday, last week, Aug 20, yesterday."
    )


def article_prefix_message(ref: str) -> str:
    return (
        f"article {ref!r} is too short: give at least {MIN_ARTICLE_PREFIX} characters of "
        "its id (see `timeline show --format json`), or its URL."
    )


def parse_as_of(text: str | None, today: dt.date) -> dt.date:
    if text is None:
        return today
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        return resolve(text, today, "--as-of").start
    if day > LAST_DAY:
        raise QueryError(f"--as-of {text!r}: {TimexValue.of_day(day).problem()}.")
    return day


class Window(NamedTuple):
    """Days a read covers: an event is in it when its interval overlaps [start, end)."""

    start: dt.date | None
    end: dt.date | None


class Query(BaseModel):
    """What a read asks for, parsed once (times resolved, options checked) and used by
    `show`, `export` and `stats` alike, from the CLI or the API.

    `since`/`until` are dates or words (`Friday`, `last week`), read as of `as_of`
    (default today; a word such as `yesterday` is read as of today); `until` is
    inclusive. `grep` matches text and article title, case-insensitively; `source` an
    article's source; `article` an id prefix; `min_granularity` (day, week, month,
    year ...) hides events vaguer than that; `kinds` keeps entries of those kinds
    (occurrence, state, statement, planned, negated). `merge` folds reports of one
    happening by several articles into one entry.

    A window keeps the events whose stated time overlaps it; an event the text only
    bounds ("before 22 Aug") that may or may not fall in it is left out unless
    `uncertain` (`Reader.uncertain` counts them). With no window every event is read,
    a bounded one at its nearest bound.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    since: str | dt.date | None = None
    until: str | dt.date | None = None
    as_of: dt.date | str | None = None  # a str is parsed: always a date once built
    grep: str | None = None
    source: str | None = None
    article: str | None = None
    min_granularity: str | None = None
    limit: int = 50
    offset: int = 0
    reverse: bool = False  # the order: newest first
    merge: bool = True
    kinds: frozenset[Kind] | None = None
    uncertain: bool = False
    # A new filter is a field here, checked in `keeps` or, if it needs the projection,
    # by `Reader.entries`.

    _window: Window = PrivateAttr()

    @field_validator("kinds", mode="before")
    @classmethod
    def _kinds(cls, value: object) -> object:
        """`"occurrence,planned"` (the CLI's --kind) as the set of kinds it names."""
        if not isinstance(value, str):
            return value
        names = [v.strip().lower() for v in value.split(",") if v.strip()]
        known = {k.value: k for k in Kind}
        bad = [n for n in names if n not in known]
        if bad or not names:
            raise QueryError(
                f"--kind {value!r}: use one or more of {', '.join(known)}, comma separated."
            )
        return frozenset(known[n] for n in names)

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, value: object) -> object:
        return parse_as_of(value, dt.date.today()) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _resolve(self) -> Query:
        if self.min_granularity is not None and self.min_granularity not in MAX_DAYS:
            raise QueryError(
                f"--min-granularity {self.min_granularity!r}: use one of "
                f"{', '.join(GRANULARITIES)}."
            )
        if self.article is not None and len(self.article.strip()) < MIN_ARTICLE_PREFIX:
            raise QueryError(article_prefix_message(self.article))
        day = self.day
        self._window = Window(
            _bound(self.since, day, "--since", start=True),
            _bound(self.until, day, "--until", start=False),
        )
        start, end = self._window
        if start is not None and end is not None and start >= end:
            raise QueryError(
                f"--since {self.since} ({start}) is after --until {self.until} "
                f"({end - dt.timedelta(days=1)}): swap them, or widen the window."
            )
        return self

    @property
    def day(self) -> dt.date:
        """The day relative times are read from."""
        return self.as_of if isinstance(self.as_of, dt.date) else dt.date.today()

    @property
    def window(self) -> Window:
        return self._window

    @property
    def granularities(self) -> tuple[str, ...]:
        """The stated times a read looks at: all, or those no vaguer than `min_granularity`."""
        if self.min_granularity is None:
            return GRANULARITIES
        bound = MAX_DAYS[self.min_granularity]
        return tuple(g for g in GRANULARITIES if MAX_DAYS[g] <= bound)

    @property
    def windowed(self) -> bool:
        return self.window.start is not None or self.window.end is not None

    @property
    def indexes(self) -> tuple[str, ...]:
        """The indexes a read looks in: the granularities, and the bounded events when
        there is no window or `uncertain` asks for them (not with `min_granularity`)."""
        if self.min_granularity is None and (self.uncertain or not self.windowed):
            return self.granularities + BOUNDED
        return self.granularities

    def keeps(self, entry: TimelineEntry) -> bool:
        """Whether an entry of the window passes the filters."""
        if self.grep:
            needle = self.grep.casefold()
            if needle not in entry.text.casefold() and needle not in entry.article.title.casefold():
                return False
        if self.source and (entry.article.source or "").casefold() != self.source.casefold():
            return False
        if self.kinds is not None and entry.kind not in self.kinds:
            return False
        end = self.window.end
        if end is not None and not entry.is_known and entry.start and entry.start >= end:
            return False  # bounded, but only after the window ("between 1 and 9 May")
        return not self.article or entry.article.id.startswith(self.article)


def _bound(
    value: str | dt.date | None, as_of: dt.date, option: str, *, start: bool
) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value if start else value + dt.timedelta(days=1)
    found = resolve(value, as_of, option)
    return found.start if start else found.end
