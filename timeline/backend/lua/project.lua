-- project.lua: apply records of the log to one generation of the projection.
--
-- KEYS[1] the live-generation pointer       KEYS[2] the generation's checkpoint
-- KEYS[3] the log (a stream)                KEYS[4] the generation's articles (hash)
-- KEYS[5..4+n] the generation's order indexes (sorted sets), named by ARGV[5..4+n]
-- ARGV[1] the generation expected to be live ('' = do not check: a rebuild's new one)
-- ARGV[2] the schema versions this script applies as stored, 'OLDEST-NEWEST'
--         (timeline.models.STORED_AS_APPLIED: the fields read here are alike in them)
-- ARGV[3] batch size    ARGV[4] n, the number of indexes    ARGV[5..4+n] their names
-- ARGV[5+n] 'log': read up to batch size records after the checkpoint from the log;
--           else the checkpoint the caller read after, and ARGV[6+n..] holds
--           (position, type, data) triples of records the caller brought to the schema
--           (an EventRecorded given as {"schema_version", "placement"} JSON).
-- Returns {records applied, status}: 'end' (the log had no more), 'more' (a full batch),
--   'stale' (the generation is not the expected live one: nothing written), 'moved'
--   (records given, but the checkpoint is no longer the caller's: nothing written),
--   'upcast' (stopped before a record of another schema; the ones before it applied).
--
-- It applies what the records say and nothing else: an EventRecorded is added where its
-- placement says (from schema 3 on: its index, score and end, and the member its rank, its
-- article's publication date and its id make); an ArticleIngested or ArticleRevised is stored under its article id;
-- a revision or retraction removes the placements its `removes` lists, and the article
-- it replaces or retracts. A stored member is `<member>|<end, 7 digits>|<position>`
-- (window.lua reads the end to skip ended events, projection.py the position to read
-- the record).
-- Guarantees: a call applies all of its records and moves the checkpoint past them, or
-- writes nothing (writes are planned first and made last: a script's writes are not
-- rolled back when it fails half way); no record is applied twice to a generation.

local n = tonumber(ARGV[4])
local key_of = {}
for i = 1, n do key_of[ARGV[4 + i]] = KEYS[4 + i] end
if ARGV[1] ~= '' and (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return {0, 'stale'} end
local oldest, schema = string.match(ARGV[2], '^(%d+)-(%d+)$')
oldest, schema = tonumber(oldest), tonumber(schema)
-- Whether records of schema version v are applied here as they are stored.
local function applies(v) return type(v) == 'number' and v >= oldest and v <= schema end
local checkpoint = redis.call('GET', KEYS[2]) or '0-0'
local source = ARGV[5 + n]
if source ~= 'log' and source ~= checkpoint then return {0, 'moved'} end

local ops, adds, padded = {}, {}, {}
local function flush_adds()
  for key, args in pairs(adds) do ops[#ops + 1] = {'ZADD', key, args} end
  adds = {}
end
local function index(name)
  local key = key_of[name]
  if not key then error('projection: a placement names no index of this projection: ' .. tostring(name)) end
  return key
end
local function stored(member, e, at)
  local s = padded[e]
  if not s then s = string.format('%07d', e); padded[e] = s end
  return member .. '|' .. s .. '|' .. at
end
local function remove(removes)
  if type(removes) ~= 'table' then error('projection: a record of this schema lists no removals') end
  flush_adds()
  local by_key = {}
  for _, r in ipairs(removes) do
    local p = r.placement
    local key = index(p.index)
    local members = by_key[key] or {}
    by_key[key] = members
    members[#members + 1] = stored(p.member, p['end'], r.at)
  end
  for key, members in pairs(by_key) do ops[#ops + 1] = {'ZREM', key, members} end
end

-- An event of schema 3 or 4 as timeline.records stores it is a JSON array that starts with
-- what this script needs: [3, n, index, score, end, rank, id, ...]; it is read with one
-- anchored match instead of decoding the whole event, which would take most of a
-- projection's time. Its head (n positions before it: append.lua keeps an article's
-- records at consecutive positions) gives the publication date and the article id the
-- member needs: `<rank><published>|<event id>`, the id being the article id's first 16
-- characters and the rest the record keeps ('=' + rest; '!' + a whole id); from schema 4
-- a bare '=' is the extractor's id for the event's place, `-PPPPP-SSS-CC` after those 16
-- characters, its paragraph, sentence and clause the next three fields
-- (timeline.models.event_id_for).
-- Any other record (a given one, an array the match cannot read) is decoded in full.
local ARRAY = '^%[(%d+),(%d+),"(%w+)",(%-?%d+),(%d+),(%d+),"([^"\\]*)",(%d+),(%d+),(%d+),'
local OLD = '^{"type":"EventRecorded","schema_version":(%d+),'
local heads = {}  -- position -> {article id, published}, of the heads seen in this call
local function remember(at, record)
  heads[at] = {record.article.id, record.article.published}
end
local function head_of(at, n)
  local ms, seq = string.match(at, '^(%d+)-(%d+)$')
  local pos = ms .. '-' .. string.format('%d', tonumber(seq) - n)
  local h = heads[pos]
  if h then return h end
  local found = redis.call('XRANGE', KEYS[3], pos, pos)
  if #found == 0 then error('projection: the event at ' .. at .. ' has no head at ' .. pos) end
  local fields = found[1][2]
  for j = 1, #fields, 2 do
    if fields[j] == 'data' then remember(pos, cjson.decode(fields[j + 1])) end
  end
  return heads[pos]
end
-- string.format('%0<width>d') of a string of digits, without format's cost (once an event).
local function zeros(digits, width)
  if #digits >= width then return digits end
  return string.sub('00000' .. digits, -width)
end
-- Returns the record's schema version and, when it is this script's, the placement's
-- index, score, member and end.
local function placement_of(at, data)
  local version, n, name, score, e, rank, rel, par, sen, cla = string.match(data, ARRAY)
  if not version and string.sub(data, 1, 1) == '[' then
    local a = cjson.decode(data)
    version, n, name, score, e, rank, rel = a[1], a[2], a[3], a[4], a[5], a[6], a[7]
    par, sen, cla = a[8], a[9], a[10]
  end
  if version then
    version = tonumber(version)
    if not applies(version) then return version end
    local h = head_of(at, tonumber(n))
    local id = string.sub(rel, 2)
    if rel == '=' and version >= 4 then
      id = '-' .. zeros(tostring(par), 5) .. '-' .. zeros(tostring(sen), 3) .. '-' .. zeros(tostring(cla), 2)
    end
    if string.sub(rel, 1, 1) == '=' then id = string.sub(h[1], 1, 16) .. id end
    return version, name, score, rank .. h[2] .. '|' .. id, tonumber(e)
  end
  local old = tonumber(string.match(data, OLD))
  if old and not applies(old) then return old end
  local record = cjson.decode(data)
  local p = record.placement
  if not applies(record.schema_version) or type(p) ~= 'table' then return record.schema_version end
  return record.schema_version, p.index, p.score, p.member, p['end']
end

-- One record; false (nothing planned) when it is of another schema.
local function apply(at, kind, data)
  if kind == 'EventRecorded' then
    local version, name, score, member, e = placement_of(at, data)
    if not applies(version) then return false end
    if not name then error('projection: an EventRecorded of schema ' .. version .. ' without a placement') end
    local key = index(name)
    local a = adds[key] or {}
    adds[key] = a
    a[#a + 1] = score
    a[#a + 1] = stored(member, e, at)
    return true
  end
  local record = cjson.decode(data)
  if not applies(record.schema_version) then return false end
  if kind == 'ArticleIngested' or kind == 'ArticleRevised' then
    if kind == 'ArticleRevised' then
      remove(record.removes)
      ops[#ops + 1] = {'HDEL', KEYS[4], {record.replaces}}
    end
    flush_adds()
    remember(at, record)
    -- The article's text (kept in the log for corrections) is not needed to show it.
    local kept = data
    if type(record.text) == 'string' then kept = cjson.encode({article = record.article}) end
    ops[#ops + 1] = {'HSET', KEYS[4], {record.article.id, kept}}
  elseif kind == 'ArticleRetracted' then
    remove(record.removes)
    ops[#ops + 1] = {'HDEL', KEYS[4], {record.article_id}}
  end
  return true
end

local applied, last, status = 0, nil, 'end'
if source == 'log' then
  local rows = redis.call('XRANGE', KEYS[3], '(' .. checkpoint, '+', 'COUNT', ARGV[3])
  if #rows == tonumber(ARGV[3]) then status = 'more' end
  for _, row in ipairs(rows) do
    local fields, kind, data = row[2], nil, nil
    for j = 1, #fields, 2 do
      if fields[j] == 'type' then kind = fields[j + 1] elseif fields[j] == 'data' then data = fields[j + 1] end
    end
    if not apply(row[1], kind, data) then status = 'upcast'; break end
    applied, last = applied + 1, row[1]
  end
else
  status = 'more'
  for i = 6 + n, #ARGV, 3 do
    if not apply(ARGV[i], ARGV[i + 1], ARGV[i + 2]) then
      error('projection: a record given to apply is not of schema ' .. ARGV[2])
    end
    applied, last = applied + 1, ARGV[i]
  end
end
flush_adds()

for _, op in ipairs(ops) do
  local args = op[3]
  for at = 1, #args, 2000 do  -- unpack() takes a few thousand values at most
    redis.call(op[1], op[2], unpack(args, at, math.min(at + 1999, #args)))
  end
end
if last then redis.call('SET', KEYS[2], last) end
return {applied, status}
