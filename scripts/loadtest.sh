#!/usr/bin/env bash
# The load test of docs/PERFORMANCE.md: a release `cartouche serve` on a loopback port,
# (1) cold tiles: every tile of a pyramid asked for once by curl, 16 at a time, against
# `cartouche tiles` drawing the same pyramid; (2) wrk, 64 connections for 30 s, on tile URLs
# and on static map URLs. Needs curl and wrk (Debian) and a release build
# (swift build -c release).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/cartouche
PORT=${PORT:-18480}
BBOX=${BBOX:-113.76,33.44,114.07,33.62}
ZOOMS=${ZOOMS:-10-17}
DURATION=${DURATION:-30s}
OUT=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$OUT"' EXIT

echo "== cartouche tiles $ZOOMS"
$BIN tiles Styles/yuanhui.json --bbox "$BBOX" --zooms "$ZOOMS" -o "$OUT/pyramid.mbtiles" 2>&1 | tail -1

$BIN serve Styles/yuanhui.json --port "$PORT" --render-slots "$(nproc)" 2>"$OUT/serve.log" &
SERVER=$!
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.2; done

# The pyramid's tile paths, as `cartouche tiles` counts them.
python3 - "$BBOX" "${ZOOMS%-*}" "${ZOOMS#*-}" > "$OUT/tiles.txt" <<'PY'
import math, sys
w, s, e, n = map(float, sys.argv[1].split(","))
for z in range(int(sys.argv[2]), int(sys.argv[3]) + 1):
    k = 2 ** z
    col = lambda lon: min(k - 1, int((lon + 180) / 360 * k))
    row = lambda lat: min(k - 1, int((1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * k))
    for y in range(row(n), row(s) + 1):
        for x in range(col(w), col(e) + 1):
            print(f"/styles/yuanhui/{z}/{x}/{y}.png")
PY
COUNT=$(wc -l < "$OUT/tiles.txt")

echo "== cold tiles over HTTP $ZOOMS: $COUNT tiles, curl --parallel-max 16"
awk -v port="$PORT" '{print "url = \"http://127.0.0.1:" port $0 "\"\noutput = \"/dev/null\""}' "$OUT/tiles.txt" > "$OUT/curl.cfg"
START=$(date +%s.%N)
curl -s --parallel --parallel-max 16 -K "$OUT/curl.cfg" -w "%{http_code}\n" 2>/dev/null | sort | uniq -c
END=$(date +%s.%N)
python3 -c "import sys; n, s = int(sys.argv[1]), float(sys.argv[3]) - float(sys.argv[2]); print(f'{n / s:.1f} tiles/s in {s:.2f} s')" "$COUNT" "$START" "$END"

echo "== wrk: tiles (warm: the pyramid above, random order)"
URLS="$OUT/tiles.txt" wrk -t2 -c64 -d"$DURATION" --timeout 30s -s scripts/loadtest/urls.lua "http://127.0.0.1:$PORT" | grep -E "RESULT|Non-2xx" || true

echo "== wrk: static maps (200 different 512x384 maps around the district, cold at first)"
python3 - > "$OUT/static.txt" <<'PY'
import random
random.seed(7)
for i in range(200):
    lon, lat, z = 113.8 + random.random() * 0.25, 33.46 + random.random() * 0.14, random.choice([12, 13, 14])
    print(f"/styles/yuanhui/static/{lon:.4f},{lat:.4f},{z}/512x384.png")
PY
URLS="$OUT/static.txt" wrk -t2 -c64 -d"$DURATION" --timeout 30s -s scripts/loadtest/urls.lua "http://127.0.0.1:$PORT" | grep -E "RESULT|Non-2xx" || true

echo "== wrk: one static map (cached)"
echo "/styles/yuanhui/static/114.0,33.56,13/512x384.png" > "$OUT/one.txt"
URLS="$OUT/one.txt" wrk -t2 -c64 -d"$DURATION" --timeout 30s -s scripts/loadtest/urls.lua "http://127.0.0.1:$PORT" | grep -E "RESULT|Non-2xx" || true
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E "^cartouche_(cache|rejected)" || true
