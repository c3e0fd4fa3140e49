"""The ProjectionIndex port (`timeline.ports`) on Redis: ordered indexes of the log's events.

One sorted set per granularity, scored by start day; a member is the event's
placement member, its end day and the position of its record in the log
(`lua/project.lua` writes them, `lua/window.lua` reads the end), so rows are read
back from the log and no event is stored twice. Projecting calls `project.lua`
once per batch: it reads the log after the checkpoint and applies what the records
say (placements are in the records), so events never travel to the worker.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import socket
import time
from collections.abc import Iterator, Sequence
from typing import Any, cast

import orjson
import redis

from timeline import defaults, ordering, records
from timeline.backend.connect import translating
from timeline.backend.keys import Keys
from timeline.backend.scripts import register
from timeline.backend.server import pid_alive
from timeline.models import (
    SCHEMA_VERSION,
    STORED_AS_APPLIED,
    AnyRecord,
    ArticleRef,
    EventRecorded,
    TimelineEntry,
)
from timeline.ports import START, Applied, Positioned

# Article heads (and article refs) kept parsed for the next reads: a read of the next
# window mostly meets the articles of the last one again. Keyed by the stored record
# itself, so a kept one is never stale.
RECENT_HEADS = 4096


@functools.lru_cache(maxsize=RECENT_HEADS)
def _head(data: str) -> tuple[str, str | None]:
    """(article id, body) of a stored article head record."""
    head = orjson.loads(data)
    return head["article"]["id"], records.article_body(head.get("text"))


_article_ref = functools.lru_cache(maxsize=RECENT_HEADS)(records.article_ref)


def checkpoint_of(stored: Any) -> str:
    """A generation's checkpoint from its key's value (none yet: the log's start)."""
    return str(stored or START)


def stored_position(member: str) -> str:
    """Where the record of a stored member is in the log (its last field)."""
    return member.rsplit("|", 1)[1]


def stored_end(member: str) -> int:
    """The first day after the event of a stored member (its last field but one)."""
    return int(member.rsplit("|", 2)[1])


@translating
class RedisProjection:
    def __init__(self, r: redis.Redis, keys: Keys, batch_size: int, where: str) -> None:
        self.r = r
        self.keys = keys
        self.batch_size = batch_size
        self.where = where
        self._project = register(r, "project")
        self._swap = register(r, "swap")
        self._window = register(r, "window")

    # -- state -------------------------------------------------------------------------
    def generation(self) -> int:
        return int(self.r.get(self.keys.generation) or 0)

    def checkpoint(self, generation: int | None = None) -> str:
        gen = self.generation() if generation is None else generation
        return checkpoint_of(self.r.get(self.keys.projection(gen).checkpoint))

    def event_count(self) -> int:
        pk = self.keys.projection(self.generation())
        with self.r.pipeline(transaction=False) as pipe:
            for g in ordering.INDEXES:
                pipe.zcard(pk.order(g))
            return sum(int(n) for n in pipe.execute())

    def holds(self, article_id: str) -> bool:
        pk = self.keys.projection(self.generation())
        return bool(self.r.hexists(pk.articles, article_id))

    def sources(self) -> set[str]:
        pk = self.keys.projection(self.generation())
        found = set()
        for _, head in self.r.hscan_iter(pk.articles, count=1000):
            source = records.article_ref(head).source
            if source:
                found.add(source)
        return found

    # -- applying the log --------------------------------------------------------------
    def apply_next(self, generation: int, *, live: bool = True) -> Applied:
        return self._call(generation, live, ["log"])

    def apply_records(
        self, generation: int, after: str, given: Sequence[Positioned], *, live: bool = True
    ) -> Applied:
        args = [after]
        for p in given:
            args += [p.at, p.record.type, _given(p.record)]
        return self._call(generation, live, args)

    def _call(self, generation: int, live: bool, source: list[str]) -> Applied:
        pk = self.keys.projection(generation)
        keys = [self.keys.generation, pk.checkpoint, self.keys.log, pk.articles,
                *(pk.order(g) for g in ordering.INDEXES)]  # fmt: skip
        schemas = f"{STORED_AS_APPLIED[0]}-{SCHEMA_VERSION}"  # what the script applies as stored
        args = [str(generation) if live else "", schemas, str(self.batch_size),
                str(len(ordering.INDEXES)), *ordering.INDEXES, *source]  # fmt: skip
        count, status = self._project(keys=keys, args=args)
        if not live:  # a rebuild: it is alive (`orphans`)
            self.r.hset(self.keys.rebuilds, str(generation), _owner())
        return Applied(int(count), cast(Any, str(status)))

    # -- rebuild -----------------------------------------------------------------------
    def new_generation(self) -> int:
        self.remove_orphans()
        gen = int(self.r.incr(self.keys.generation_counter))
        self.r.delete(*self.keys.projection(gen).all())
        self.r.hset(self.keys.rebuilds, str(gen), _owner())
        return gen

    def _orphans(self) -> list[int]:
        """Generations whose rebuild died before it swapped them in (reads only)."""
        building = cast(dict[str, str], self.r.hgetall(self.keys.rebuilds))
        live = self.generation()
        return sorted(
            int(gen)
            for gen, owner in building.items()
            if gen.isdigit() and (int(gen) == live or not _owner_alive(owner))
        )

    def orphans(self) -> int:
        return sum(1 for gen in self._orphans() if gen != self.generation())

    def remove_orphans(self) -> int:
        """Delete the keys of every orphan generation; returns how many there were."""
        removed = 0
        for gen in self._orphans():
            if gen != self.generation():
                self.r.delete(*self.keys.projection(gen).all())
                removed += 1
            self.r.hdel(self.keys.rebuilds, str(gen))
        return removed

    def swap(self, generation: int) -> int | None:
        pk = self.keys.projection(generation)
        old = int(
            self._swap(
                keys=[self.keys.generation, pk.checkpoint, self.keys.log], args=[str(generation)]
            )
        )
        if old < 0:
            return None
        self.r.hdel(self.keys.rebuilds, str(generation))
        return old

    def retire(self, generation: int) -> None:
        for key in self.keys.projection(generation).all():
            self.r.expire(key, defaults.OLD_GENERATION_TTL)

    # -- queries -----------------------------------------------------------------------
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
        """Events of `indexes` that may overlap [since, until), lazily, in timeline order.

        Each index is read only in its range (`ordering.read_range`), and only as far
        as the caller consumes: `window.lua` merges the indexes on the server and
        returns `chunk` events at a time with their records, one round trip each, so
        the cost follows the answer, not the timeline.
        """
        chunk = chunk or defaults.QUERY_CHUNK
        pk = self.keys.projection(self.generation() if generation is None else generation)
        keys = [self.keys.log, pk.articles]
        bounds: list[str] = []
        for index in indexes:
            lo, hi = ordering.read_range(index, since, until)
            keys.append(pk.order(index))
            bounds += ["-inf" if lo is None else f"({lo}", "+inf" if hi is None else f"({hi}"]
        head = ["" if since is None else str(since.toordinal()), str(chunk),
                "1" if reverse else "", str(defaults.PAGE_BUDGET)]  # fmt: skip
        offsets = [0] * len(indexes)
        # Each article's record is parsed once per query, not once per event.
        articles: dict[str, ArticleRef] = {}
        while any(at >= 0 for at in offsets):
            args = list(head)
            for k, at in enumerate(offsets):
                args += [bounds[2 * k], bounds[2 * k + 1], str(at)]
            offsets_, members, stored_events, flat_heads, held = self._window(keys=keys, args=args)
            offsets = [int(at) for at in offsets_]
            ids = [stored_position(str(m)) for m in members[::2]]
            heads = _heads(flat_heads)
            events = [
                _event(orjson.loads(e), at, heads)
                for at, e in zip(ids, _strs(stored_events), strict=True)
                if e
            ]
            # The articles window.lua found ('' : not held), then those it could not name.
            asked = {str(a): str(f) for a, f in zip(held[::2], held[1::2], strict=True)}
            articles.update(
                (a, _article_ref(f)) for a, f in asked.items() if f and a not in articles
            )
            missing = sorted({e["article_id"] for e in events} - set(articles) - set(asked))
            if missing:
                stored = _strs(self.r.hmget(pk.articles, missing))
                articles.update(
                    (a, _article_ref(f)) for a, f in zip(missing, stored, strict=True) if f
                )
            for event in events:
                article = articles.get(event["article_id"])
                if article is not None:
                    yield records.entry(event, article)

    def bounded_count(self, since: dt.date | None, until: dt.date | None) -> int:
        """An upper bound: events of the bounded indexes in their read range (a "before"
        event that also starts after `until` is counted)."""
        pk = self.keys.projection(self.generation())
        with self.r.pipeline(transaction=False) as pipe:
            for index in ordering.BOUNDED:
                lo, hi = ordering.read_range(index, since, until)
                pipe.zcount(pk.order(index), "-inf" if lo is None else f"({lo}",
                            "+inf" if hi is None else f"({hi}")  # fmt: skip
            return sum(int(n) for n in pipe.execute())

    def span(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day the timeline covers, or None when it is empty."""
        pk = self.keys.projection(self.generation())
        firsts, lasts = [], []
        for g in ordering.GRANULARITIES:  # the days the timeline states (not its bounds)
            first = cast(list[tuple[str, float]], self.r.zrange(pk.order(g), 0, 0, withscores=True))
            last = cast(
                list[tuple[str, float]], self.r.zrange(pk.order(g), -1, -1, withscores=True)
            )
            if first:
                firsts.append(int(first[0][1]))
            if last:
                lasts.append(stored_end(last[0][0]))
        if not firsts:
            return None
        return dt.date.fromordinal(min(firsts)), dt.date.fromordinal(max(lasts) - 1)


def _owner() -> str:
    """Who fills a generation: "host pid time"."""
    return f"{socket.gethostname()} {os.getpid()} {int(time.time())}"


def _owner_alive(owner: str) -> bool:
    """Whether the rebuild an `_owner()` names may still run."""
    host, _, rest = owner.partition(" ")
    pid, _, at = rest.partition(" ")
    if host == socket.gethostname() and pid.isdigit():
        return pid_alive(int(pid))
    return at.isdigit() and time.time() - int(at) < defaults.REBUILD_LEASE


def _given(record: AnyRecord) -> str:
    """A record brought to today's schema, as project.lua takes it: an event as its
    placement alone (rows are read from the log, which keeps its old record)."""
    if isinstance(record, EventRecorded):
        assert record.placement is not None
        return orjson.dumps(
            {"schema_version": record.schema_version, "placement": record.placement.model_dump()}
        ).decode()
    return record.model_dump_json()


def _heads(flat: Sequence[Any]) -> dict[str, tuple[str, str | None]]:
    """Position -> (article id, body) of the (position, article id, data) triples
    window.lua returns."""
    return {str(at): _head(str(data)) for at, data in zip(flat[::3], flat[2::3], strict=True)
            if data}  # fmt: skip


def _event(stored: Any, at: str, heads: dict[str, tuple[str, str | None]]) -> dict[str, Any]:
    """An event's fields from its stored record: from schema 3 on, with its article's head
    (n positions before it, as append.lua keeps an article's records)."""
    if not isinstance(stored, list):
        return cast(dict[str, Any], stored["event"])
    ms, _, seq = at.partition("-")
    article_id, body = heads[f"{ms}-{int(seq) - int(stored[1])}"]
    return records.event_fields(stored, article_id, body)[0]


def _strs(values: Any) -> list[str | None]:
    """redis-py's loosely typed replies, as the strings a decoding client returns."""
    return [None if v is None else str(v) for v in values]
