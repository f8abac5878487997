-- wrk script for `python -m tests.bench pages`: every request is a random person (signed in, with
-- their own session and CSRF cookies, or an anonymous visitor) opening a page from a weighted mix
-- or saving a finished session. wrk only reports latency for the whole run, so each request
-- carries its page and the moment it was sent in an X-Bench header that the benchmark's settings
-- echo back; response() logs "page status microseconds" to one file per wrk thread.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + math.floor(tonumber(ts.tv_nsec) / 1000)
end

local data = dofile(os.getenv("BENCH_MIX_DATA"))
local only = os.getenv("BENCH_MIX_ONLY") -- "library/anon", "bare/signed-in": one page, one kind of visitor

local threads, counter = {}, 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local log
function init(args)
  -- BENCH_RUN: a new number for every wrk run, so no run repeats another's draws.
  math.randomseed(1000 * (tonumber(os.getenv("BENCH_RUN")) or 0) + id)
  log = io.open(data.logdir .. "/mix-" .. id .. ".log", "w")
  log:setvbuf("line")
end

local function pick(list) return list[math.random(#list)] end

local function weighted(mix)
  local roll, total = math.random() * mix.total, 0
  for _, entry in ipairs(mix) do
    total = total + entry[2]
    if roll <= total then return entry[1] end
  end
  return mix[#mix][1]
end

local function uuid4()
  return string.format("%08x-%04x-4%03x-%04x-%012x", math.random(0, 0xffffffff), math.random(0, 0xffff),
    math.random(0, 0xfff), 0x8000 + math.random(0, 0x3fff), math.random(0, 0xffffffffffff))
end

local function path_for(page)
  if page == "home" then return "/"
  elseif page == "library" then return "/exercises/" .. pick(data.filters)
  elseif page == "exercise" then return "/exercises/" .. pick(data.exercises) .. "/"
  elseif page == "routine" then return "/routines/" .. pick(data.routines) .. "/"
  elseif page == "player" then return "/routines/" .. pick(data.routines) .. "/play/"
  elseif page == "history" then return "/history/"
  elseif page == "learn" then return "/learn/"
  elseif page == "article" then return "/learn/" .. pick(data.articles) .. "/"
  elseif page == "bare" then return "/bench/bare/"
  end
end

local ACCEPT = "text/html,application/xhtml+xml"
function request()
  local signed_in, page
  if only then
    page, signed_in = only:match("([^/]+)/([%a-]+)")
    signed_in = signed_in == "signed-in"
  else
    signed_in = math.random() < data.signed_in_share
    page = weighted(signed_in and data.people_mix or data.visitor_mix)
  end
  local headers = { ["Accept-Encoding"] = "gzip, deflate, br", ["Accept"] = ACCEPT }
  local who
  if signed_in then
    who = pick(data.people)
    headers["Cookie"] = "sessionid=" .. who[1] .. "; csrftoken=" .. who[2]
  else
    who = pick(data.visitors)
    if who ~= "" then headers["Cookie"] = "csrftoken=" .. who end
  end
  local label = page .. (signed_in and "/signed-in" or "/anon")
  headers["X-Bench"] = label .. " " .. now_us()
  if page == "save" then
    headers["Content-Type"] = "application/json"
    headers["X-CSRFToken"] = who[2]
    headers["Accept"] = "application/json"
    local started = os.time() - math.random(480, 5400)
    local body = string.format(
      '{"key": "%s", "routine": "%s", "started_at": "%s", "ended_at": "%s", "active_seconds": 330,'
      .. ' "steps_done": 6, "steps_total": 7, "pain_before": %d, "pain_after": %d, "feeling": "about_right",'
      .. ' "events": [{"type": "hurt", "step": 3, "pain": 2, "action": "carry-on"}]}',
      uuid4(), pick(data.routines), os.date("!%Y-%m-%dT%H:%M:%SZ", started),
      os.date("!%Y-%m-%dT%H:%M:%SZ", started + 360), math.random(0, 2), math.random(0, 2))
    return wrk.format("POST", "/history/sessions/", headers, body)
  end
  return wrk.format("GET", path_for(page), headers)
end

function response(status, headers, body)
  local echo = headers["X-Bench"]
  if echo then
    local label, sent = echo:match("(%S+) (%d+)")
    log:write(label, " ", status, " ", now_us() - tonumber(sent), " ", headers["X-Bench-CPU"] or "0", "\n")
  end
end
