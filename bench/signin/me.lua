-- wrk script: GET /api/v1/me with one bearer token (TOKEN). Anything but 200 counts as an error;
-- done() prints one machine-readable RESULT line in the same format as token.lua.
local token = os.getenv("TOKEN") or error("TOKEN is not set")
wrk.method = "GET"
wrk.path = "/api/v1/me"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, bad, notoken = 0, 0, 0
  statuses = {}
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  else
    bad = bad + 1
    local k = tostring(status)
    statuses[k] = (statuses[k] or 0) + 1
  end
end

function done(summary, latency, requests)
  local good, errs, codes = 0, 0, {}
  for _, t in ipairs(threads) do
    good = good + (t:get("ok") or 0)
    errs = errs + (t:get("bad") or 0)
    local s = t:get("statuses")
    if s then for k, v in pairs(s) do codes[k] = (codes[k] or 0) + v end end
  end
  local list = {}
  for k, v in pairs(codes) do list[#list + 1] = k .. ":" .. v end
  table.sort(list)
  local e = summary.errors
  local dur = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d ok=%d duration_s=%.2f rps=%.2f ok_per_s=%.2f bad=%d bad_statuses=%s no_token=0 socket_errors=%d timeouts=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.1f mean_ms=%.2f\n",
    summary.requests, good, dur, summary.requests / dur, good / dur, errs,
    (#list > 0 and table.concat(list, ",") or "none"),
    e.connect + e.read + e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000))
end
