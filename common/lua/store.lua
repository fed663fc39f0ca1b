-- The shared body of every service's Redis Functions library. The loader
-- (common/functions.cc) prepends `#!lua name=<service>` and registers
-- `<service>_apply` and `<service>_page`.
--
-- <service>_apply runs a guarded write planned in C++: ARGV is a list of
-- operations, each written as `op, n, arg1..argn`; KEYS holds every key the
-- plan touches and operations refer to keys by their 1-based index. All
-- checks run first; the first failing check returns "<GRPC_CODE> <message>"
-- and nothing is written. Only then do the writes run. Redis has no rollback,
-- so this order is what makes a rejected mutation write nothing.

local function fail(code, message)
  return redis.error_reply(code .. ' ' .. message)
end

-- Stream entry ids ("<ms>-<seq>") in stream order.
local function stream_id_before_or_at(a, b)
  local a_ms, a_seq = string.match(a, '^(%d+)-(%d+)$')
  local b_ms, b_seq = string.match(b, '^(%d+)-(%d+)$')
  if not a_ms or not b_ms then return false end
  a_ms, b_ms = tonumber(a_ms), tonumber(b_ms)
  if a_ms ~= b_ms then return a_ms < b_ms end
  return tonumber(a_seq) <= tonumber(b_seq)
end

-- The id right after `id`.
local function next_stream_id(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return ms .. '-' .. string.format('%d', tonumber(seq) + 1)
end

-- Keeps an event stream at about `keep` entries without ever trimming what
-- a consumer group has not acknowledged: only entries every group has read
-- and acknowledged go, oldest first. A group that falls behind (its
-- service down for a day) holds the stream longer, up to twice `keep`, the
-- hard cap that keeps Redis from filling up; past it the oldest entries go
-- even unread, and that group's consumers count and log them
-- (ngoaivu_consumer_trimmed_unread_total). Returns how many entries beyond
-- `keep` the groups hold back.
local function trim_behind_groups(stream, keep)
  if keep <= 0 then return 0 end
  local length = redis.call('XLEN', stream)
  if length <= keep then return 0 end
  -- The oldest entry some group still needs: its oldest unacknowledged
  -- one, or the one after the last it read.
  local needed = nil
  for _, group in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
    local info = {}
    for i = 1, #group, 2 do info[group[i]] = group[i + 1] end
    local from
    if info['pending'] > 0 then
      from = redis.call('XPENDING', stream, info['name'])[2]
    else
      from = next_stream_id(info['last-delivered-id'])
    end
    if needed == nil or stream_id_before_or_at(from, needed) then
      needed = from
    end
  end
  if needed == nil then
    redis.call('XTRIM', stream, 'MAXLEN', keep)
    return 0
  end
  local excess = length - keep
  -- At most 1,000 a write: when a group that held back a long stream reads
  -- on, the next writes trim it back bit by bit, none of them long.
  local done = redis.call('XRANGE', stream, '-', '(' .. needed, 'COUNT',
                          math.min(excess, 1000))
  if #done > 0 then
    redis.call('XTRIM', stream, 'MINID', next_stream_id(done[#done][1]))
    excess = excess - #done
  end
  if excess > keep then
    redis.call('XTRIM', stream, 'MAXLEN', 2 * keep)
    excess = keep
  end
  return excess
end

local function ops_of(args)
  local ops = {}
  local i = 1
  while i <= #args do
    local n = tonumber(args[i + 1])
    local op = {name = args[i], args = {}}
    for j = 1, n do op.args[j] = args[i + 1 + j] end
    ops[#ops + 1] = op
    i = i + 2 + n
  end
  return ops
end

-- Returns nil when the check holds, an error reply or a replay otherwise.
local function check(keys, op)
  local a = op.args
  if op.name == 'replay' then
    local stored = redis.call('HMGET', keys[tonumber(a[1])], 'fp', 'response')
    if stored[1] then
      if stored[1] == a[2] then return {'replay', stored[2]} end
      return fail('INVALID_ARGUMENT',
                  'request_id: already used for a different request')
    end
  elseif op.name == 'exists' then
    if redis.call('EXISTS', keys[tonumber(a[1])]) == 0 then
      return fail(a[2], a[3])
    end
  elseif op.name == 'absent' then
    if redis.call('EXISTS', keys[tonumber(a[1])]) == 1 then
      return fail(a[2], a[3])
    end
  elseif op.name == 'field' then
    local value = redis.call('HGET', keys[tonumber(a[1])], a[2])
    if value ~= a[3] then return fail(a[4], a[5]) end
  elseif op.name == 'member' then
    if not redis.call('ZSCORE', keys[tonumber(a[1])], a[2]) then
      return fail(a[3], a[4])
    end
  elseif op.name == 'newer' then
    -- A read model already holds this entry's effect or a later one.
    local stored = redis.call('HGET', keys[tonumber(a[1])], a[2])
    if stored and stream_id_before_or_at(a[3], stored) then
      return {'replay', ''}
    end
  elseif op.name == 'nonmember' then
    if redis.call('ZSCORE', keys[tonumber(a[1])], a[2]) then
      return fail(a[3], a[4])
    end
  elseif op.name == 'no_overlap' then
    -- An interval index: members "<label>|<first>" scored by their last
    -- point. Any entry but `exclude` meeting [first, last] fails, naming it.
    local first, last = tonumber(a[2]), tonumber(a[3])
    local entries = redis.call('ZRANGEBYSCORE', keys[tonumber(a[1])], first,
                               '+inf')
    for _, entry in ipairs(entries) do
      local label, from = string.match(entry, '^(.*)|(-?%d+)$')
      if label and label ~= a[4] and tonumber(from) <= last then
        return fail(a[5], (string.gsub(a[6], '{other}', function() return label end)))
      end
    end
  elseif op.name == 'below' then
    local count = tonumber(redis.call('HGET', keys[tonumber(a[1])], a[2]) or '0')
    if count >= tonumber(a[3]) then return fail(a[4], a[5]) end
  elseif op.name == 'once' then
    -- An effect already applied for this id: succeed without writing.
    if redis.call('ZSCORE', keys[tonumber(a[1])], a[2]) then
      return {'replay', ''}
    end
  end
  return nil
end

local function write(keys, op)
  local a = op.args
  if op.name == 'hset' then
    redis.call('HSET', keys[tonumber(a[1])], unpack(a, 2))
  elseif op.name == 'zadd' then
    redis.call('ZADD', keys[tonumber(a[1])], 0, a[2])
  elseif op.name == 'zadds' then
    redis.call('ZADD', keys[tonumber(a[1])], a[3], a[2])
  elseif op.name == 'zrem' then
    redis.call('ZREM', keys[tonumber(a[1])], a[2])
  elseif op.name == 'response' then
    local key = keys[tonumber(a[1])]
    redis.call('HSET', key, 'fp', a[2], 'response', a[3])
    redis.call('PEXPIRE', key, a[4])
  elseif op.name == 'once' then
    redis.call('ZADD', keys[tonumber(a[1])], a[3], a[2])
  elseif op.name == 'rpush' then
    redis.call('RPUSH', keys[tonumber(a[1])], a[2])
  elseif op.name == 'hincrby' then
    for j = 2, #a, 2 do
      if redis.call('HINCRBY', keys[tonumber(a[1])], a[j], a[j + 1]) == 0 then
        redis.call('HDEL', keys[tonumber(a[1])], a[j])
      end
    end
  elseif op.name == 'xadd' then
    local stream = keys[tonumber(a[1])]
    local id = redis.call('XADD', stream, '*', unpack(a, 3))
    return id, trim_behind_groups(stream, tonumber(a[2])), stream
  end
  return nil
end

local checks = {replay = true, exists = true, absent = true, field = true,
                member = true, nonmember = true, no_overlap = true,
                below = true, once = true, newer = true}
local writes = {hset = true, zadd = true, zadds = true, zrem = true,
                response = true, xadd = true, once = true, rpush = true,
                hincrby = true}

local function apply(keys, args)
  local ops = ops_of(args)
  for _, op in ipairs(ops) do
    if not checks[op.name] and not writes[op.name] then
      return fail('INTERNAL', 'unknown plan operation ' .. tostring(op.name))
    end
  end
  for _, op in ipairs(ops) do
    if checks[op.name] then
      local verdict = check(keys, op)
      if verdict then return verdict end
    end
  end
  local event_id, held_back, stream = '', 0, ''
  for _, op in ipairs(ops) do
    if writes[op.name] then
      local id, held, events = write(keys, op)
      if id then event_id, held_back, stream = id, held, events end
    end
  end
  if stream ~= '' then return {'ok', event_id, held_back, stream} end
  return {'ok', event_id}
end

-- <service>_page reads one page of records through a lexicographic index.
-- KEYS[1]: the index (a sorted set of ids, all scores 0).
-- ARGV: after (exclusive cursor, '' for the start), limit, scan budget,
--       record key prefix, then (field, value) pairs the record's hash
--       fields must equal; a field written "<name" must be <= value and
--       ">name" >= value (compared as strings, e.g. yyyymmdd dates).
-- Returns {next_cursor, record...}; next_cursor is '' at the end. The budget
-- bounds the work of one call when filters reject many entries: the page
-- may then be short, and the cursor says where to go on.
local function page(keys, args)
  local after, limit, budget, prefix = args[1], tonumber(args[2]),
      tonumber(args[3]), args[4]
  local filter_fields, filter_values, filter_ops = {}, {}, {}
  for i = 5, #args, 2 do
    local field, op = args[i], '='
    local first = string.sub(field, 1, 1)
    if first == '<' or first == '>' then
      op, field = first, string.sub(field, 2)
    end
    filter_fields[#filter_fields + 1] = field
    filter_values[#filter_values + 1] = args[i + 1]
    filter_ops[#filter_ops + 1] = op
  end
  local out = {''}
  local found, scanned = 0, 0
  local min = (after == '') and '-' or ('(' .. after)
  local last = nil
  while found < limit and scanned < budget do
    local want = limit - found
    if #filter_fields > 0 then want = math.max(want, 32) end
    want = math.min(want, budget - scanned)
    local ids = redis.call('ZRANGEBYLEX', keys[1], min, '+', 'LIMIT', 0, want)
    if #ids == 0 then return out end
    for _, id in ipairs(ids) do
      scanned = scanned + 1
      last = id
      local values = redis.call('HMGET', prefix .. id, 'pb', unpack(filter_fields))
      local match = values[1] ~= false
      for f = 1, #filter_fields do
        local v, want, op = values[f + 1], filter_values[f], filter_ops[f]
        if op == '=' then
          if v ~= want then match = false end
        elseif not v or v == '' then
          match = false
        elseif op == '<' and v > want then
          match = false
        elseif op == '>' and v < want then
          match = false
        end
      end
      if match then
        out[#out + 1] = values[1]
        found = found + 1
        if found == limit then break end
      end
    end
    min = '(' .. last
  end
  -- Hand out a cursor only when something follows it.
  if last and #redis.call('ZRANGEBYLEX', keys[1], '(' .. last, '+', 'LIMIT', 0, 1) > 0 then
    out[1] = last
  end
  return out
end
