"""The records of the event log: built once, read back whatever their schema.

Building: `article_records` gives an article's records, each event placed by
`timeline.ordering.place` (the record carries its placement, so a projection
only applies it); `removals` names what a revision or retraction takes off the
timeline, read from the log's own records of the article it replaces.

Reading: `parse` gives the model of a stored record; `upcast` brings records of an
older schema to today's (a schema-1 event gets its placement computed here, a
schema-1 revision or retraction its removals), so that old logs still replay.
Records of today's schema are applied as they are. When a change of `place`
changes where events stand, bump SCHEMA_VERSION (older records are then re-placed
when read) together with the projection's key format
(`timeline.backend.keys.PROJECTION_FORMAT`), so that the projection is rebuilt.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import orjson
from pydantic import TypeAdapter

from timeline import defaults
from timeline.errors import StoreError
from timeline.models import (
    SCHEMA_VERSION,
    AnyRecord,
    ArticleIngested,
    ArticleMeta,
    ArticleRef,
    ArticleRetracted,
    ArticleRevised,
    Event,
    EventRecorded,
    Placement,
    Record,
    Removal,
    TimelineEntry,
)
from timeline.ordering import place
from timeline.ports import EventLog, LogEntry, Positioned
from timeline.text_safety import stored


@functools.cache
def _record_adapter() -> TypeAdapter[AnyRecord]:
    """The validator of any record, built on first use (not by `import`)."""
    return TypeAdapter(Record)


def event_record(event: Event, published: dt.date) -> EventRecorded:
    return EventRecorded(event=event, placement=place(event, published))


def article_records(
    head: ArticleIngested | ArticleRevised, events: Iterable[Event]
) -> Iterator[AnyRecord]:
    """An article's records: its head, then one EventRecorded per event, built one at a
    time (a big article's records are never all in memory at once)."""
    yield head
    published = head.article.published
    for event in events:
        yield event_record(event, published)


def removals(article_id: str, log: EventLog) -> list[Removal]:
    """What taking article `article_id` off the timeline removes: the placement of each
    of its events, as its records in the log give them (computed for schema-1 ones)."""
    head_entry = log.head(article_id)
    if head_entry is None:
        return []
    head = orjson.loads(head_entry.data)
    left = len(head["event_ids"])
    published = dt.date.fromisoformat(head["article"]["published"])
    out: list[Removal] = []
    after = head_entry.stream_id
    while left > 0:  # an article's events are the records right after its head
        entries = log.read(after=after, count=min(left, defaults.LOG_PAGE))
        if not entries:
            break
        out += [Removal(at=e.stream_id, placement=_placement_of(e, published)) for e in entries]
        after, left = entries[-1].stream_id, left - len(entries)
    return out


def _placement_of(entry: LogEntry, published: dt.date) -> Placement:
    raw = orjson.loads(entry.data)
    if raw.get("placement") is not None:
        return Placement.model_validate(raw["placement"])
    return place(Event.model_validate(raw["event"]), published)


def parse(entry: LogEntry) -> AnyRecord:
    return _record_adapter().validate_json(entry.data)


def current(entry: LogEntry) -> bool:
    """Whether a stored record is of today's schema (applied as it is)."""
    return bool(orjson.loads(entry.data).get("schema_version") == SCHEMA_VERSION)


def upcast(entries: Sequence[LogEntry], log: EventLog) -> list[Positioned]:
    """The leading records of `entries` that are of an older schema, brought to today's.

    Stops at the first record of today's schema: those are applied as they are, so
    that a record is applied the same way whatever batch it falls in.
    """
    published: dict[str, dt.date] = {}
    out = []
    for entry in entries:
        version = orjson.loads(entry.data).get("schema_version")
        if version == SCHEMA_VERSION:
            break
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise StoreError(
                f"The log holds a record of schema {version} at {entry.stream_id}, which this "
                f"program (schema {SCHEMA_VERSION}) cannot read: upgrade timeline."
            )
        record = parse(entry)
        update: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        if isinstance(record, ArticleIngested | ArticleRevised):
            published[record.article.id] = record.article.published
            if isinstance(record, ArticleRevised) and record.removes is None:
                update["removes"] = removals(record.replaces, log)
        elif isinstance(record, EventRecorded) and record.placement is None:
            article_id = record.event.article_id
            if article_id not in published:
                published[article_id] = _published(article_id, log)
            update["placement"] = place(record.event, published[article_id])
        elif isinstance(record, ArticleRetracted) and record.removes is None:
            update["removes"] = removals(record.article_id, log)
        out.append(Positioned(entry.stream_id, record.model_copy(update=update)))
    return out


def _published(article_id: str, log: EventLog) -> dt.date:
    head = log.head(article_id)
    if head is None:
        raise ValueError(f"the log holds an event of article {article_id} but not the article")
    return dt.date.fromisoformat(orjson.loads(head.data)["article"]["published"])


# -- what a read returns ----------------------------------------------------------------


def stored_article(article: ArticleMeta) -> ArticleMeta:
    """An article's text fields as they are stored: cleaned and bounded."""
    fields = ("title", "source", "url")
    update = {f: stored(getattr(article, f), f) for f in fields if getattr(article, f) is not None}
    return article.model_copy(update=update)


def article_ref(head: str | bytes) -> ArticleRef:
    """What an entry shows of its article, from the article's stored head record
    (cleaned again: records stored before the cleaning come out clean too)."""
    article = ArticleMeta.model_validate(orjson.loads(head)["article"])
    return ArticleRef.model_validate(stored_article(article).model_dump())


def entry(event: Mapping[str, Any], article: ArticleRef) -> TimelineEntry:
    """A timeline entry from an event as stored (JSON) and its article: one validation,
    straight from the event's fields to the entry's (the entry ignores the provenance
    fields it does not show); its text fields cleaned as `stored` does."""
    text, time_text = stored(event["text"], "text"), stored(event.get("time_text"), "time_text")
    return TimelineEntry.model_validate(
        {**event, "text": text, "time_text": time_text, "article": article}
    )
