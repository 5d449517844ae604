#!/usr/bin/env bash
# Runs one libFuzzer target for a given time.
#
#   scripts/fuzz.sh TARGET SECONDS     TARGET: geojson | style | csv | layout | tile
#
# Builds Fuzz/ (every module instrumented with -sanitize=fuzzer,address) into .build-fuzz,
# seeds .build-fuzz/corpus/TARGET from the test corpora and sample data, runs at low CPU
# priority, and appends one line per run to Fuzz/runs.log: date, target, seconds,
# executions, corpus size, result. A crashing input is written to Fuzz/crashes/TARGET/ and
# the script exits non-zero; turn it into a regression test, then delete it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

target=${1:?usage: scripts/fuzz.sh geojson|style|csv|layout|tile SECONDS}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
case $target in
  geojson) product=FuzzGeoJSON ;;
  style)   product=FuzzStyle ;;
  csv)     product=FuzzCSV ;;
  layout)  product=FuzzLayout ;;
  tile)    product=FuzzTile ;;
  *) echo "fuzz: unknown target $target (geojson, style, csv, layout, tile)" >&2; exit 2 ;;
esac

# gold fails on the duplicate `main` libFuzzer brings, so link with lld.
(cd Fuzz && nice -n 10 swift build -c release --scratch-path "$root/.build-fuzz" --product "$product" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld 2>&1 \
  | grep -v "prohibited flag" | tail -1)

corpus=.build-fuzz/corpus/$target
crashes=Fuzz/crashes/$target
mkdir -p "$corpus" "$crashes"

# Seeds: small files only, so that libFuzzer's input length stays where mutation is quick.
seed() { { find "$@" -type f -size -48k 2>/dev/null || true; } | while read -r f; do cp "$f" "$corpus/seed-$(cksum < "$f" | cut -d' ' -f1)"; done; }
conformance=../shared/conformance
case $target in
  geojson) seed Tests/GeometryTests/Malformed GeoData -name '*.geojson'
           seed "$conformance/assets/geojson" -name '*.json' ;;
  style)   seed Styles Tests/StyleTests/BrokenStyles -name '*.json'
           seed "$conformance/cases" -name 'style.json' ;;
  csv)     seed GeoData Tests/CartoucheTests/BadCSV -name '*.csv' ;;
  layout)  seed Tests/PageTests/BadLayouts -name '*.json'; seed Styles -name 'report-*.json' ;;
  tile)    seed "$conformance/assets/tiles" -name '*.mvt' ;;
esac

log=$(mktemp)
status=0
# Leak checking is off: the Swift runtime's caches look like leaks to LeakSanitizer.
ASAN_OPTIONS=detect_leaks=0 nice -n 10 ".build-fuzz/release/$product" "$corpus" \
  -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1 || status=$?

execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
elapsed=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' || echo "$seconds")
size=$(ls "$corpus" | wc -l)
result=$([ "$status" -eq 0 ] && echo clean || echo "CRASH (exit $status)")
echo "$(date -u +%FT%TZ) $target seconds=$elapsed execs=$execs corpus=$size $result" | tee -a Fuzz/runs.log
if [ "$status" -ne 0 ]; then
  grep -A40 "ERROR\|Fatal\|==ERROR" "$log" | head -60 >&2
  cp "$log" "$crashes/last-run.log"
fi
rm -f "$log"
exit "$status"
