"""Where an event stands in the timeline: its index, score and tie-breaking key.

The order is total and depends only on the events, never on arrival order:
start day, then how directly the time was stated, then publication date,
article, paragraph, sentence and clause.
"""

from __future__ import annotations

import datetime as dt
import re

from timeline.models import Anchor, Event
from timeline.temporal.interval import MAX_DAYS

# Indexes from the shortest to the longest events; "vague" events fit the month index.
GRANULARITIES: tuple[str, ...] = tuple(
    sorted((g for g in MAX_DAYS if g != "vague"), key=MAX_DAYS.__getitem__)
)
_DAY_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}")


def granularity(event: Event) -> str:
    """The smallest index whose length bound holds the event's interval."""
    return granularity_of(event.start, event.end)


def granularity_of(start: dt.date, end: dt.date) -> str:
    days = (end - start).days
    for g in GRANULARITIES:
        if days <= MAX_DAYS[g]:
            return g
    return GRANULARITIES[-1]


def rank(event: Event) -> int:
    """On one day, a clause that names that day comes before one dated by the article."""
    if event.anchor is Anchor.PUBLICATION:
        return 2
    return 0 if _DAY_VALUE.match(event.value) else 1


def score(event: Event) -> int:
    return event.start.toordinal()


def member(event: Event, published: dt.date) -> str:
    """Sorted-set member: ties at one score sort by this string, so it is fixed-width.

    The event's end day rides along so a window query can drop events that ended
    before it without reading them.
    """
    return f"{rank(event)}{published:%Y%m%d}|{event.id}|{event.end.toordinal():07d}"


def parse_member(member: str) -> tuple[str, int]:
    """The event id and end day (ordinal) of a sorted-set member."""
    _, event_id, end = member.split("|")
    return event_id, int(end)
