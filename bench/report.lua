-- wrk script of ./bench/run.sh: adds the target's credentials from the environment (so they are never on a command
-- line or in a file), and prints one machine-readable line at the end.
local token = os.getenv("BENCH_TOKEN")
local key = os.getenv("BENCH_SUBSCRIPTION_KEY")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
if key and key ~= "" then
  wrk.headers["Ocp-Apim-Subscription-Key"] = key
end
local functionKey = os.getenv("BENCH_FUNCTION_KEY")
if functionKey and functionKey ~= "" then
  wrk.headers["x-functions-key"] = functionKey
end

done = function(summary, latency, requests)
  local e = summary.errors
  -- Socket errors by kind: a read error is a connection the target closed before answering.
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket_errors=%d"
    .. " connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout))
end
