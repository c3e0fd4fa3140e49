"""Where an event stands in the timeline: its index, score and tie-breaking key.

The order is total and depends only on the events, never on arrival order:
start day, then how directly the time was stated, then publication date,
article, paragraph, sentence and clause.

`place` is the definition of an event's place. The projection applies it on the
server, in the Lua of `timeline.backend.projection.PROJECT`, so that events never
travel to a worker; tests/test_projection.py checks that the two agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from timeline.temporal.value import MAX_DAYS, TimexValue

# Indexes from the shortest to the longest events; "vague" events fit the month index.
GRANULARITIES: tuple[str, ...] = tuple(
    sorted((g for g in MAX_DAYS if g != "vague"), key=MAX_DAYS.__getitem__)
)


class Place(NamedTuple):
    """An event's place: which index, its score there, and the member naming it."""

    granularity: str
    score: int
    member: str


class Member(NamedTuple):
    event_id: str
    end: int  # the first day after the event, as a date ordinal
    stream_id: str  # where the event's record is in the log


def sort_day(start: dt.date | None, end: dt.date | None) -> dt.date:
    """The day an event sorts at: its first day, or for a time with no known start its
    nearest known bound ("before 22 Aug" sorts on 21 Aug). `end` is exclusive."""
    if start is not None:
        return start
    if end is not None:
        return end - dt.timedelta(days=1)
    raise ValueError("an event with no bound at all has no place in a timeline")


def granularity_of(start: dt.date, end: dt.date) -> str:
    """The smallest index whose length bound holds the interval."""
    return _granularity_of_days((end - start).days)


def _granularity_of_days(days: int) -> str:
    for g in GRANULARITIES:
        if days <= MAX_DAYS[g]:
            return g
    return GRANULARITIES[-1]


def rank(anchor: str, value: str) -> int:
    """On one day, a clause that names that day comes before one dated by the article."""
    if anchor == "publication":
        return 2
    return 0 if TimexValue.parse(value).names_day else 1


def place(event: dict[str, Any], published: dt.date, stream_id: str) -> Place:
    """The index entry of `event` (an Event as JSON) whose record is at `stream_id`.

    Members sort by string among equal scores, so the fields before the event id
    are fixed-width. The end day rides along so that a window query can drop
    events that ended before it, and the stream id so that it can read the record.
    """
    start = dt.date.fromisoformat(event["start"]).toordinal()
    end = dt.date.fromisoformat(event["end"]).toordinal()
    member = (
        f"{rank(event['anchor'], event['value'])}{published.isoformat()}|{event['id']}"
        f"|{end:07d}|{stream_id}"
    )
    return Place(_granularity_of_days(end - start), start, member)


def parse_member(member: str) -> Member:
    _, event_id, end, stream_id = member.split("|")
    return Member(event_id, int(end), stream_id)
