-- swap.lua: make a rebuilt generation the live one, only once it has applied the whole log.
--
-- KEYS[1] the live-generation pointer   KEYS[2] the new generation's checkpoint   KEYS[3] the log
-- ARGV[1] the new generation
-- Returns the generation it replaced, or -1 (nothing changed) when the log holds records
-- after the new generation's checkpoint.
-- Guarantees: readers see the old generation or the new one, never a mix, and never a
-- new one that misses a record.

local last = redis.call('XREVRANGE', KEYS[3], '+', '-', 'COUNT', 1)
local last_id = '0-0'
if #last > 0 then last_id = last[1][1] end
if (redis.call('GET', KEYS[2]) or '0-0') ~= last_id then return -1 end
local old = redis.call('GET', KEYS[1]) or '0'
redis.call('SET', KEYS[1], ARGV[1])
return tonumber(old)
