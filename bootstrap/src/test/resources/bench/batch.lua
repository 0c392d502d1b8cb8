-- wrk script for the batch-run benchmarks: POSTs batches of job ids and prints one RESULT line of JSON at the end.
-- Arguments (after --): batch size, mode, and the id before the first one named. Run it with one wrk thread (-t1): ids then count up across
-- all of its connections.
--   mode "fresh":   every request names jobs never named before in this run (ids counting up),
--                   so each is started: the path where jobs are submitted.
--   mode "missing": every request names jobs that do not exist: the path where all are refused.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  batch = tonumber(args[1])
  mode = args[2]
  cursor = tonumber(args[3])
end

function request()
  local ids = {}
  for i = 1, batch do
    if mode == "fresh" then
      cursor = cursor + 1
      ids[i] = cursor
    else
      ids[i] = 9000000000000 + i
    end
  end
  local body = '{"job_ids":[' .. table.concat(ids, ",") .. '],"resume_savepoint":false}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end

-- last_id: the highest id any request named (requests cut short by a timeout or by the end of the run included).
function done(summary, latency, requests)
  local e = summary.errors
  local last = 0
  for _, thread in ipairs(threads) do
    last = math.max(last, thread:get("cursor"))
  end
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"socket_errors":%d,"non_2xx":%d,"last_id":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status, last))
end
