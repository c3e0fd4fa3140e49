"""The timeline projection: ordered indexes of the log's events, in Redis.

A projection job calls one script per batch: it reads the log after the
projection's checkpoint, places each event (`timeline.ordering.place`, which
the script implements), and writes the batch with the new checkpoint. The
events never travel to the worker, and a script runs whole or not at all, so a
worker killed at any point leaves the whole batch or none of it, and two
projectors can never apply one batch twice: no gap, no duplicate.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import redis

from timeline import ordering
from timeline.backend.keys import Keys
from timeline.temporal.interval import MAX_DAYS

# A swapped-out generation lingers this long, so a `show` reading it can finish.
OLD_GENERATION_TTL = 30

# One batch of the log applied to a generation of the projection.
PROJECT = """
-- KEYS: generation pointer, checkpoint, log, article ids (store), articles (projection),
--       then the order indexes from the shortest granularity to the longest.
-- ARGV: expected generation ('' = do not check), batch size, then each index's
--       length bound in days (ordering.MAX_DAYS), in the order of the KEYS.
-- Returns the number of records applied: 0 at the end of the log, -1 when the live
-- generation is not the expected one (a rebuild swapped it).
if ARGV[1] ~= '' and (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return -1 end
local after = redis.call('GET', KEYS[2]) or '0-0'
local rows = redis.call('XRANGE', KEYS[3], '(' .. after, '+', 'COUNT', ARGV[2])
if #rows == 0 then return 0 end

local bounds = {}
for i = 3, #ARGV do bounds[#bounds + 1] = tonumber(ARGV[i]) end

local function field(fields, name)
  for j = 1, #fields, 2 do
    if fields[j] == name then return fields[j + 1] end
  end
end

-- Python's date.toordinal() of 'YYYY-MM-DD' (days from civil, shifted to 0001-01-01 = 1),
-- and the same zero-padded to 7 digits; remembered, as a batch's events share few days.
local ordinals, padded = {}, {}
local function ordinal(s)
  local known = ordinals[s]
  if known then return known end
  local y, m, d = tonumber(string.sub(s, 1, 4)), tonumber(string.sub(s, 6, 7)),
                  tonumber(string.sub(s, 9, 10))
  if m <= 2 then y = y - 1 end
  local era = math.floor(y / 400)
  local yoe = y - era * 400
  local doy = math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1
  local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
  known = era * 146097 + doe - 305
  ordinals[s], padded[s] = known, string.format('%07d', known)
  return known
end

-- timeline.ordering.place: the index, score and member of an event.
local function place(e, published, stream_id)
  local start, stop = ordinal(e.start), ordinal(e['end'])
  local index = #bounds
  for i = 1, #bounds do
    if stop - start <= bounds[i] then index = i; break end
  end
  local rank = 1
  local v = e.value
  if e.anchor == 'publication' then
    rank = 2
  elseif #v >= 10 and string.find(v, '^%d%d%d%d%-..%-') then
    rank = 0
  end
  local member = rank .. published .. '|' .. e.id .. '|' .. padded[e['end']] .. '|' .. stream_id
  return index, start, member
end

-- Writes are planned first and made last: a script's writes are not rolled back
-- when it fails half way, and a batch must be applied whole or not at all.
local ops, adds, published = {}, {}, {}
local function flush_adds()
  for key, args in pairs(adds) do ops[#ops + 1] = {'ZADD', key, args} end
  adds = {}
end
local function published_of(article_id)
  if not published[article_id] then
    local raw = redis.call('HGET', KEYS[5], article_id)
    if not raw then return nil end
    published[article_id] = cjson.decode(raw).article.published
  end
  return published[article_id]
end
-- An article's events are the records right after its head record in the log.
local function retract(article_id)
  local head_id = redis.call('HGET', KEYS[4], article_id)
  if not head_id then return end
  local head = cjson.decode(field(redis.call('XRANGE', KEYS[3], head_id, head_id)[1][2], 'data'))
  local removals = {}
  local events = {}  -- (COUNT 0 would answer nil, not an empty list)
  if #head.event_ids > 0 then
    events = redis.call('XRANGE', KEYS[3], '(' .. head_id, '+', 'COUNT', #head.event_ids)
  end
  for _, row in ipairs(events) do
    local e = cjson.decode(field(row[2], 'data')).event
    local index, _, member = place(e, head.article.published, row[1])
    local key = KEYS[5 + index]
    removals[key] = removals[key] or {}
    table.insert(removals[key], member)
  end
  flush_adds()
  for key, members in pairs(removals) do ops[#ops + 1] = {'ZREM', key, members} end
  ops[#ops + 1] = {'HDEL', KEYS[5], {article_id}}
end

for _, row in ipairs(rows) do
  local kind, data = field(row[2], 'type'), field(row[2], 'data')
  local record = cjson.decode(data)
  if kind == 'EventRecorded' then
    local e = record.event
    local p = published_of(e.article_id)
    if not p then return redis.error_reply('event of unknown article ' .. e.article_id) end
    local index, score, member = place(e, p, row[1])
    local key = KEYS[5 + index]
    adds[key] = adds[key] or {}
    local a = adds[key]
    a[#a + 1] = score
    a[#a + 1] = member
  elseif kind == 'ArticleIngested' or kind == 'ArticleRevised' then
    if kind == 'ArticleRevised' then retract(record.replaces) end
    published[record.article.id] = record.article.published
    flush_adds()
    ops[#ops + 1] = {'HSET', KEYS[5], {record.article.id, data}}
  elseif kind == 'ArticleRetracted' then
    retract(record.article_id)
  end
end
flush_adds()

for _, op in ipairs(ops) do
  local args = op[3]
  for at = 1, #args, 2000 do  -- unpack() takes a few thousand values at most
    redis.call(op[1], op[2], unpack(args, at, math.min(at + 1999, #args)))
  end
end
redis.call('SET', KEYS[2], rows[#rows][1])
return #rows
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

# The next page of several indexes in one call: members in score range, read from an
# offset on, keeping only events that end after a day (an index is read from `since`
# minus its length bound, and most of what lies before `since` has ended by then).
# KEYS: indexes. ARGV: since (an ordinal, '' = keep all), hi, page size, '1' to read
# backwards, how many members one call may read (it blocks the server meanwhile), then
# per index its lo and offset.
# Returns per index {offset to go on from (-1: no more), member, score, member, ...}.
PAGE_BUDGET = 20_000
PAGES = """
local since, hi, size, reverse = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), ARGV[4] == '1'
local budget = tonumber(ARGV[5])
local out = {}
for k = 1, #KEYS do
  local lo, at = ARGV[4 + 2 * k], tonumber(ARGV[5 + 2 * k])
  local page, n = {0}, 0
  while true do
    local got
    if reverse then
      got = redis.call('ZREVRANGEBYSCORE', KEYS[k], hi, lo, 'WITHSCORES', 'LIMIT', at, size)
    else
      got = redis.call('ZRANGEBYSCORE', KEYS[k], lo, hi, 'WITHSCORES', 'LIMIT', at, size)
    end
    local i = 1
    while i <= #got and n < size do
      -- A member is rank+published|event id|end|stream id: the end follows the 2nd '|'.
      local bar = since and string.find(got[i], '|', 13, true)
      if not since or tonumber(string.sub(got[i], bar + 1, bar + 7)) > since then
        page[#page + 1] = got[i]
        page[#page + 1] = got[i + 1]
        n = n + 1
      end
      i = i + 2
    end
    local taken = (i - 1) / 2
    at, budget = at + taken, budget - taken
    if n == size then break end
    if #got < 2 * size then at = -1; break end  -- the index holds no more in range
    if budget <= 0 then break end  -- the caller asks again from `at`
  end
  page[1] = at
  out[k] = page
end
return out
"""


@dataclass(frozen=True)
class Row:
    """One event of a query result: the event's and its article's stored JSON."""

    event: str
    article: str


class Projection:
    def __init__(self, r: redis.Redis, keys: Keys, batch_size: int) -> None:
        self.r = r
        self.keys = keys
        self.batch_size = batch_size
        self._project = r.register_script(PROJECT)
        self._swap = r.register_script(SWAP)
        self._read = r.register_script(READ)
        self._pages = r.register_script(PAGES)
        self._bounds = [str(MAX_DAYS[g]) for g in ordering.GRANULARITIES]

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
        a number projects into that generation (a rebuild's new one).
        """
        applied = 0
        while True:
            gen = self.generation() if fixed is None else fixed
            while (n := self.apply_batch(gen, live=fixed is None)) > 0:
                applied += n
            if n == 0:
                return applied
            # -1: a rebuild swapped the live generation meanwhile; follow it.

    def apply_batch(self, generation: int, *, live: bool = True) -> int:
        """Apply the next batch of the log to `generation`, in one script call.

        Returns the records applied: 0 at the end of the log, and -1 (nothing
        written) when `live` and `generation` is no longer the live one.
        """
        pk = self.keys.projection(generation)
        keys = [self.keys.generation, pk.checkpoint, self.keys.log, self.keys.article_ids,
                pk.articles, *(pk.order(g) for g in ordering.GRANULARITIES)]  # fmt: skip
        args = [str(generation) if live else "", str(self.batch_size), *self._bounds]
        return int(self._project(keys=keys, args=args))

    # -- rebuild -------------------------------------------------------------------
    def rebuild(self) -> tuple[int, int]:
        """Replay the whole log into a fresh generation, then swap it in atomically.

        `show` keeps reading the old generation until the swap. Returns
        (records replayed, new generation).
        """
        gen = int(self.r.incr(self.keys.generation_counter))
        pk = self.keys.projection(gen)
        self.r.delete(*pk.all())
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
        firsts = self._page(ranges, [0] * len(ranges), lo_day, hi, chunk, reverse)
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

    def _page(
        self,
        ranges: Sequence[tuple[str, str]],
        offsets: Sequence[int],
        since: int | None,
        hi: str,
        chunk: int,
        reverse: bool,
    ) -> list[tuple[int, list[tuple[int, str]]]]:
        """The next page of each (index, lo) from its offset: (offset to go on from, or
        -1 at the end; [(score, member)] of events ending after `since`)."""
        args = ["" if since is None else str(since), hi, str(chunk), "1" if reverse else "",
                str(PAGE_BUDGET)]  # fmt: skip
        for (_, lo), at in zip(ranges, offsets, strict=True):
            args += [lo, str(at)]
        replies = self._pages(keys=[key for key, _ in ranges], args=args)
        pages = []
        for at, *flat in replies:
            pairs = zip(flat[1::2], flat[::2], strict=True)
            pages.append((int(at), [(int(float(score)), str(m)) for score, m in pairs]))
        return pages

    def _members(
        self,
        key: str,
        lo: str,
        hi: str,
        since: int | None,
        reverse: bool,
        chunk: int,
        first: tuple[int, list[tuple[int, str]]],
    ) -> Iterator[tuple[int, str]]:
        """(score, member) of one index in range, ending after `since`, page by page."""
        at, page = first
        while True:
            yield from page
            if at < 0:
                return
            [(at, page)] = self._page([(key, lo)], [at], since, hi, chunk, reverse)

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
