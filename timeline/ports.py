"""The ports: what the application needs from a store, as Protocols.

The services (`timeline.services`) are written against these and nothing else;
`timeline.backend` implements them on Redis and RQ, `timeline.memory` in memory
(for the application's own tests). `tests/contract.py` is the one suite both
adapters pass.

A position in the log is a string `<int>-<int>` (a Redis stream id; the memory
log uses the same form), ordered as that pair of numbers; `"0-0"` is before the
first record.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from timeline.errors import UsageError
from timeline.models import AnyRecord, TimelineEntry

START = "0-0"

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def check_name(name: str) -> str:
    """A timeline's name, or a UsageError saying what a name may hold."""
    if not NAME.fullmatch(name):
        raise UsageError(
            f"Invalid timeline name {name!r}: use 1-64 letters, digits, '.', '_' or '-'."
        )
    return name


def position_key(position: str) -> tuple[int, int]:
    """A log position as the pair of numbers it is ordered by."""
    ms, _, seq = position.partition("-")
    return int(ms), int(seq or 0)


def behind(position: str, target: str) -> bool:
    """Whether `position` comes before `target` in the log."""
    return position_key(position) < position_key(target)


@dataclass(frozen=True)
class LogEntry:
    """One record of the log as stored: where, its type, and its JSON."""

    stream_id: str
    type: str
    data: str


@dataclass(frozen=True)
class AppendResult:
    status: Literal["appended", "duplicate", "unknown"]
    stream_id: str  # the article's first record (appended or already there); '' when unknown


@dataclass(frozen=True)
class Positioned:
    """A record of today's schema and the position of the log record it stands for."""

    at: str
    record: AnyRecord


@dataclass(frozen=True)
class Applied:
    """What one step of projecting did.

    `count` records were applied, then: `end` the log had no more (at that moment);
    `more` a full batch was applied, more may follow; `stale` nothing was written, the
    generation is not the live one (a rebuild swapped it); `moved` nothing was written,
    the checkpoint is not the one the records were read after (another projector
    applied them); `upcast` it stopped before a record of an older schema, which the
    application must bring to today's (`timeline.records.upcast`) and apply itself.
    """

    count: int
    status: Literal["end", "more", "stale", "moved", "upcast"]


@dataclass(frozen=True)
class ReadState:
    """What a read of a timeline needs to know first, asked in one round trip: whether
    the server lists the timeline, the live generation of its projection and that
    one's checkpoint, and the log's last position."""

    listed: bool
    generation: int
    checkpoint: str
    version: str


@dataclass(frozen=True)
class JobState:
    """Where a queued job is: `waiting` (queued, running, or waiting to be retried),
    `done` with its `result`, or `failed` for good with its `error`."""

    status: Literal["waiting", "done", "failed"]
    result: object = None
    error: str | None = None


@dataclass(frozen=True)
class QueueStats:
    queue: str
    queued_jobs: int
    started_jobs: int
    abandoned_jobs: int  # started by a worker that is gone
    retrying_jobs: int
    failed_jobs: int
    workers: int


class EventLog(Protocol):
    """One timeline's append-only log of records: the source of truth."""

    def append_article(
        self,
        article_id: str,
        records: Iterable[AnyRecord],
        expected_version: str | None = None,
        *,
        identity: str | None = None,
        previous: str | None = None,
        durable: bool = True,
        head: str | None = None,
        withdrawn: str | None = None,
        takes_off: str | None = None,
        drops_identity: str | None = None,
    ) -> AppendResult:
        """Append all of one article's records atomically, unless the article is known
        (then nothing, status `duplicate`). With `expected_version`, ConcurrencyError
        unless it is still the last position; with `identity`, ConcurrencyError unless
        that identity still names `previous` (None: no article). On success the
        identity names `article_id`. It returns once the server holds the records on
        disk (where it can say so), unless `durable` is false: then `confirm` waits for
        a group of appends at once (group commit).

        A new version of a known article (a correction, a restore) gives `head`, the
        position of the article's head its caller read, and `withdrawn`, what
        `withdrawn(article_id)` said: ConcurrencyError unless both still hold. The
        article is then no longer withdrawn; `takes_off` (another article this version
        replaces) becomes withdrawn, and `drops_identity` (one the article no longer
        has) stops naming it."""
        ...

    def confirm(self) -> None:
        """Return once every append made with `durable=False` is on the server's disk
        (where it can say so), or raise StoreError: then none of them is confirmed."""
        ...

    def append_for_article(self, article_id: str, record: AnyRecord) -> AppendResult:
        """Append one record about a known article (status `unknown`: nothing written)."""
        ...

    def current_for(self, identity: str) -> str | None: ...

    def withdrawn(self, article_id: str) -> str | None:
        """The position of the record that took the article off the timeline (its
        retraction, or the revision that replaced it); None while it is on it."""
        ...

    def known(self, article_id: str) -> bool: ...

    def article_ids(self) -> list[str]: ...

    def article_count(self) -> int: ...

    def version(self) -> str:
        """The position of the last record, START for an empty log."""
        ...

    def length(self) -> int: ...

    def read(self, after: str = START, count: int = 1000) -> list[LogEntry]:
        """Up to `count` records after position `after`, oldest first."""
        ...

    def tail(self, count: int) -> list[LogEntry]:
        """The last `count` records, oldest first."""
        ...

    def head(self, article_id: str) -> LogEntry | None:
        """An article's first record (ArticleIngested or ArticleRevised); its events
        are the records that follow it, as many as it lists."""
        ...

    def durability(self) -> str:
        """What a crash of the server would do to acknowledged appends, in a phrase."""
        ...


class ProjectionIndex(Protocol):
    """One timeline's ordered indexes of events, built from its log.

    Generations: the live one is read; a rebuild fills a new one and swaps it in.
    Applying is safe from any number of projectors at once: each step applies the
    records right after the generation's checkpoint and moves it, whole or not at all.
    """

    batch_size: int

    def generation(self) -> int: ...

    def checkpoint(self, generation: int | None = None) -> str:
        """The position of the last record applied to `generation` (None: the live one)."""
        ...

    def apply_next(self, generation: int, *, live: bool = True) -> Applied:
        """Apply up to batch_size records after the checkpoint, read from the log by the
        index itself (events never travel to the caller); only records of today's schema.
        With `live`, nothing is written unless `generation` is the live one."""
        ...

    def apply_records(
        self, generation: int, after: str, given: Sequence[Positioned], *, live: bool = True
    ) -> Applied:
        """Apply records `given` (read after `after` and brought to today's schema by the
        caller), only if the checkpoint is still `after`."""
        ...

    def new_generation(self) -> int:
        """An empty generation to rebuild into (not live)."""
        ...

    def swap(self, generation: int) -> int | None:
        """Make `generation` the live one if it has applied the whole log; returns the one it
        replaced, or None (nothing changed) when the log has moved on since."""
        ...

    def retire(self, generation: int) -> None:
        """Drop a generation once readers that started on it have had time to finish."""
        ...

    def orphans(self) -> int:
        """Generations left by rebuilds that died before swapping them in (read only);
        `new_generation` removes them."""
        ...

    def entries(
        self,
        since: dt.date | None,
        until: dt.date | None,
        *,
        indexes: Sequence[str],
        reverse: bool = False,
        generation: int | None = None,
        chunk: int | None = None,
    ) -> Iterator[TimelineEntry]:
        """The live generation's events (of `generation`, when the caller has just read
        which is live) of `indexes` (`timeline.ordering.INDEXES`) that may overlap
        [since, until), lazily, in timeline order (`ordering.read_range`); `chunk`: how
        many a round trip reads (None: defaults.QUERY_CHUNK), for a caller that knows
        how many it takes."""
        ...

    def bounded_count(self, since: dt.date | None, until: dt.date | None) -> int:
        """How many events the text only bounds may fall in [since, until)."""
        ...

    def event_count(self) -> int: ...

    def sources(self) -> set[str]:
        """The sources of the articles the live generation holds."""
        ...

    def holds(self, article_id: str) -> bool:
        """Whether the live generation holds the article (it is on the timeline)."""
        ...

    def span(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day the timeline covers, None when empty."""
        ...


@dataclass(frozen=True)
class Follow:
    """A feed a timeline follows: a recurring job (`timeline.jobs.follow`) that ingests it
    every `every` seconds; `state` is RQ's word for where the job is (`scheduled` until
    its next run at `next_run`, `queued`, `started`; `failed` or `gone` when it stopped)."""

    feed: str
    every: int
    job_id: str
    state: str
    next_run: dt.datetime | None = None


class FetchState(Protocol):
    """What each URL a timeline fetched last answered: its validators (ETag,
    Last-Modified), sent back so that an unchanged page answers 304."""

    def validators(self, url: str) -> dict[str, str]:
        """The validators `url` last answered with ({} when never fetched)."""
        ...

    def remember(self, url: str, validators: dict[str, str]) -> None:
        """Keep the validators of `url` (once what it answered is written)."""
        ...


class JobQueue(Protocol):
    """Projection jobs for the workers."""

    def request_projection(self, timeline: str) -> bool:
        """Ask the workers to project `timeline`, unless a job for it already waits."""
        ...

    def job_started(self, timeline: str) -> None:
        """A job for `timeline` started: later appends need a job of their own."""
        ...

    def live_workers(self) -> int: ...

    def check(self) -> None:
        """Raise the project's error now if jobs could not be queued (before a write)."""
        ...

    def stats(self) -> QueueStats:
        """The queue as it is. Reads only: never repairs or runs anything."""
        ...

    def enqueue_extraction(self, timeline: str, batch: dict[str, object]) -> str:
        """Queue an extraction job (`timeline.jobs.extract`) of a batch of articles for
        `timeline`; returns its id."""
        ...

    def job_states(self, job_ids: Sequence[str]) -> list[JobState]:
        """The state of each of the jobs `job_ids`, in order."""
        ...

    def follow(self, timeline: str, feed: str, every: int) -> Follow:
        """Register a recurring job that ingests `feed` into `timeline` now and then every
        `every` seconds (run by a worker with the scheduler); it replaces an earlier
        follow of the same feed."""
        ...

    def follows(self, timeline: str) -> list[Follow]:
        """The feeds `timeline` follows, by feed. Reads only."""
        ...

    def following(self, timeline: str, feed: str) -> str | None:
        """The job id of the follow of `feed` registered now (None: not followed)."""
        ...

    def unfollow(self, timeline: str, feed: str) -> bool:
        """Stop following `feed` (its next run is removed); False when it was not followed."""
        ...

    def end_repeats(self) -> None:
        """Called from a recurring job that is no longer registered: it does not run again."""
        ...

    def drop(self, timeline: str) -> int:
        """Remove every job of `timeline` (follows, waiting projections); returns how many."""
        ...


class Backend(Protocol):
    """The ports of one timeline, on one set of connections."""

    @property
    def name(self) -> str: ...

    @property
    def where(self) -> str:
        """The store, for messages (a masked URL, a data dir)."""
        ...

    @property
    def store(self) -> EventLog: ...

    @property
    def projection(self) -> ProjectionIndex: ...

    @property
    def jobs(self) -> JobQueue: ...

    @property
    def fetches(self) -> FetchState: ...

    def sibling(self, name: str) -> Backend:
        """Another timeline on the same connections."""
        ...

    def timeline_names(self) -> set[str]: ...

    def read_state(self) -> ReadState:
        """Whether the timeline is listed, its projection's generation and checkpoint,
        the log's version: in one round trip (what a read of the API asks first)."""
        ...

    def drop(self) -> int:
        """Delete this timeline: its log, projection, fetch state and jobs (follows,
        waiting projections). Returns how many keys (or jobs) went."""
        ...
