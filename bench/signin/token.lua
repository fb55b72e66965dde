-- wrk script: sign in through POST /api/v1/auth/token with HTTP Basic, rotating over NUSERS users.
-- Logins are <USER_PREFIX><i>@<USER_DOMAIN> for i = 0..NUSERS-1, all with the password USER_PW
-- (run.sh creates them). Every request carries the next user's Basic header, so consecutive
-- requests verify different stored Argon2id hashes. Anything but 201 with a token in the body
-- counts as an error; done() prints one machine-readable RESULT line with a status breakdown.
local nusers = tonumber(os.getenv("NUSERS") or "100")
local prefix = os.getenv("USER_PREFIX") or "bench-user-"
local domain = os.getenv("USER_DOMAIN") or "acme.bench.test"
local pw = os.getenv("USER_PW") or error("USER_PW is not set")
local path = "/api/v1/auth/token"

local b64chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local function b64(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local c1 = math.floor(n / 262144) % 64
    local c2 = math.floor(n / 4096) % 64
    local c3 = math.floor(n / 64) % 64
    local c4 = n % 64
    out[#out + 1] = b64chars:sub(c1 + 1, c1 + 1) .. b64chars:sub(c2 + 1, c2 + 1) ..
        (b and b64chars:sub(c3 + 1, c3 + 1) or "=") .. (c and b64chars:sub(c4 + 1, c4 + 1) or "=")
  end
  return table.concat(out)
end

local threads = {}
local nthreads = 0
function setup(thread)
  thread:set("tid", nthreads)
  nthreads = nthreads + 1
  table.insert(threads, thread)
end

function init(args)
  -- threads start at different users so they do not move in lock-step
  counter = (tid or 0) * 7919
  ok, bad, notoken = 0, 0, 0
  statuses = {}
  auth = {}
  for i = 0, nusers - 1 do
    auth[i] = "Basic " .. b64(prefix .. i .. "@" .. domain .. ":" .. pw)
  end
end

function request()
  counter = counter + 1
  return wrk.format("POST", path, { ["Authorization"] = auth[counter % nusers], ["Content-Length"] = "0" }, nil)
end

function response(status, headers, body)
  if status == 201 and body and body:find('"token"', 1, true) then
    ok = ok + 1
  else
    bad = bad + 1
    if status == 201 then notoken = notoken + 1 end
    local k = tostring(status)
    statuses[k] = (statuses[k] or 0) + 1
  end
end

function done(summary, latency, requests)
  local good, errs, nt, codes = 0, 0, 0, {}
  for _, t in ipairs(threads) do
    good = good + (t:get("ok") or 0)
    errs = errs + (t:get("bad") or 0)
    nt = nt + (t:get("notoken") or 0)
    local s = t:get("statuses")
    if s then for k, v in pairs(s) do codes[k] = (codes[k] or 0) + v end end
  end
  local list = {}
  for k, v in pairs(codes) do list[#list + 1] = k .. ":" .. v end
  table.sort(list)
  local e = summary.errors
  local dur = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d ok=%d duration_s=%.2f rps=%.2f ok_per_s=%.2f bad=%d bad_statuses=%s no_token=%d socket_errors=%d timeouts=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f mean_ms=%.1f\n",
    summary.requests, good, dur, summary.requests / dur, good / dur, errs,
    (#list > 0 and table.concat(list, ",") or "none"), nt,
    e.connect + e.read + e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000))
end
