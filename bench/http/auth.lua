-- wrk script for bench/http/run.sh: sends the bearer token from ASTA_BENCH_TOKEN (when
-- set) and, when the run ends, prints one machine-readable line that run.sh parses.
-- The same script drives nginx so that both servers receive byte-identical requests.
local token = os.getenv("ASTA_BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d " ..
    "connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
