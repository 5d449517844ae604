"""Asks a fresh server for every tile of a pyramid once, CONCURRENCY at a time, with
keep-alive connections, and prints tiles per second: the server's cold-tile throughput."""
import http.client
import math
import sys
import threading
import time

port, minz, maxz = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
west, south, east, north = map(float, sys.argv[4].split(","))
concurrency = int(sys.argv[5]) if len(sys.argv) > 5 else 16


def tile_range(z):
    n = 2 ** z
    def col(lon): return min(n - 1, max(0, int((lon + 180) / 360 * n)))
    def row(lat):
        p = math.radians(lat)
        return min(n - 1, max(0, int((1 - math.log(math.tan(p) + 1 / math.cos(p)) / math.pi) / 2 * n)))
    return range(col(west), col(east) + 1), range(row(north), row(south) + 1)


paths = []
for z in range(minz, maxz + 1):
    xs, ys = tile_range(z)
    paths += [f"/styles/yuanhui/{z}/{x}/{y}.png" for y in ys for x in xs]
lock = threading.Lock()
queue = list(paths)
errors = []


def worker():
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    while True:
        with lock:
            if not queue:
                return
            path = queue.pop(0)
        conn.request("GET", path)
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            errors.append((path, r.status))


start = time.time()
threads = [threading.Thread(target=worker) for _ in range(concurrency)]
for t in threads: t.start()
for t in threads: t.join()
seconds = time.time() - start
print(f"RESULT tiles={len(paths)} errors={len(errors)} seconds={seconds:.2f} tiles_per_s={len(paths) / seconds:.1f}")
