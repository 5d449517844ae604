#!/usr/bin/env bash
# The load test of docs/PERFORMANCE.md: a release `cartouche serve` on a loopback port,
# (1) cold tiles: every tile of a pyramid asked for once, 16 at a time, against
# `cartouche tiles` drawing the same pyramid; (2) wrk, 64 connections for 30 s, on tile URLs
# and on static map URLs. Needs wrk (Debian) and a release build (swift build -c release).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/cartouche
PORT=${PORT:-18480}
BBOX=${BBOX:-113.76,33.44,114.07,33.62}
ZOOMS=${ZOOMS:-10-15}
DURATION=${DURATION:-30s}
OUT=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$OUT"' EXIT

echo "== cartouche tiles $ZOOMS"
$BIN tiles Styles/yuanhui.json --bbox "$BBOX" --zooms "$ZOOMS" -o "$OUT/pyramid.mbtiles" 2>&1 | tail -1

$BIN serve Styles/yuanhui.json --port "$PORT" --render-slots "$(nproc)" 2>"$OUT/serve.log" &
SERVER=$!
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.2; done

echo "== cold tiles over HTTP $ZOOMS (16 clients)"
python3 scripts/loadtest/cold_tiles.py "$PORT" "${ZOOMS%-*}" "${ZOOMS#*-}" "$BBOX" 16

echo "== wrk: tiles (warm: the pyramid above, random order)"
python3 - "$BBOX" > "$OUT/tiles.txt" <<'PY'
import math, sys
w, s, e, n = map(float, sys.argv[1].split(","))
for z in range(10, 16):
    k = 2 ** z
    col = lambda lon: int((lon + 180) / 360 * k)
    row = lambda lat: int((1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * k)
    for y in range(row(n), row(s) + 1):
        for x in range(col(w), col(e) + 1):
            print(f"/styles/yuanhui/{z}/{x}/{y}.png")
PY
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
