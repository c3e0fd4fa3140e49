-- read.lua: the `data` field of many log records in one call, with the heads of the
-- events of schema 3 or later among them, their article ids, and those articles as a
-- generation of the projection holds them.
--
-- KEYS[1] the log (a stream)   KEYS[2] a generation's articles (hash)
-- ARGV the positions (stream ids) to read
-- Returns {datas, heads, articles}: datas holds one string per position, the record's
-- data or '' for a position not in the log; heads holds (position, article id, data)
-- triples: the head of each event of schema 3 or later read (an array [schema, n, ...]:
-- its head is n positions before it, as append.lua keeps an article's records), each
-- head once, with its article's id when the head starts as this program writes one
-- ({"type":..,"schema_version":..,"article":{"id":"<hex>"), else '' (data '' for a
-- position not in the log); articles holds (article id, value) pairs, each article id
-- heads gives once, with its value in KEYS[2] ('' when it holds none).
-- Guarantees: reads only.

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

local out, heads, seen, ids, known = {}, {}, {}, {}, {}
for i, id in ipairs(ARGV) do
  local data = data_at(id)
  out[i] = data
  local n = string.match(data, '^%[%d+,(%d+),')
  if n then
    local ms, seq = string.match(id, '^(%d+)-(%d+)$')
    local pos = ms .. '-' .. string.format('%d', tonumber(seq) - tonumber(n))
    if not seen[pos] then
      seen[pos] = true
      local head = data_at(pos)
      local article = string.match(head, '^{"type":"%a+","schema_version":%d+,"article":{"id":"(%x+)"')
      heads[#heads + 1] = pos
      heads[#heads + 1] = article or ''
      heads[#heads + 1] = head
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
return {out, heads, articles}
