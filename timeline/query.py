"""Query times in the language of articles: `2021-08-20`, `Friday`, `last week`, `Aug 20`."""

from __future__ import annotations

import datetime as dt
import re

from timeline.errors import QueryError
from timeline.temporal.value import Interval, TimexValue

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
    from timeline.temporal import tag  # the tagger loads only for words, not ISO dates

    for timex in tag(phrase, as_of, tense="past"):
        found = TimexValue.parse(timex.value).interval(as_of)
        if found is not None:
            return found
    raise QueryError(
        f"{option} {text!r} is not a time I understand: use a date such as 2021-08-20, "
        "or words such as Friday, last week, Aug 20, yesterday."
    )


def parse_as_of(text: str | None, today: dt.date) -> dt.date:
    if text is None:
        return today
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return resolve(text, today, "--as-of").start
