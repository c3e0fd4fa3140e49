"""The timeline projection: ordered indexes plus one record per event, in Redis.

A projection job reads the log from the projection's checkpoint, turns a batch
of records into writes, and applies them together with the new checkpoint in
one script, guarded by the checkpoint it started from. A worker killed at any
point leaves either the whole batch or none of it, and the next job resumes
from the checkpoint: no gap, no duplicate.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import orjson
import redis
from pydantic import TypeAdapter
from redis.cluster import RedisCluster

from timeline import ordering
from timeline.backend.keys import Keys, ProjectionKeys
from timeline.backend.store import EventStore, LogEntry, to_entries
from timeline.models import (
    ArticleIngested,
    ArticleRetracted,
    ArticleRevised,
    EventRecorded,
    Record,
)
from timeline.temporal.interval import MAX_DAYS

_RECORD: TypeAdapter[ArticleIngested | ArticleRevised | EventRecorded | ArticleRetracted] = (
    TypeAdapter(Record)
)
_ARTICLE: TypeAdapter[ArticleIngested | ArticleRevised] = TypeAdapter(
    ArticleIngested | ArticleRevised
)
# A swapped-out generation lingers this long, so a `show` reading it can finish.
OLD_GENERATION_TTL = 30

# KEYS: generation pointer, checkpoint, then the keys the writes name by index.
# ARGV: expected generation ('' = do not check), expected checkpoint, new checkpoint,
#       then groups of writes: op, key index, count, count x (2 or 1) arguments.
APPLY = """
if ARGV[1] ~= '' and (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end
if (redis.call('GET', KEYS[2]) or '0-0') ~= ARGV[2] then return 0 end
local i = 4
while i <= #ARGV do
  local op, key, n = ARGV[i], KEYS[tonumber(ARGV[i + 1])], tonumber(ARGV[i + 2])
  if op == 'ZADD' or op == 'HSET' then
    redis.call(op, key, unpack(ARGV, i + 3, i + 2 + 2 * n))
    i = i + 3 + 2 * n
  else
    redis.call(op, key, unpack(ARGV, i + 3, i + 2 + n))
    i = i + 3 + n
  end
end
redis.call('SET', KEYS[2], ARGV[3])
return 1
"""

# Swap a rebuilt generation in, only if it has caught up with the log.
SWAP = """
local last = redis.call('XREVRANGE', KEYS[3], '+', '-', 'COUNT', 1)
local last_id = '0-0'
if #last > 0 then last_id = last[1][1] end
if (redis.call('GET', KEYS[2]) or '0-0') ~= last_id then return -1 end
local old = redis.call('GET', KEYS[1]) or '0'
redis.call('SET', KEYS[1], ARGV[1])
return tonumber(old)
"""

# The `data` field of many log records in one call (one command instead of one XRANGE
# each); '' for an id that is not in the log.
READ = """
local out = {}
for i, id in ipairs(ARGV) do
  local found = redis.call('XRANGE', KEYS[1], id, id)
  out[i] = ''
  if #found > 0 then
    local fields = found[1][2]
    for j = 1, #fields, 2 do
      if fields[j] == 'data' then out[i] = fields[j + 1] end
    end
  end
end
return out
"""

# Lua's unpack() takes a few thousand values at most: bound the size of one group.
_GROUP = 1000


@dataclass
class _Writes:
    """Writes for one batch, grouped per command and key so a batch is a few calls.

    Adds commute with adds and removals with removals; a removal after an add of
    the same batch closes the group, so the order that matters is kept.
    """

    keys: list[str]
    groups: list[tuple[str, str, list[str]]] = field(default_factory=list)
    _open: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _adding: bool = True

    def add(self, op: str, key: str, *args: str) -> None:
        adding = op in ("ZADD", "HSET")
        if adding != self._adding:
            self._close()
            self._adding = adding
        self._open.setdefault((op, key), []).extend(args)

    def _close(self) -> None:
        for (op, key), args in self._open.items():
            self.groups.append((op, key, args))
        self._open = {}

    def argv(self) -> tuple[list[str], list[str]]:
        self._close()
        keys = list(self.keys)
        index = {k: i + 1 for i, k in enumerate(keys)}
        argv: list[str] = []
        for op, key, args in self.groups:
            if key not in index:
                keys.append(key)
                index[key] = len(keys)
            width = 2 if op in ("ZADD", "HSET") else 1
            for at in range(0, len(args), _GROUP * width):
                chunk = args[at : at + _GROUP * width]
                argv += [op, str(index[key]), str(len(chunk) // width), *chunk]
        return keys, argv


@dataclass(frozen=True)
class Row:
    """One event of a query result: the event's and its article's stored JSON."""

    event: str
    article: str


class Projection:
    def __init__(self, r: redis.Redis, keys: Keys, store: EventStore, batch_size: int) -> None:
        self.r = r
        self.keys = keys
        self.store = store
        self.batch_size = batch_size
        self._apply = r.register_script(APPLY)
        self._swap = r.register_script(SWAP)
        self._read = r.register_script(READ)
        self._cluster = isinstance(r, RedisCluster)
        self._published: dict[str, dt.date] = {}

    # -- reading state ---------------------------------------------------------
    def generation(self) -> int:
        return int(self.r.get(self.keys.generation) or 0)

    def checkpoint(self, generation: int | None = None) -> str:
        gen = self.generation() if generation is None else generation
        return str(self.r.get(self.keys.projection(gen).checkpoint) or "0-0")

    def head(self) -> tuple[int, str, str]:
        """(live generation, its checkpoint, the log's last id) in two round trips."""
        with self.r.pipeline(transaction=False) as pipe:
            pipe.get(self.keys.generation)
            pipe.xrevrange(self.keys.log, count=1)
            raw_gen, last = pipe.execute()
        gen = int(raw_gen or 0)
        version = str(last[0][0]) if last else "0-0"
        return gen, self.checkpoint(gen), version

    def event_count(self) -> int:
        pk = self.keys.projection(self.generation())
        with self.r.pipeline(transaction=False) as pipe:
            for g in ordering.GRANULARITIES:
                pipe.zcard(pk.order(g))
            return sum(int(n) for n in pipe.execute())

    # -- applying the log --------------------------------------------------------
    def catch_up(self) -> int:
        """Apply every record after the checkpoint. Returns how many were applied."""
        return self._drain(None)

    def _drain(self, fixed: int | None) -> int:
        """Apply batches until the end of the log; returns the records applied.

        `fixed` None follows the live generation (a rebuild may swap it meanwhile);
        a number projects into that generation (a rebuild's new one). Each batch is
        one round trip: its writes go with the read of the next batch, which is used
        only if the writes were applied.
        """
        applied = 0
        batch: tuple[int, str, list[LogEntry]] | None = None
        while True:
            if batch is None:  # (re)start from what the server holds
                gen = self.generation() if fixed is None else fixed
                start = self.checkpoint(gen)
                batch = gen, start, self.store.read(after=start, count=self.batch_size)
            gen, start, entries = batch
            if not entries:
                return applied
            pk = self.keys.projection(gen)
            writes = _Writes(keys=[self.keys.generation, pk.checkpoint])
            self._plan(pk, entries, writes)
            keys, argv = writes.argv()
            end = entries[-1].stream_id
            expected = str(gen) if fixed is None else ""
            args = [expected, start, end, *argv]
            if self._cluster:  # cluster pipelines cannot carry scripts: two round trips
                ok = self._apply(keys=keys, args=args)
                following = self.r.xrange(self.keys.log, min=f"({end}", max="+",
                                          count=self.batch_size)  # fmt: skip
            else:
                with self.r.pipeline(transaction=False) as pipe:
                    self._apply(keys=keys, args=args, client=pipe)
                    pipe.xrange(self.keys.log, min=f"({end}", max="+", count=self.batch_size)
                    ok, following = pipe.execute()
            if ok:
                applied += len(entries)
                batch = gen, end, to_entries(following)
            else:  # another projector moved first, or a rebuild swapped generations
                batch = None

    def _plan(self, pk: ProjectionKeys, entries: list[LogEntry], writes: _Writes) -> None:
        for entry in entries:
            if entry.type == "EventRecorded":
                # The hot path: a plain JSON parse, no model, for a million events.
                event = orjson.loads(entry.data)["event"]
                published = self._published_of(pk, event["article_id"])
                where = ordering.place(event, published, entry.stream_id)
                writes.add("ZADD", pk.order(where.granularity), str(where.score), where.member)
                continue
            record = _RECORD.validate_json(entry.data)
            if isinstance(record, ArticleRevised):
                self._plan_retraction(pk, record.replaces, writes)
            if isinstance(record, ArticleIngested | ArticleRevised):
                self._published[record.article.id] = record.article.published
                writes.add("HSET", pk.articles, record.article.id, entry.data)
            elif isinstance(record, ArticleRetracted):
                self._plan_retraction(pk, record.article_id, writes)

    def _plan_retraction(self, pk: ProjectionKeys, article_id: str, writes: _Writes) -> None:
        """Remove an article's events, found from its records in the log.

        The store appends an article's records together, so its events are the
        records right after its head record. Removing what is not there is a no-op.
        """
        head_id = self.store.head_of(article_id)
        if head_id is None:
            return
        [head_entry] = self.store.read(after=head_id, count=1, inclusive=True)
        head = _ARTICLE.validate_json(head_entry.data)
        published = head.article.published
        for entry in self.store.read(after=head_id, count=len(head.event_ids)):
            event = json.loads(entry.data)["event"]
            where = ordering.place(event, published, entry.stream_id)
            writes.add("ZREM", pk.order(where.granularity), where.member)
        writes.add("HDEL", pk.articles, article_id)

    def _published_of(self, pk: ProjectionKeys, article_id: str) -> dt.date:
        if article_id not in self._published:
            raw = self.r.hget(pk.articles, article_id)
            if raw is None:  # an event before its article: never written by the store
                raise ValueError(f"event of unknown article {article_id} in the log")
            article = json.loads(raw)["article"]
            self._published[article_id] = dt.date.fromisoformat(article["published"])
        return self._published[article_id]

    # -- rebuild -------------------------------------------------------------------
    def rebuild(self) -> tuple[int, int]:
        """Replay the whole log into a fresh generation, then swap it in atomically.

        `show` keeps reading the old generation until the swap. Returns
        (records replayed, new generation).
        """
        gen = int(self.r.incr(self.keys.generation_counter))
        pk = self.keys.projection(gen)
        self.r.delete(*pk.all())
        self._published.clear()
        replayed = 0
        while True:
            replayed += self._drain(gen)
            old = int(
                self._swap(
                    keys=[self.keys.generation, pk.checkpoint, self.keys.log], args=[str(gen)]
                )
            )
            if old >= 0:
                for key in self.keys.projection(old).all():
                    self.r.expire(key, OLD_GENERATION_TTL)
                return replayed, gen

    # -- queries ---------------------------------------------------------------------
    def rows(
        self,
        since: dt.date | None,
        until: dt.date | None,
        *,
        reverse: bool = False,
        granularities: Sequence[str] = ordering.GRANULARITIES,
        chunk: int = 64,
        generation: int | None = None,
    ) -> Iterator[Row]:
        """Events whose interval overlaps [since, until), lazily, in timeline order.

        Each index is read only from `since` minus its length bound, and only as far
        as the caller consumes, so the cost follows the answer, not the timeline.
        The first page of every index comes in one round trip.
        """
        gen = self.generation() if generation is None else generation
        pk = self.keys.projection(gen)
        lo_day = since.toordinal() if since else None
        hi = f"({until.toordinal()}" if until else "+inf"
        ranges = [
            (pk.order(g), f"({lo_day - MAX_DAYS[g]}" if lo_day is not None else "-inf")
            for g in granularities
        ]
        with self.r.pipeline(transaction=False) as pipe:
            for key, lo in ranges:
                self._page(pipe, key, lo, hi, 0, chunk, reverse)
            firsts = pipe.execute()
        streams = [
            self._members(key, lo, hi, lo_day, reverse, chunk, first)
            for (key, lo), first in zip(ranges, firsts, strict=True)
        ]
        articles: dict[str, str] = {}
        for batch in _batched(heapq.merge(*streams, reverse=reverse), chunk):
            ids = [ordering.parse_member(m).stream_id for _, m in batch]
            events = [e for e in _strs(self._read(keys=[self.keys.log], args=ids)) if e]
            article_ids = [json.loads(e)["event"]["article_id"] for e in events]
            missing = sorted(set(article_ids) - set(articles))
            if missing:
                stored = _strs(self.r.hmget(pk.articles, missing))
                articles.update((a, f) for a, f in zip(missing, stored, strict=True) if f)
            for event, article_id in zip(events, article_ids, strict=True):
                if article_id in articles:
                    yield Row(event=event, article=articles[article_id])

    @staticmethod
    def _page(r: Any, key: str, lo: str, hi: str, at: int, chunk: int, reverse: bool) -> Any:
        if reverse:
            return r.zrevrangebyscore(key, hi, lo, start=at, num=chunk, withscores=True)
        return r.zrangebyscore(key, lo, hi, start=at, num=chunk, withscores=True)

    def _members(
        self, key: str, lo: str, hi: str, since: int | None, reverse: bool, chunk: int, first: Any
    ) -> Iterator[tuple[int, str]]:
        """(score, member) of one index in range, ending after `since`, page by page."""
        at, page = 0, first
        while True:
            for member, score in cast(list[tuple[str, float]], page):
                if since is None or ordering.parse_member(member).end > since:
                    yield int(score), member
            if len(page) < chunk:
                return
            at += len(page)
            page = self._page(self.r, key, lo, hi, at, chunk, reverse)

    def span(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day the timeline covers, or None when it is empty."""
        pk = self.keys.projection(self.generation())
        firsts, lasts = [], []
        for g in ordering.GRANULARITIES:
            first = cast(list[tuple[str, float]], self.r.zrange(pk.order(g), 0, 0, withscores=True))
            last = cast(
                list[tuple[str, float]], self.r.zrange(pk.order(g), -1, -1, withscores=True)
            )
            if first:
                firsts.append(int(first[0][1]))
            if last:
                lasts.append(ordering.parse_member(last[0][0]).end)
        if not firsts:
            return None
        return dt.date.fromordinal(min(firsts)), dt.date.fromordinal(max(lasts) - 1)


def _strs(values: Any) -> list[str | None]:
    """redis-py's loosely typed replies, as the strings a decoding client returns."""
    return [None if v is None else str(v) for v in values]


T = TypeVar("T")


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """itertools.batched, which Python 3.11 lacks."""
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch
