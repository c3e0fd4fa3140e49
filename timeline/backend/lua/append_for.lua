-- append_for.lua: one record about an article already in the log (a retraction).
--
-- KEYS[1] the log (a stream)   KEYS[2] article ids (hash)
-- KEYS[3] withdrawn articles (hash: id -> position of the record that took it off)
-- ARGV[1] article id   ARGV[2] the record's type   ARGV[3] its data
-- Returns {'appended', position}, or {'unknown', ''} (nothing written) for an unknown article.
-- Guarantees: nothing is appended about an article the log does not hold; a retraction
-- marks its article withdrawn in the same step (an ingest of it then restores it).

if not redis.call('HGET', KEYS[2], ARGV[1]) then return {'unknown', ''} end
local id = redis.call('XADD', KEYS[1], '*', 'type', ARGV[2], 'data', ARGV[3])
if ARGV[2] == 'ArticleRetracted' and KEYS[3] then redis.call('HSET', KEYS[3], ARGV[1], id) end
return {'appended', id}
