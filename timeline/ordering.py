"""Where an event stands in the timeline: its index, score and tie-breaking key.

The order is total and depends only on the events, never on arrival order:
start day, then how directly the time was stated, then publication date,
article, paragraph, sentence and clause.

`place` is the one definition of an event's place. It runs once, when the
event's record is built at ingest (`timeline.records`); the record carries the
placement, and a projection only applies it.
"""

from __future__ import annotations

import datetime as dt

from timeline.models import Event, Placement
from timeline.temporal.value import MAX_DAYS, TimexValue

# Indexes from the shortest to the longest events; "vague" events fit the month index.
GRANULARITIES: tuple[str, ...] = tuple(
    sorted((g for g in MAX_DAYS if g != "vague"), key=MAX_DAYS.__getitem__)
)


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


def place(event: Event, published: dt.date) -> Placement:
    """Where `event`, of an article published on `published`, stands in the timeline.

    Members sort by string among equal scores, so the fields before the event id
    are fixed-width: rank, then publication date, then the event id.
    """
    start, end = event.start.toordinal(), event.end.toordinal()
    member = f"{rank(event.anchor, event.value)}{published.isoformat()}|{event.id}"
    return Placement(index=_granularity_of_days(end - start), score=start, member=member, end=end)
