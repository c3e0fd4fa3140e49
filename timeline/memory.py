"""In-memory adapters of the ports (`timeline.ports`), for the application's own tests.

They live in the package, not in tests/, so that `mypy --strict` holds them to the
ports like the Redis adapters, and so that a program built on timeline can test
itself without a server (`Timeline.in_memory()`). Nothing survives the process.
`tests/contract.py` runs the same suite against these and the Redis adapters; any
test that claims to test the store, the projection or the workers runs on Redis.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import orjson

from timeline import ordering, records
from timeline.errors import ConcurrencyError
from timeline.models import (
    STORED_AS_APPLIED,
    AnyRecord,
    ArticleIngested,
    ArticleRetracted,
    ArticleRevised,
    EventRecorded,
    Removal,
    TimelineEntry,
)
from timeline.ports import (
    START,
    AppendResult,
    Applied,
    Follow,
    JobState,
    LogEntry,
    Positioned,
    QueueStats,
    ReadState,
    check_name,
    position_key,
)
from timeline.records import encode

# (score, member, end, position): ordered by score, then member, as a sorted set is.
_Item = tuple[int, str, int, str]


@dataclass
class _Generation:
    checkpoint: str = START
    articles: dict[str, str] = field(default_factory=dict)  # article id -> head record JSON
    indexes: dict[str, list[_Item]] = field(
        default_factory=lambda: {g: [] for g in ordering.INDEXES}
    )


@dataclass
class _Timeline:
    log: list[LogEntry] = field(default_factory=list)
    article_ids: dict[str, str] = field(default_factory=dict)  # id -> its first record
    identities: dict[str, str] = field(default_factory=dict)
    withdrawn: dict[str, str] = field(default_factory=dict)  # id -> what took it off
    fetched: dict[str, dict[str, str]] = field(default_factory=dict)  # URL -> validators
    live: int = 0
    counter: int = 0
    generations: dict[int, _Generation] = field(default_factory=lambda: {0: _Generation()})


@dataclass
class MemoryServer:
    """What a server holds: every timeline's log and projection, and the job queue."""

    timelines: dict[str, _Timeline] = field(default_factory=dict)
    queued: list[str] = field(default_factory=list)  # timelines with a projection job waiting
    # Extraction jobs queued (timeline, batch): none runs here, a test may run them.
    extractions: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    workers: int = 0  # how many workers a test says are alive (none run here)
    follows: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)

    def timeline(self, name: str) -> _Timeline:
        return self.timelines.setdefault(check_name(name), _Timeline())


class MemoryEventLog:
    def __init__(self, data: _Timeline) -> None:
        self.data = data

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
        d = self.data
        if head is None:
            if article_id in d.article_ids:
                return AppendResult("duplicate", d.article_ids[article_id])
        elif d.article_ids.get(article_id) != head or d.withdrawn.get(article_id) != withdrawn:
            raise ConcurrencyError(
                "Another writer changed the article while appending; try again."
            )
        if expected_version is not None and expected_version != self.version():
            raise ConcurrencyError(
                "Another writer changed the timeline while appending; try again."
            )
        if identity is not None and d.identities.get(identity) != previous:
            raise ConcurrencyError(
                "Another writer changed the timeline while appending; try again."
            )
        # Serialized before anything is written: all or nothing, as the Redis script.
        rows = list(encode(records))
        first = len(d.log) + 1
        d.log += [LogEntry(f"{first + i}-0", t, data) for i, (t, data) in enumerate(rows)]
        d.article_ids[article_id] = f"{first}-0"
        d.withdrawn.pop(article_id, None)
        if takes_off is not None:
            d.withdrawn[takes_off] = f"{first}-0"
        if identity is not None:
            d.identities[identity] = article_id
        if drops_identity is not None and d.identities.get(drops_identity) == article_id:
            del d.identities[drops_identity]
        return AppendResult("appended", f"{first}-0")

    def confirm(self) -> None:
        return None  # in memory: nothing to wait for

    def append_for_article(self, article_id: str, record: AnyRecord) -> AppendResult:
        if article_id not in self.data.article_ids:
            return AppendResult("unknown", "")
        at = f"{len(self.data.log) + 1}-0"
        [(kind, data)] = encode([record])
        self.data.log.append(LogEntry(at, kind, data))
        if isinstance(record, ArticleRetracted):
            self.data.withdrawn[article_id] = at
        return AppendResult("appended", at)

    def current_for(self, identity: str) -> str | None:
        return self.data.identities.get(identity)

    def withdrawn(self, article_id: str) -> str | None:
        return self.data.withdrawn.get(article_id)

    def known(self, article_id: str) -> bool:
        return article_id in self.data.article_ids

    def article_ids(self) -> list[str]:
        return list(self.data.article_ids)

    def article_count(self) -> int:
        return len(self.data.article_ids)

    def version(self) -> str:
        return self.data.log[-1].stream_id if self.data.log else START

    def length(self) -> int:
        return len(self.data.log)

    def read(self, after: str = START, count: int = 1000) -> list[LogEntry]:
        start = position_key(after)[0]  # position n is log[n - 1]
        return self.data.log[start : start + count]

    def tail(self, count: int) -> list[LogEntry]:
        return self.data.log[-count:]

    def head(self, article_id: str) -> LogEntry | None:
        at = self.data.article_ids.get(article_id)
        return None if at is None else self.data.log[position_key(at)[0] - 1]

    def durability(self) -> str:
        return "in memory: nothing survives the process"


class MemoryProjection:
    def __init__(self, data: _Timeline, batch_size: int) -> None:
        self.data = data
        self.batch_size = batch_size

    def generation(self) -> int:
        return self.data.live

    def checkpoint(self, generation: int | None = None) -> str:
        gen = self.data.generations.get(self.data.live if generation is None else generation)
        return gen.checkpoint if gen else START

    def event_count(self) -> int:
        return sum(len(i) for i in self._live().indexes.values())

    def holds(self, article_id: str) -> bool:
        return article_id in self._live().articles

    def sources(self) -> set[str]:
        refs = (records.article_ref(h) for h in self._live().articles.values())
        return {r.source for r in refs if r.source}

    def apply_next(self, generation: int, *, live: bool = True) -> Applied:
        if live and generation != self.data.live:
            return Applied(0, "stale")
        gen = self._generation(generation)
        rows = MemoryEventLog(self.data).read(gen.checkpoint, self.batch_size)
        given = []
        for row in rows:
            if not records.current(row):
                break
            given.append(Positioned(row.stream_id, records.parse(row, self._head(row))))
        self._apply(gen, given)
        if len(given) < len(rows):
            return Applied(len(given), "upcast")
        return Applied(len(given), "more" if len(rows) == self.batch_size else "end")

    def apply_records(
        self, generation: int, after: str, given: Sequence[Positioned], *, live: bool = True
    ) -> Applied:
        if live and generation != self.data.live:
            return Applied(0, "stale")
        gen = self._generation(generation)
        if gen.checkpoint != after:
            return Applied(0, "moved")
        self._apply(gen, given)
        return Applied(len(given), "more")

    def _apply(self, gen: _Generation, given: Sequence[Positioned]) -> None:
        if any(p.record.schema_version not in STORED_AS_APPLIED for p in given):
            raise ValueError(f"a record given to apply is not of schema {STORED_AS_APPLIED}")
        for p in given:
            r = p.record
            if isinstance(r, EventRecorded):
                assert r.placement is not None
                pl = r.placement
                bisect.insort(gen.indexes[pl.index], (pl.score, pl.member, pl.end, p.at))
            elif isinstance(r, ArticleIngested | ArticleRevised):
                if isinstance(r, ArticleRevised):
                    _remove(gen, r.removes)
                    gen.articles.pop(r.replaces, None)
                # As the Redis projection keeps it: the text stays in the log only.
                kept = {"article": r.article.model_dump(mode="json")}
                head = r.model_dump_json() if r.text is None else orjson.dumps(kept).decode()
                gen.articles[r.article.id] = head
            elif isinstance(r, ArticleRetracted):
                _remove(gen, r.removes)
                gen.articles.pop(r.article_id, None)
        if given:
            gen.checkpoint = given[-1].at

    def new_generation(self) -> int:
        # In one process a rebuild that is not running has died: its generation goes.
        for gen in [g for g in self.data.generations if g != self.data.live]:
            del self.data.generations[gen]
        self.data.counter += 1
        self.data.generations[self.data.counter] = _Generation()
        return self.data.counter

    def swap(self, generation: int) -> int | None:
        if self._generation(generation).checkpoint != MemoryEventLog(self.data).version():
            return None
        old, self.data.live = self.data.live, generation
        return old

    def retire(self, generation: int) -> None:
        if generation != self.data.live:
            self.data.generations.pop(generation, None)

    def orphans(self) -> int:
        return len(self.data.generations) - 1

    def entries(
        self,
        since: dt.date | None,
        until: dt.date | None,
        *,
        indexes: Sequence[str] = ordering.GRANULARITIES,
        reverse: bool = False,
        generation: int | None = None,
        chunk: int | None = None,
    ) -> Iterator[TimelineEntry]:
        del chunk  # no round trips here
        gen = self._live() if generation is None else self._generation(generation)
        streams = [self._wanted(gen, index, since, until) for index in indexes]
        if reverse:
            streams = [s[::-1] for s in streams]
        for _, _, _, at in heapq.merge(*streams, reverse=reverse):
            row = self.data.log[position_key(at)[0] - 1]
            stored = orjson.loads(row.data)
            if isinstance(stored, list):  # schema 3 on: read with its head
                head_entry = self._head(row)
                assert head_entry is not None
                head_data = orjson.loads(head_entry.data)
                body = records.article_body(head_data.get("text"))
                event = records.event_fields(stored, head_data["article"]["id"], body)[0]
            else:
                event = stored["event"]
            head = gen.articles.get(event["article_id"])
            if head is not None:
                yield records.entry(event, records.article_ref(head))

    def _head(self, row: LogEntry) -> LogEntry | None:
        """The head of a stored event's article: n positions before it (None for a
        record that is no event of schema 3)."""
        n = records.head_distance(row.data)
        return None if n is None else self.data.log[position_key(row.stream_id)[0] - 1 - n]

    def bounded_count(self, since: dt.date | None, until: dt.date | None) -> int:
        gen = self._live()
        return sum(len(self._wanted(gen, index, since, until)) for index in ordering.BOUNDED)

    @staticmethod
    def _wanted(
        gen: _Generation, index: str, since: dt.date | None, until: dt.date | None
    ) -> list[_Item]:
        # As the Redis index is read: in its score range, ending after `since`.
        floor, ceiling = ordering.read_range(index, since, until)
        day = since.toordinal() if since else None
        return [
            item for item in gen.indexes[index]
            if (ceiling is None or item[0] < ceiling) and (day is None or item[2] > day)
            and (floor is None or item[0] > floor)
        ]  # fmt: skip

    def span(self) -> tuple[dt.date, dt.date] | None:
        gen = self._live()
        items = [item for g in ordering.GRANULARITIES for item in gen.indexes[g]]
        if not items:
            return None
        first, last = min(i[0] for i in items), max(i[2] for i in items)
        return dt.date.fromordinal(first), dt.date.fromordinal(last - 1)

    def _live(self) -> _Generation:
        return self._generation(self.data.live)

    def _generation(self, generation: int) -> _Generation:
        return self.data.generations.setdefault(generation, _Generation())


def _remove(gen: _Generation, removes: list[Removal] | None) -> None:
    if removes is None:
        raise ValueError("a record of this schema lists no removals")
    for r in removes:
        pl = r.placement
        item = (pl.score, pl.member, pl.end, r.at)
        index = gen.indexes[pl.index]
        at = bisect.bisect_left(index, item)
        if at < len(index) and index[at] == item:
            del index[at]


class MemoryFetchState:
    def __init__(self, data: _Timeline) -> None:
        self.data = data

    def validators(self, url: str) -> dict[str, str]:
        return dict(self.data.fetched.get(url, {}))

    def remember(self, url: str, validators: dict[str, str]) -> None:
        if validators:
            self.data.fetched[url] = dict(validators)
        else:
            self.data.fetched.pop(url, None)


class MemoryJobQueue:
    """Jobs in memory: none runs here (a test may run them)."""

    def __init__(self, server: MemoryServer) -> None:
        self.server = server

    def follow(self, timeline: str, feed: str, every: int) -> Follow:
        job_id = f"follow-{len(self.server.follows) + 1}"
        self.server.follows.setdefault(timeline, {})[feed] = (job_id, every)
        return Follow(feed, every, job_id, "queued")

    def follows(self, timeline: str) -> list[Follow]:
        found = self.server.follows.get(timeline, {})
        return [Follow(f, every, i, "queued") for f, (i, every) in sorted(found.items())]

    def following(self, timeline: str, feed: str) -> str | None:
        found = self.server.follows.get(timeline, {}).get(feed)
        return None if found is None else found[0]

    def unfollow(self, timeline: str, feed: str) -> bool:
        return self.server.follows.get(timeline, {}).pop(feed, None) is not None

    def end_repeats(self) -> None:
        """No job repeats here."""

    def drop(self, timeline: str) -> int:
        dropped = len(self.server.follows.pop(timeline, {}))
        if timeline in self.server.queued:
            self.server.queued.remove(timeline)
            dropped += 1
        return dropped

    def request_projection(self, timeline: str) -> bool:
        if timeline in self.server.queued:
            return False
        self.server.queued.append(timeline)
        return True

    def check(self) -> None:
        """Memory is always reachable."""

    def job_started(self, timeline: str) -> None:
        if timeline in self.server.queued:
            self.server.queued.remove(timeline)

    def live_workers(self) -> int:
        return self.server.workers

    def enqueue_extraction(self, timeline: str, batch: dict[str, object]) -> str:
        self.server.extractions.append((timeline, batch))
        return str(len(self.server.extractions))

    def job_states(self, job_ids: Sequence[str]) -> list[JobState]:
        return [JobState("waiting") for _ in job_ids]

    def stats(self) -> QueueStats:
        return QueueStats(
            queue="memory", queued_jobs=len(self.server.queued), started_jobs=0,
            abandoned_jobs=0, retrying_jobs=0, failed_jobs=0, workers=self.server.workers,
        )  # fmt: skip


@dataclass
class MemoryBackend:
    """The ports of one timeline in memory."""

    name: str
    server: MemoryServer = field(default_factory=MemoryServer)
    batch_size: int = 2000

    def __post_init__(self) -> None:
        data = self.server.timeline(self.name)
        self._store = MemoryEventLog(data)
        self._projection = MemoryProjection(data, self.batch_size)
        self._jobs = MemoryJobQueue(self.server)
        self._fetches = MemoryFetchState(data)

    @property
    def where(self) -> str:
        return "memory"

    @property
    def store(self) -> MemoryEventLog:
        return self._store

    @property
    def projection(self) -> MemoryProjection:
        return self._projection

    @property
    def jobs(self) -> MemoryJobQueue:
        return self._jobs

    @property
    def fetches(self) -> MemoryFetchState:
        return self._fetches

    def sibling(self, name: str) -> MemoryBackend:
        return MemoryBackend(name, self.server, self.batch_size)

    def timeline_names(self) -> set[str]:
        return {name for name, t in self.server.timelines.items() if t.log}

    def read_state(self) -> ReadState:
        projection = self._projection
        return ReadState(
            self.name in self.timeline_names(), projection.generation(),
            projection.checkpoint(), self._store.version(),
        )  # fmt: skip

    def drop(self) -> int:
        dropped = self._jobs.drop(self.name) + len(self.server.timelines[self.name].log)
        self.server.timelines[self.name] = _Timeline()
        self.__post_init__()
        return dropped
