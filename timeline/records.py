"""The records of the event log: built once, read back whatever their schema.

Building: `article_records` gives an article's records, each event placed by
`timeline.ordering.place` (the record carries its placement, so a projection
only applies it); `removals` names what a revision or retraction takes off the
timeline, read from the log's own records of the article it replaces.

Storing: `encode` gives the (type, data) the log stores of each record. From schema 3
on, an event is stored compactly (a JSON array, `encode_event`) without what its
article's head holds: the article id, the publication date in its placement's member,
its id's article prefix. It says how many records after its head it stands (`n`), and
a log keeps an article's records at consecutive positions, so its head is found from
its own position (`EventLog.head_at` in words: on Redis the sequence number minus n).
From schema 4 on, its texts (the clause, the time expression, the report's words) are
0 where they are the head's text at the event's offsets (`article_body`): the head
keeps the article's text anyway, and a read fetches the heads of its events; and its id,
when it is the one the extractor gives its place, is '=' (`models.event_id_for`).

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
    EVENT_ID_PREFIX,
    SCHEMA_VERSION,
    STORED_AS_APPLIED,
    AnyRecord,
    ArticleIngested,
    ArticleMeta,
    ArticleRef,
    ArticleRetracted,
    ArticleRevised,
    Change,
    Event,
    EventRecorded,
    Placement,
    Record,
    Removal,
    TimelineEntry,
    event_id_for,
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
    head = _head_of(head_entry.data)
    left = head.events
    out: list[Removal] = []
    after = head_entry.stream_id
    while left > 0:  # an article's events are the records right after its head
        entries = log.read(after=after, count=min(left, defaults.LOG_PAGE))
        if not entries:
            break
        out += [Removal(at=e.stream_id, placement=_placement_of(e, head)) for e in entries]
        after, left = entries[-1].stream_id, left - len(entries)
    return out


def _placement_of(entry: LogEntry, head: ArticleIngested | ArticleRevised) -> Placement:
    raw = orjson.loads(entry.data)
    if isinstance(raw, list):
        placement = decode_event(raw, head).placement
        assert placement is not None
        return placement
    if raw.get("placement") is not None:
        return Placement.model_validate(raw["placement"])
    return place(Event.model_validate(raw["event"]), head.article.published)


# The article fields a correction may change, in the order a revision lists them.
CORRECTABLE = ("published", "title", "source", "url")


def corrected(
    stored: ArticleMeta, new: ArticleMeta, stated: Iterable[str]
) -> tuple[ArticleMeta, list[Change]]:
    """The article `stored` with the `stated` fields of `new` that differ (a field the new
    version does not state, or states as None, keeps its stored value), and which changed.
    What the text only implies (a date found in it, a source in its title line) never
    overrides what was stored: an ingest of the same file again changes nothing."""
    wanted = set(stated)
    update: dict[str, Any] = {
        f: getattr(new, f)
        for f in CORRECTABLE
        if f in wanted and getattr(new, f) is not None and getattr(new, f) != getattr(stored, f)
    }
    if "published" in update:
        update["published_from"] = "given"
    changes: list[Change] = [f for f in CORRECTABLE if f in update]  # type: ignore[misc]
    return stored.model_copy(update=update), changes


def head_of(data: str | bytes) -> ArticleIngested | ArticleRevised:
    """The model of an article's stored head record."""
    return _head_of(data)


def _head_of(data: str | bytes) -> ArticleIngested | ArticleRevised:
    head = _record_adapter().validate_json(data)
    if not isinstance(head, ArticleIngested | ArticleRevised):
        raise StoreError(f"the log holds a {head.type} where an article's head should be")
    return head


def parse(entry: LogEntry, head: LogEntry | None = None) -> AnyRecord:
    """The model of a stored record; an event of schema 3 on needs its article's `head`."""
    if entry.data.startswith("["):
        if head is None:
            raise ValueError(f"the event at {entry.stream_id} is read with its article's head")
        return decode_event(orjson.loads(entry.data), _head_of(head.data))
    return _record_adapter().validate_json(entry.data)


def parse_run(entries: Sequence[LogEntry]) -> list[AnyRecord]:
    """The models of consecutive log records, each event read with the head before it
    among them (a run that starts inside an article cannot be read this way)."""
    out: list[AnyRecord] = []
    head: LogEntry | None = None
    for entry in entries:
        if entry.type in ("ArticleIngested", "ArticleRevised"):
            head = entry
        out.append(parse(entry, head))
    return out


def schema_of(data: str | bytes) -> object:
    """The schema version of a stored record."""
    raw = orjson.loads(data)
    return raw[0] if isinstance(raw, list) else raw.get("schema_version")


def current(entry: LogEntry) -> bool:
    """Whether a stored record is applied as it is (of today's schema, or of one whose
    records the projection applies alike: `STORED_AS_APPLIED`)."""
    return schema_of(entry.data) in STORED_AS_APPLIED


def head_distance(data: str | bytes) -> int | None:
    """How many records after its article's head a stored event of schema 3 on stands
    (None for any other record)."""
    if not (data.startswith("[") if isinstance(data, str) else data.startswith(b"[")):
        return None
    n = orjson.loads(data)[1]
    return int(n)


def upcast(entries: Sequence[LogEntry], log: EventLog) -> list[Positioned]:
    """The leading records of `entries` that are of an older schema, brought to today's.

    Stops at the first record applied as it is stored (`current`), so that a record is
    applied the same way whatever batch it falls in.
    """
    published: dict[str, dt.date] = {}
    out = []
    for entry in entries:
        version = schema_of(entry.data)
        if version in STORED_AS_APPLIED:
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


# -- schema 3: how the log stores records ------------------------------------------------

# An event's id begins with its article id's first ID_PREFIX characters (as the extractor
# makes them, `models.event_id_for`): a stored event keeps the rest ('=' + rest), or, for
# an id that does not, all of it ('!' + id). From schema 4, an id that is the extractor's
# for its place (paragraph, sentence, clause) is '=' alone.
ID_PREFIX = EVENT_ID_PREFIX
_ANCHOR = {"explicit": "e", "relative": "r", "narrative": "n", "publication": "p"}
_CERTAINTY = {"known": "k", "bounded": "b", "span": "s"}
_KIND = {"occurrence": "o", "state": "s", "statement": "q", "planned": "p", "negated": "n"}
_TIMEX = {"DATE": "D", "TIME": "T", "DURATION": "P", "SET": "S"}
_ANCHOR_OF, _CERTAINTY_OF, _KIND_OF, _TIMEX_OF = (
    {v: k for k, v in table.items()} for table in (_ANCHOR, _CERTAINTY, _KIND, _TIMEX)
)
# A stored event: [schema, n, index, score, end, rank, id, paragraph, sentence, clause,
# text, char_start, char_end, value, anchor, start, end, time_text, time_start, time_end,
# kind, certainty, timex_type, reported]. The first seven are what the projection script
# reads (backend/lua/project.lua): the placement is (index, score, end) and the member
# `<rank><published>|<event id>` (`timeline.ordering.place`). `start` and `end` are date
# ordinals, 0 when they are the placement's score and end. From `start` on, trailing
# fields equal to these defaults are left out. From schema 4, `text`, `time_text` and the
# report's text are 0 when they are the article body's characters at their offsets
# (`article_body`; else they are written out, as in schema 3), `value` is 0 when it is the
# ISO date of `start` (a day), and the id '=' when it is the extractor's for its place.
_TAIL_DEFAULTS = (0, 0, None, None, None, "o", "k", "D", None)
_TAIL = 15


def encode(records: Iterable[AnyRecord]) -> Iterator[tuple[str, str]]:
    """(type, data) of each record as the log stores it. `records` are an article's
    (its head, then its events) or a record of its own (a retraction)."""
    head: ArticleMeta | None = None
    body: str | None = None
    n = 0
    for record in records:
        if isinstance(record, EventRecorded):
            if head is None:
                raise ValueError("an event is stored after its article's head")
            n += 1
            yield record.type, encode_event(record, head, n, body)
            continue
        if isinstance(record, ArticleIngested | ArticleRevised):
            head, n, body = record.article, 0, article_body(record.text)
        yield record.type, record.model_dump_json()


def article_body(text: str | None) -> str | None:
    """The part of an article head's stored text (title line, then paragraphs) that its
    events' offsets count in: all after the title line (None without a text)."""
    if text is None:
        return None
    return text.partition("\n")[2]


# A text of a stored event that is the article body's characters at its offsets.
IN_BODY = 0


def _elided(text: str | None, start: int | None, end: int | None, body: str | None) -> Any:
    """IN_BODY for a text the body holds at [start, end), else the text."""
    if text is None or body is None or start is None or end is None:
        return text
    return IN_BODY if body[start:end] == text else text


def _in_body(text: Any, start: int | None, end: int | None, body: str | None) -> Any:
    """A stored text read back: IN_BODY is the body's characters at [start, end)."""
    if text != IN_BODY:  # a str, or None (no time text)
        return text
    if body is None or start is None or end is None:
        raise StoreError("an event's text is its article's, which is read without it")
    return body[start:end]


def _ordinal(day: dt.date | None, implied: int) -> int | None:
    if day is None:
        return None
    o = day.toordinal()
    return 0 if o == implied else o


def encode_event(
    record: EventRecorded, article: ArticleMeta, n: int, body: str | None = None
) -> str:
    """The stored form of an event `n` records after the head of `article`, whose body
    (`article_body`) is `body`."""
    e, p = record.event, record.placement
    if p is None:
        raise ValueError("an event of schema 3 has its placement")
    rank = p.member[:1]
    if e.article_id != article.id or p.member != f"{rank}{article.published.isoformat()}|{e.id}":
        raise ValueError(f"event {e.id} is not placed as its article {article.id} places it")
    prefix = article.id[:ID_PREFIX]
    if e.id == event_id_for(article.id, e.paragraph, e.sentence, e.clause):
        rel = "="
    else:
        rel = f"={e.id[len(prefix) :]}" if e.id.startswith(prefix) else f"!{e.id}"
    reported = None
    if (r := e.reported) is not None:
        r_start = None if r.start is None else r.start.toordinal()
        r_end = None if r.end is None else r.end.toordinal()
        reported = [_elided(r.text, r.char_start, r.char_end, body), r.char_start, r.char_end,
                    r.value, r_start, r_end, _CERTAINTY[r.certainty]]  # fmt: skip
    row: list[Any] = [
        SCHEMA_VERSION, n, p.index, p.score, p.end, int(rank), rel,
        e.paragraph, e.sentence, e.clause, _elided(e.text, e.char_start, e.char_end, body),
        e.char_start, e.char_end, _value(e.value, e.start), _ANCHOR[e.anchor],
        _ordinal(e.start, p.score),
        _ordinal(e.end, p.end), _elided(e.time_text, e.time_start, e.time_end, body),
        e.time_start, e.time_end, _KIND[e.kind], _CERTAINTY[e.certainty],
        _TIMEX[e.timex_type], reported,
    ]  # fmt: skip
    while len(row) > _TAIL and row[-1] == _TAIL_DEFAULTS[len(row) - 1 - _TAIL]:
        row.pop()
    return orjson.dumps(row).decode()


def _value(value: str, start: dt.date | None) -> str | int:
    """A TIMEX3 value as stored: 0 when it is its start day's ISO date (a day's value)."""
    return 0 if start is not None and value == start.isoformat() else value


def _day(value: int | None, implied: int) -> dt.date | None:
    if value is None:
        return None
    return dt.date.fromordinal(value or implied)


def event_id(row: Sequence[Any], article_id: str) -> str:
    """The id of a stored event (of schema 3 on) of article `article_id`."""
    rel = row[6]
    if rel == "=" and row[0] >= 4:  # the extractor's id for its place
        return event_id_for(article_id, row[7], row[8], row[9])
    return str(article_id[:ID_PREFIX] + rel[1:] if rel[:1] == "=" else rel[1:])


def event_fields(
    row: Sequence[Any], article_id: str, body: str | None = None
) -> tuple[dict[str, Any], int, str, str]:
    """The fields of a stored event (as `Event` has them), its score, index and rank;
    `body` is its article's (`article_body` of its head's text), which a text stored as
    IN_BODY is read from."""
    if len(row) < _TAIL + len(_TAIL_DEFAULTS):
        row = [*row, *_TAIL_DEFAULTS[len(row) - _TAIL :]]
    (_, _, index, score, end, rank, _, paragraph, sentence, clause, text, char_start,
     char_end, value, anchor, start, stop, time_text, time_start, time_end, kind, certainty,
     timex_type, reported) = row  # fmt: skip
    text = _in_body(text, char_start, char_end, body)
    time_text = _in_body(time_text, time_start, time_end, body)
    day = _day(start, score)
    if value == 0 and day is not None:  # schema 4: the start day's ISO date
        value = day.isoformat()
    if reported is not None:
        r_text, r_start, r_end, r_value, r_from, r_to, r_certainty = reported
        r_text = _in_body(r_text, r_start, r_end, body)
        reported = {"text": r_text, "char_start": r_start, "char_end": r_end, "value": r_value,
                    "start": None if r_from is None else dt.date.fromordinal(r_from),
                    "end": None if r_to is None else dt.date.fromordinal(r_to),
                    "certainty": _CERTAINTY_OF[r_certainty]}  # fmt: skip
    fields = {
        "id": event_id(row, article_id), "article_id": article_id, "paragraph": paragraph,
        "sentence": sentence, "clause": clause, "text": text, "char_start": char_start,
        "char_end": char_end, "time_text": time_text, "time_start": time_start,
        "time_end": time_end, "value": value, "timex_type": _TIMEX_OF[timex_type],
        "start": day, "end": _day(stop, end), "anchor": _ANCHOR_OF[anchor],
        "certainty": _CERTAINTY_OF[certainty], "kind": _KIND_OF[kind], "reported": reported,
    }  # fmt: skip
    return fields, score, index, str(rank)


def decode_event(row: Sequence[Any], head: ArticleIngested | ArticleRevised) -> EventRecorded:
    """The model of a stored event of schema 3 on, read with its article's head."""
    article = head.article
    fields, score, index, rank = event_fields(row, article.id, article_body(head.text))
    member = f"{rank}{article.published.isoformat()}|{fields['id']}"
    placement = Placement(index=index, score=score, member=member, end=row[4])
    return EventRecorded(event=Event.model_validate(fields), placement=placement)


# -- what a read returns ----------------------------------------------------------------


def _stored_texts(article: ArticleMeta) -> dict[str, str | None]:
    """An article's text fields cleaned and bounded, as they are stored."""
    return {f: stored(getattr(article, f), f) for f in ("title", "source", "url")}


def stored_article(article: ArticleMeta) -> ArticleMeta:
    """An article's text fields as they are stored: cleaned and bounded."""
    return article.model_copy(update=_stored_texts(article))


def article_ref(head: str | bytes) -> ArticleRef:
    """What an entry shows of its article, from the article's stored head record
    (cleaned again: records stored before the cleaning come out clean too)."""
    article = ArticleMeta.model_validate(orjson.loads(head)["article"])
    # Built from fields the ArticleMeta just validated (and `stored` strings): a second
    # validation (of a dump of a copy) cost a read of 50 entries 0.5 ms.
    texts = _stored_texts(article)
    return ArticleRef.model_construct(
        id=article.id, title=texts["title"], source=texts["source"], url=texts["url"],
        published=article.published,
    )  # fmt: skip


def entry(event: Mapping[str, Any], article: ArticleRef) -> TimelineEntry:
    """A timeline entry from an event as stored (JSON) and its article: one validation,
    straight from the event's fields to the entry's (the entry ignores the provenance
    fields it does not show); its text fields cleaned as `stored` does."""
    text, time_text = stored(event["text"], "text"), stored(event.get("time_text"), "time_text")
    return TimelineEntry.model_validate(
        {**event, "text": text, "time_text": time_text, "article": article}
    )
