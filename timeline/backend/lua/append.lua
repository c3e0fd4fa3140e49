-- append.lua: all of an article's records, or none; nothing when the article is known
-- (unless the caller revises that very article: a correction or a restore).
--
-- KEYS[1] the log (a stream)   KEYS[2] article ids (hash: id -> position of its head)
-- KEYS[3] article identities (hash: URL, or title and source -> current article id)
-- KEYS[4] withdrawn articles (hash: id -> position of the record that took it off the
--         timeline: its retraction, or the revision that replaced it)
-- ARGV[1] article id   ARGV[2] the last position the caller saw ('' = any)
-- ARGV[3] the article's identity ('' = none)   ARGV[4] the article id the caller saw for
-- that identity ('' = none)   ARGV[5] the position of this article's head the caller saw
-- ('' = the article is new to the caller)   ARGV[6] its withdrawn position the caller saw
-- ('' = none)   ARGV[7] another article this one takes off the timeline ('' = none)
-- ARGV[8] an identity the article no longer has ('' = none)
-- ARGV[9..] type, data pairs of the records, in order.
-- Returns {'appended', first position}, {'duplicate', its head's position}, or
-- {'conflict', ...} when the log, the identity or the article moved since the caller looked.
-- Guarantees: the records are consecutive in the log (an article's events follow its
-- head record), at consecutive positions: the head at <ms>-<seq>, the record n after
-- it at <ms>-<seq + n> (a stored event finds its head so: timeline.records); appended
-- whole or not at all; a new article id is appended once, and a version of a known one
-- only by a caller that saw its current head and withdrawn state.

local known = redis.call('HGET', KEYS[2], ARGV[1])
if ARGV[5] == '' then
  if known then return {'duplicate', known} end
elseif known ~= ARGV[5] or (redis.call('HGET', KEYS[4], ARGV[1]) or '') ~= ARGV[6] then
  return {'conflict', ARGV[1]}
end
if ARGV[2] ~= '' then
  local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
  local last_id = '0-0'
  if #last > 0 then last_id = last[1][1] end
  if last_id ~= ARGV[2] then return {'conflict', last_id} end
end
if ARGV[3] ~= '' and (redis.call('HGET', KEYS[3], ARGV[3]) or '') ~= ARGV[4] then
  return {'conflict', ARGV[3]}
end
local first, ms, seq = nil, nil, nil
for i = 9, #ARGV, 2 do
  if not first then
    first = redis.call('XADD', KEYS[1], '*', 'type', ARGV[i], 'data', ARGV[i + 1])
    ms, seq = string.match(first, '^(%d+)-(%d+)$')
    seq = tonumber(seq)
  else
    seq = seq + 1
    redis.call('XADD', KEYS[1], ms .. '-' .. string.format('%d', seq), 'type', ARGV[i], 'data', ARGV[i + 1])
  end
end
redis.call('HSET', KEYS[2], ARGV[1], first)
redis.call('HDEL', KEYS[4], ARGV[1])
if ARGV[7] ~= '' then redis.call('HSET', KEYS[4], ARGV[7], first) end
if ARGV[3] ~= '' then redis.call('HSET', KEYS[3], ARGV[3], ARGV[1]) end
if ARGV[8] ~= '' and redis.call('HGET', KEYS[3], ARGV[8]) == ARGV[1] then
  redis.call('HDEL', KEYS[3], ARGV[8])
end
return {'appended', first}
