-- window.lua: the next events of a window read, in timeline order, with their records.
--
-- The order indexes are merged here, so that a page reads from each index only what it
-- takes, and the records of the events taken come in the same call. Each index is read
-- in its own score range (timeline.ordering.read_range), a few members at a time (more
-- as it keeps supplying the page), keeping only events that end after `since`; an event
-- that starts on or after `since` always does. A member is `<member>|<end>|<position>`
-- (project.lua); timeline order is (score, member), members compared byte by byte.
--
-- KEYS[1] the log (a stream)   KEYS[2] a generation's articles (hash)   KEYS[3..] the
-- indexes
-- ARGV[1] since (a day ordinal, '' = keep all)   ARGV[2] how many events to take
-- ARGV[3] '1' to read backwards   ARGV[4] how many index members one call may read (it
-- blocks the server meanwhile)   then per index its lowest and highest score ('(N',
-- '-inf', '+inf') and its offset (-1: nothing more to read).
-- Returns {offsets, members, datas, heads, articles}: per index the offset to go on from
-- (-1: no more); member, score, member, score, ... of the events taken, in order; one
-- `data` field per event taken ('' for a position not in the log); the heads of the
-- events of schema 3 or later among them as (position, article id, data) triples, each
-- once (an event record is an array [schema, n, ...]: its head is n positions before
-- it, as append.lua keeps an article's records), the id taken from a head that starts as
-- this program writes one ({"type":..,"schema_version":..,"article":{"id":"<hex>") or
-- ''; and (article id, value) pairs of those articles as KEYS[2] holds them ('' when it
-- holds none).
-- Guarantees: reads only; a call that runs out of its budget returns the events it could
-- order so far (maybe none), and the caller asks again from the offsets; every call reads
-- each index at least once, so calls always get on.

local since, want, reverse = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3] == '1'
local budget = tonumber(ARGV[4])
local FIRST_READ = 8  -- members read from an index at first; doubled at each refill

local function before(a, sa, b, sb)
  -- Whether (sa, a) comes before (sb, b) in the read's direction.
  if sa ~= sb then
    if reverse then return sa > sb end
    return sa < sb
  end
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then
      if reverse then return x > y end
      return x < y
    end
  end
  if reverse then return #a > #b end
  return #a < #b
end

local n_idx = #KEYS - 2
local lo, hi, at, done, size, fresh = {}, {}, {}, {}, {}, {}
local buf_m, buf_s, buf_at, head = {}, {}, {}, {}
for k = 1, n_idx do
  lo[k], hi[k] = ARGV[2 + 3 * k], ARGV[3 + 3 * k]
  at[k] = tonumber(ARGV[4 + 3 * k])
  done[k] = at[k] < 0
  size[k] = FIRST_READ
  fresh[k] = true  -- every index is read once per call, budget or not: each call goes on
  buf_m[k], buf_s[k], buf_at[k], head[k] = {}, {}, {}, 1
end

-- Read index k on until it has a member buffered, it ends, or the budget is spent.
local function fill(k)
  while not done[k] and head[k] > #buf_m[k] and (budget > 0 or fresh[k]) do
    fresh[k] = false
    buf_m[k], buf_s[k], buf_at[k], head[k] = {}, {}, {}, 1
    local got
    if reverse then
      got = redis.call('ZREVRANGEBYSCORE', KEYS[2 + k], hi[k], lo[k], 'WITHSCORES', 'LIMIT',
                       at[k], size[k])
    else
      got = redis.call('ZRANGEBYSCORE', KEYS[2 + k], lo[k], hi[k], 'WITHSCORES', 'LIMIT',
                       at[k], size[k])
    end
    for i = 1, #got, 2 do
      local score = tonumber(got[i + 1])
      if not since or score >= since or tonumber(string.match(got[i], '|(%d+)|[^|]*$')) > since then
        local n = #buf_m[k] + 1
        buf_m[k][n], buf_s[k][n], buf_at[k][n] = got[i], score, at[k] + (i - 1) / 2
      end
    end
    local read = #got / 2
    at[k], budget = at[k] + read, budget - read
    if read < size[k] then done[k] = true end
    size[k] = math.min(size[k] * 2, 512)
  end
end

local members = {}
while #members / 2 < want do
  local best
  local stalled = false
  for k = 1, n_idx do
    fill(k)
    local h = head[k]
    if h <= #buf_m[k] then
      if not best or before(buf_m[k][h], buf_s[k][h], buf_m[best][head[best]], buf_s[best][head[best]]) then
        best = k
      end
    elseif not done[k] then
      stalled = true  -- out of budget before this index showed its next member
    end
  end
  if stalled or not best then break end
  local h = head[best]
  members[#members + 1] = buf_m[best][h]
  members[#members + 1] = buf_s[best][h]
  head[best] = h + 1
end

local offsets = {}
for k = 1, n_idx do
  if head[k] <= #buf_m[k] then
    offsets[k] = buf_at[k][head[k]]  -- the first member buffered but not taken
  elseif done[k] then
    offsets[k] = -1
  else
    offsets[k] = at[k]
  end
end

-- The records of the events taken.
local function data_at(id)
  local found = redis.call('XRANGE', KEYS[1], id, id)
  if #found > 0 then
    local fields = found[1][2]
    for j = 1, #fields, 2 do
      if fields[j] == 'data' then return fields[j + 1] end
    end
  end
  return ''
end

local datas, heads, seen, ids, known = {}, {}, {}, {}, {}
for i = 1, #members, 2 do
  local id = string.match(members[i], '|([^|]*)$')
  local data = data_at(id)
  datas[#datas + 1] = data
  local n = string.match(data, '^%[%d+,(%d+),')
  if n then
    local ms, seq = string.match(id, '^(%d+)-(%d+)$')
    local pos = ms .. '-' .. string.format('%d', tonumber(seq) - tonumber(n))
    if not seen[pos] then
      seen[pos] = true
      local record = data_at(pos)
      local article = string.match(record, '^{"type":"%a+","schema_version":%d+,"article":{"id":"(%x+)"')
      heads[#heads + 1] = pos
      heads[#heads + 1] = article or ''
      heads[#heads + 1] = record
      if article and not known[article] then
        known[article] = true
        ids[#ids + 1] = article
      end
    end
  end
end
local articles = {}
if #ids > 0 then
  local values = redis.call('HMGET', KEYS[2], unpack(ids))
  for i, id in ipairs(ids) do
    articles[#articles + 1] = id
    articles[#articles + 1] = values[i] or ''
  end
end
return {offsets, members, datas, heads, articles}
