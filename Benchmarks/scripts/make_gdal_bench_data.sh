#!/usr/bin/env bash
# Makes the GeoPackages of the dataset benchmark (GDALBenchmarks.swift): the Liechtenstein
# OpenStreetMap layers of ../shared/data/bench (31,852 features) repeated COPIES times,
# each copy shifted by whole steps of 0.2° east and 0.25° north on a grid COLS copies wide.
# Copy 0 stays in place, so a map of Vaduz draws the same features from every size.
#
#   make_gdal_bench_data.sh OUT.gpkg COPIES [COLS]
#
# About 330 MB and 10 s per million features here. Written to /tmp, never committed.
set -euo pipefail
out=$1 copies=$2 cols=${3:-20}
src=${BENCH_LAYERS:-$(cd "$(dirname "$0")/../.." && pwd)/../shared/data/bench/liechtenstein}
work=$(mktemp -d /tmp/gdalbench.XXXXXX)
trap 'rm -rf "$work"' EXIT
layers=(buildings landuse roads water waterways places)
for l in "${layers[@]}"; do
  ogr2ogr -f SQLite -dsco SPATIALITE=YES "$work/base.sqlite" "$src/$l.geojson" -nln "$l" \
    $([ -f "$work/base.sqlite" ] && echo -update) 2>/dev/null
done
# The grid of offsets, as a table the copies are joined with.
{
  echo "i,col,row"
  for ((k = 0; k < copies; k++)); do echo "$k,$((k % cols)),$((k / cols))"; done
} > "$work/grid.csv"
ogr2ogr -f SQLite -update "$work/base.sqlite" "$work/grid.csv" -nln grid -oo AUTODETECT_TYPE=YES
rm -f "$out"
for l in "${layers[@]}"; do
  fields=$(ogrinfo -so "$work/base.sqlite" "$l" | sed -n 's/^\([a-z_]*\): .*/\1/p' | grep -v '^\(fid\|ogc_fid\)$' | sed 's/^/b./' | paste -sd,)
  ogr2ogr -f GPKG "$out" "$work/base.sqlite" $([ -f "$out" ] && echo -update) -nln "$l" -gt 100000 \
    -dialect sqlite -sql "SELECT ST_Translate(b.GEOMETRY, g.col * 0.2, g.row * 0.25, 0) AS geom, $fields FROM $l b CROSS JOIN grid g ORDER BY g.i" \
    -a_srs EPSG:4326
done
ogrinfo -so "$out" | tail -n +3
