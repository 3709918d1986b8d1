-- wrk script for bench/http.py: every request is the next target of a list (one URL path
-- with its query string per line, the file named after `--`), as the Python client does, and
-- the summary is one JSON line (latencies in microseconds) for bench/http.py to read.
local targets = {}
local next_target = 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      targets[#targets + 1] = line
    end
  end
end

function request()
  next_target = next_target % #targets + 1
  return wrk.format("GET", targets[next_target])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
