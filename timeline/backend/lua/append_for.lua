-- append_for.lua: one record about an article already in the log (a retraction).
--
-- KEYS[1] the log (a stream)   KEYS[2] article ids (hash)
-- ARGV[1] article id   ARGV[2] the record's type   ARGV[3] its data
-- Returns {'appended', position}, or {'unknown', ''} (nothing written) for an unknown article.
-- Guarantees: nothing is appended about an article the log does not hold.

if not redis.call('HGET', KEYS[2], ARGV[1]) then return {'unknown', ''} end
local id = redis.call('XADD', KEYS[1], '*', 'type', ARGV[2], 'data', ARGV[3])
return {'appended', id}
