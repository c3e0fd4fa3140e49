"""Domain models: articles, dated events, and the records of the event log.

Everything that crosses a boundary (the log, the projection, the CLI's JSON
output) is one of these pydantic models. Nothing here knows about Redis.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Model(BaseModel):
    """The base of the models here: each builds its validator when first used, so that a
    command pays only for the models it uses (building all of them at import took a
    third of `import timeline.models`)."""

    model_config = ConfigDict(defer_build=True)


class Anchor(StrEnum):
    """How an event's time was found, from most to least direct."""

    EXPLICIT = "explicit"  # an absolute date written in the clause ("Aug. 20, 2021")
    RELATIVE = "relative"  # an expression resolved against the publication date ("on Friday")
    NARRATIVE = "narrative"  # resolved against an earlier time in the text ("two days later")
    PUBLICATION = "publication"  # no time of its own: dated (or bounded) by publication


class Certainty(StrEnum):
    """How much the text says of an event's time."""

    KNOWN = "known"  # a time the text states: `start`/`end` are its interval
    BOUNDED = "bounded"  # no time of its own: it lies in [start, end); None is an open side
    SPAN = "span"  # it lasts from `start` to `end` ("since Monday"); None is an open side


def stated_ends(certainty: Certainty, start: dt.date | None, end: dt.date | None) -> bool:
    """A time the text states from end to end: known, or a span with both ends."""
    return start is not None and end is not None and certainty in (Certainty.KNOWN, Certainty.SPAN)


class Kind(StrEnum):
    """What an entry is: a happening, a situation, a saying, a plan or a denial."""

    OCCURRENCE = "occurrence"  # it happened ("the Taliban recaptured Banu")
    STATE = "state"  # a situation at a time ("the valley is the epicentre")
    STATEMENT = "statement"  # a quote or claim with no happening of its own
    PLANNED = "planned"  # scheduled, expected, will happen
    NEGATED = "negated"  # said not to have happened ("there had been no reports")


class Reported(Model):
    """The report of an entry's happening: who said it, where, and when it was said.

    "The driver was abducted on Wednesday, police said" is one entry dated Wednesday
    whose report is "police said", before publication. With no saying, a frame someone
    holds is the report: "the death toll is expected to rise" is a rise ahead whose
    report is "is expected", on the publication day.
    """

    model_config = ConfigDict(frozen=True)

    text: str  # the reporting words, as written
    char_start: int  # their offsets in the article body (end exclusive)
    char_end: int
    value: str
    start: dt.date | None
    end: dt.date | None
    certainty: Certainty = Certainty.KNOWN


class ArticleMeta(Model):
    """An article as the timeline knows it: identity, provenance, publication date."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    source: str | None = None
    url: str | None = None
    published: dt.date
    # Where the publication date came from: given on the command line, found in the text,
    # or assumed (today) because neither said.
    published_from: Literal["given", "text", "assumed"] = "given"


# An event's id: its article id's first EVENT_ID_PREFIX characters, then where it stands.
EVENT_ID_PREFIX: Final = 16


def event_id_for(article_id: str, paragraph: int, sentence: int, clause: int) -> str:
    """The id the extractor gives the event at (paragraph, sentence, clause) of an article
    (`timeline.records` stores such an id in one character; project.lua builds it again)."""
    return f"{article_id[:EVENT_ID_PREFIX]}-{paragraph:05d}-{sentence:03d}-{clause:02d}"


class Event(Model):
    """One clause with its own time: the unit a timeline orders."""

    model_config = ConfigDict(frozen=True)

    id: str
    article_id: str
    paragraph: int
    sentence: int
    clause: int
    text: str
    # Offsets of the clause in the article body (end exclusive).
    char_start: int
    char_end: int
    # The temporal expression as written, and its offsets in the article body.
    time_text: str | None = None
    time_start: int | None = None
    time_end: int | None = None
    # TIMEX3 value: 2021-08-20, 2021-W32, 2021-08, 2021, 198; for a bounded time the
    # coarsest value its bounds allow, PAST_REF or FUTURE_REF when publication is its
    # only bound.
    value: str
    timex_type: Literal["DATE", "TIME", "DURATION", "SET"] = "DATE"
    # The interval the value denotes, end exclusive; for a bounded time or a span its
    # bounds, None where a side is open.
    start: dt.date | None
    end: dt.date | None
    anchor: Anchor
    certainty: Certainty = Certainty.KNOWN
    kind: Kind = Kind.OCCURRENCE
    reported: Reported | None = None


# The schema of the records written now. Schema 1 (before placements were recorded, and
# before an event's certainty, kind and report) is still read: `timeline.records.upcast`
# brings such a record to this schema. Schema 3 stores an event compactly, without what
# its article's head holds; schema 4 also leaves out its texts (clause, time expression,
# report) where they are its article's text at their offsets (`timeline.records`).
SCHEMA_VERSION: Final = 4
SchemaVersion = Literal[1, 2, 3, 4]
# The schemas whose records are applied as they are stored (the projection reads the same
# fields of both); a record of an older one is brought to today's first.
STORED_AS_APPLIED: Final = (3, 4)


class Placement(Model):
    """Where an event stands in the projection, as `timeline.ordering.place` decides.

    Recorded with the event at ingest, so that projecting only applies it: the index
    (a granularity), the score there (its start day, a date ordinal), the member that
    orders events of one score, and the first day after it (its end, an ordinal).
    """

    model_config = ConfigDict(frozen=True)

    index: str
    score: int
    member: str
    end: int


class Removal(Model):
    """An event a revision or retraction takes off the timeline: where its record is in
    the log, and the placement that record gave it."""

    model_config = ConfigDict(frozen=True)

    at: str
    placement: Placement


def _count_event_ids(data: Any) -> Any:
    """Records before schema 3 list their events' ids; from schema 3 on, an article's
    head says how many events follow it (their ids are in their records)."""
    if isinstance(data, dict) and "event_ids" in data and "events" not in data:
        data = {**data, "events": len(data["event_ids"])}
    return data


class ArticleIngested(Model):
    """An article's head: its events are the `events` records that follow it in the log.

    `text` is the article as it was extracted (title line, then paragraphs), kept so that
    a correction of its metadata (`timeline amend`) can date its events again without the
    file; None in records written before texts were kept.
    """

    type: Literal["ArticleIngested"] = "ArticleIngested"
    schema_version: SchemaVersion = SCHEMA_VERSION
    article: ArticleMeta
    events: int
    ingested_at: dt.datetime
    text: str | None = None  # last: `timeline log` shows the first 100 characters

    @model_validator(mode="before")
    @classmethod
    def _event_ids(cls, data: Any) -> Any:
        return _count_event_ids(data)


class EventRecorded(Model):
    """One event. Schema 2 added its placement, and the event's certainty, kind and
    reported (schema 1 records read as known occurrences without a report). From schema
    3 on, the log stores it compactly, without what its article's head holds
    (`timeline.records.encode`)."""

    type: Literal["EventRecorded"] = "EventRecorded"
    schema_version: SchemaVersion = SCHEMA_VERSION
    event: Event
    placement: Placement | None = None  # None only in records of schema 1

    @model_validator(mode="after")
    def _placed(self) -> EventRecorded:
        _required(self, "placement", "timeline.records.event_record")
        return self


Change = Literal["text", "published", "title", "source", "url", "restored"]


class ArticleRevised(Model):
    """A new version of an article already in the log: a changed text (same URL, or same
    title and source), the same text with corrected metadata (`replaces` is then its own
    id), or an article brought back after a retraction (`changes` has "restored").

    The replaced version's events leave the timeline (`removes`) and this one's enter,
    dated again against its publication date; the log keeps every version.
    """

    type: Literal["ArticleRevised"] = "ArticleRevised"
    schema_version: SchemaVersion = SCHEMA_VERSION
    article: ArticleMeta
    replaces: str
    events: int
    ingested_at: dt.datetime
    removes: list[Removal] | None = None  # None only in records of schema 1
    # What changed from the version it replaces (empty in records before corrections).
    # A default, not a factory (pydantic copies it): a factory's signature is read with
    # inspect when the validator is built, which costs a read command its tokenizer.
    changes: list[Change] = []
    text: str | None = None  # as ArticleIngested.text

    @model_validator(mode="before")
    @classmethod
    def _event_ids(cls, data: Any) -> Any:
        return _count_event_ids(data)

    @model_validator(mode="after")
    def _removes(self) -> ArticleRevised:
        _required(self, "removes", "timeline.records.removals")
        return self


class ArticleRetracted(Model):
    type: Literal["ArticleRetracted"] = "ArticleRetracted"
    schema_version: SchemaVersion = SCHEMA_VERSION
    article_id: str
    reason: str | None = None
    retracted_at: dt.datetime
    removes: list[Removal] | None = None  # None only in records of schema 1

    @model_validator(mode="after")
    def _removes(self) -> ArticleRetracted:
        _required(self, "removes", "timeline.records.removals")
        return self


def _required(
    record: EventRecorded | ArticleRevised | ArticleRetracted, field: str, maker: str
) -> None:
    """From schema 2 on, a record says all it does: a projection applies it as it is (one
    that did not would stop every projection of its log)."""
    if record.schema_version >= 2 and getattr(record, field) is None:
        raise ValueError(f"an {record.type} of schema 2 needs its {field} ({maker})")


AnyRecord = ArticleIngested | ArticleRevised | EventRecorded | ArticleRetracted
Record = Annotated[AnyRecord, Field(discriminator="type")]


# -- what the application returns (the CLI's JSON output is exactly these) --------


class ArticleRef(Model):
    id: str
    title: str
    source: str | None = None
    url: str | None = None
    published: dt.date


class Report(Model):
    """Another article's report of the same happening, merged into one entry."""

    id: str
    text: str
    time_text: str | None
    article: ArticleRef


class TimelineEntry(Model):
    """One event as `show` returns it. The fields here are a stable schema.

    When several articles report the same happening on the same date, the entry is
    the earliest report and `reports` lists the others, earliest first.
    """

    id: str
    value: str
    # The interval the value denotes (end exclusive); for a bounded time or a span its
    # bounds, None where a side is open ("before 22 Aug": start None, end 2021-08-22).
    start: dt.date | None
    end: dt.date | None
    certainty: Certainty = Certainty.KNOWN
    kind: Kind = Kind.OCCURRENCE
    text: str
    time_text: str | None
    anchor: Anchor
    reported: Reported | None = None
    article: ArticleRef
    paragraph: int
    sentence: int
    clause: int
    timex_type: str
    reports: list[Report] = []  # not a factory: see ArticleRevised.changes

    @property
    def is_known(self) -> bool:
        """Whether the text states the entry's time (its start and end are the interval)."""
        return self.certainty is Certainty.KNOWN and self.start is not None and self.end is not None

    @property
    def is_stated(self) -> bool:
        """Whether the text states both ends: a known time, or a range ("from 2018 to 2022")."""
        return stated_ends(self.certainty, self.start, self.end)

    @property
    def sources(self) -> list[ArticleRef]:
        """Every article that reported this entry, earliest first."""
        return [self.article, *(r.article for r in self.reports)]


class IngestResult(Model):
    path: str
    article_id: str | None = None
    title: str | None = None
    # "unchanged": a URL that answered 304 (not modified since it was last ingested).
    status: Literal["added", "duplicate", "revised", "unchanged", "failed"]
    changes: list[Change] = []  # of a revision: what changed ("text", "published", ...)
    events: int = 0
    published: dt.date | None = None
    published_from: Literal["given", "text", "assumed"] | None = None
    replaces: str | None = None  # the article id a revision replaced
    error: str | None = None  # why a file failed
    assumed: str | None = None  # what dating the article assumed (a dateline's year)
    unplaced: list[str] = []  # times the text states that date nothing, and why


class TimelineSummary(Model):
    name: str
    articles: int
    events: int
    first: dt.date | None
    last: dt.date | None


class Status(Model):
    timeline: str
    server: str
    durability: str  # what a crash of the server does to acknowledged ingests
    log_length: int
    articles: int
    events: int
    generation: int
    orphan_generations: int = 0  # left by rebuilds that died; the next rebuild removes them
    checkpoint: str
    log_version: str
    lag: int
    queue: dict[str, int | str]
