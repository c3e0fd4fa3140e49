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

from timeline.models import Certainty, Event, Placement, TimelineEntry, stated_ends
from timeline.temporal.value import MAX_DAYS, TimexValue

# Indexes from the shortest to the longest events; "vague" events fit the month index.
GRANULARITIES: tuple[str, ...] = tuple(
    sorted((g for g in MAX_DAYS if g != "vague"), key=MAX_DAYS.__getitem__)
)
# Events the text only bounds: "before" holds those with an end ("before 22 Aug", scored
# on its last possible day), "after" those with only a start (scored on it). A window
# read leaves them out unless asked (they may fall in it or not).
BOUNDED: tuple[str, ...] = ("before", "after")
INDEXES: tuple[str, ...] = GRANULARITIES + BOUNDED
# The end ordinal of an event open towards the future: after every real day.
OPEN_END = 9_999_999


def read_range(
    index: str, since: dt.date | None, until: dt.date | None
) -> tuple[int | None, int | None]:
    """The scores (exclusive, None: open) an index is read between for the events that
    may overlap [since, until); an event must also end after `since` (its end rides in
    its member). A granularity's events start at most its length bound before `since`;
    a "before" event may overlap when its last possible day is `since` or later, an
    "after" one when its first possible day is before `until`."""
    lo = since.toordinal() if since else None
    hi = until.toordinal() if until else None
    if index == "before":
        return (None if lo is None else lo - 1), None
    if index == "after":
        return None, hi
    return (None if lo is None else lo - MAX_DAYS[index]), hi


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


# On one day, events bounded by it come after the ones it dates.
BOUNDED_RANK = 3


def rank(anchor: str, value: str) -> int:
    """On one day, a clause that names that day comes before one dated by the article."""
    if anchor == "publication":
        return 2
    return 0 if TimexValue.parse(value).names_day else 1


def place(event: Event, published: dt.date) -> Placement:
    """Where `event`, of an article published on `published`, stands in the timeline.

    Members sort by string among equal scores, so the fields before the event id
    are fixed-width: rank, then publication date, then the event id. A bounded
    event sorts at its nearest known bound, after the events that day states.
    """
    score, member = _key(
        event.certainty, event.start, event.end, event.anchor, event.value, published, event.id
    )
    if stated_ends(event.certainty, event.start, event.end) and event.start and event.end:
        start, end = event.start.toordinal(), event.end.toordinal()
        return Placement(index=_granularity_of_days(end - start), score=score, member=member,
                         end=end)  # fmt: skip
    if event.end is not None:
        return Placement(index="before", score=score, member=member, end=event.end.toordinal())
    return Placement(index="after", score=score, member=member, end=OPEN_END)


def entry_key(entry: TimelineEntry) -> tuple[int, str]:
    """Where a read entry stands in timeline order, as (score, member) compare: the
    place `place` gave its event (a cursor of a paged read is one)."""
    return _key(
        entry.certainty, entry.start, entry.end, entry.anchor, entry.value,
        entry.article.published, entry.id,
    )  # fmt: skip


def _key(
    certainty: Certainty,
    start: dt.date | None,
    end: dt.date | None,
    anchor: str,
    value: str,
    published: dt.date,
    event_id: str,
) -> tuple[int, str]:
    """The score and member of an event: the one rule of its place."""
    if stated_ends(certainty, start, end) and start and end:
        return start.toordinal(), f"{rank(anchor, value)}{published.isoformat()}|{event_id}"
    return sort_day(start, end).toordinal(), f"{BOUNDED_RANK}{published.isoformat()}|{event_id}"
