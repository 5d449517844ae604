-- wrk script: each request takes a random path from the file named by the URLS variable
-- (one path per line), e.g. URLS=tiles.txt wrk -s urls.lua http://127.0.0.1:8080
local paths = {}
for line in io.lines(os.getenv("URLS")) do paths[#paths + 1] = line end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_connect=%d errors_read=%d errors_status=%d errors_timeout=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.status, summary.errors.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
