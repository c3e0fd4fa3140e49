-- pages.lua: the next page of several order indexes in one call.
--
-- Members in score range, read from an offset on, keeping only events that end after a
-- day: each index is read in its own score range (timeline.ordering.read_range), and
-- most of what it holds before `since` has ended by then. A member is
-- `<member>|<end>|<position>` (project.lua); the end is the number between its last two
-- bars.
-- KEYS the indexes.
-- ARGV[1] since (a day ordinal, '' = keep all)   ARGV[2] page size   ARGV[3] '1' to read
-- backwards   ARGV[4] how many members one call may read (it blocks the server
-- meanwhile), then per index its lowest and highest score ('(N', '-inf', '+inf': the
-- caller's timeline.ordering.read_range) and its offset.
-- Returns per index {offset to go on from (-1: no more), member, score, member, ...}.
-- Guarantees: reads only; a call that runs out of its budget returns what it has, and
-- the caller asks again from the offset.

local since, size, reverse = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3] == '1'
local budget = tonumber(ARGV[4])
local out = {}
for k = 1, #KEYS do
  local lo, hi, at = ARGV[2 + 3 * k], ARGV[3 + 3 * k], tonumber(ARGV[4 + 3 * k])
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
      if not since or tonumber(string.match(got[i], '|(%d+)|[^|]*$')) > since then
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
