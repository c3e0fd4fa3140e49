-- read.lua: the `data` field of many log records in one call.
--
-- KEYS[1] the log (a stream)
-- ARGV the positions (stream ids) to read
-- Returns one string per position: the record's data, or '' for a position not in the log.
-- Guarantees: reads only.

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
