#!/usr/bin/env bash
# Tiles a regional basemap around Luohe for the Yuanhui district map
# (Styles/yuanhui-basemap.json): the Henan prefecture-level cities and Luohe's districts
# (DataV boundaries, ../shared/data/luohe), Natural Earth rivers and urban areas and towns,
# cut into vector tiles z5–12 by GDAL's MVT driver (ogr2ogr -f MBTILES), and the same tiles
# as PMTiles by pmtiles-convert (`pip install pmtiles`), when it is installed.
#
#   scripts/make_basemap.sh          writes out/basemap/luohe.mbtiles (+ luohe.pmtiles)
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data
out=out/basemap
mkdir -p "$out"
rm -f "$out/luohe.mbtiles" "$out/luohe.pmtiles"
cat > "$out/luohe.vrt" <<VRT
<OGRVRTDataSource>
  <OGRVRTLayer name="cities"><SrcDataSource>$PWD/$data/luohe/henan_cities_wgs84.geojson</SrcDataSource><SrcLayer>henan_cities_wgs84</SrcLayer></OGRVRTLayer>
  <OGRVRTLayer name="districts"><SrcDataSource>$PWD/$data/luohe/luohe_districts_wgs84.geojson</SrcDataSource><SrcLayer>luohe_districts_wgs84</SrcLayer></OGRVRTLayer>
  <OGRVRTLayer name="urban"><SrcDataSource>$PWD/$data/naturalearth/50m/ne_50m_urban_areas.geojson</SrcDataSource><SrcLayer>ne_50m_urban_areas</SrcLayer>
    <SrcRegion>POLYGON((110 31,117 31,117 37,110 37,110 31))</SrcRegion></OGRVRTLayer>
  <OGRVRTLayer name="rivers"><SrcDataSource>$PWD/$data/naturalearth/china/ne_10m_rivers_china_bbox.geojson</SrcDataSource><SrcLayer>ne_10m_rivers_china_bbox</SrcLayer>
    <SrcRegion>POLYGON((110 31,117 31,117 37,110 37,110 31))</SrcRegion></OGRVRTLayer>
  <OGRVRTLayer name="towns"><SrcDataSource>$PWD/$data/naturalearth/china/ne_10m_populated_places_china.geojson</SrcDataSource><SrcLayer>ne_10m_populated_places_china</SrcLayer>
    <SrcRegion>POLYGON((110 31,117 31,117 37,110 37,110 31))</SrcRegion></OGRVRTLayer>
</OGRVRTDataSource>
VRT
ogr2ogr -f MBTILES "$out/luohe.mbtiles" "$out/luohe.vrt" -dsco MINZOOM=5 -dsco MAXZOOM=12 \
  -dsco NAME="Luohe basemap" -dsco MAX_SIZE=200000000 -dsco MAX_FEATURES=100000000
if command -v pmtiles-convert >/dev/null; then
  pmtiles-convert "$out/luohe.mbtiles" "$out/luohe.pmtiles" 2>/dev/null
fi
echo "basemap: wrote $out/luohe.mbtiles$([ -f "$out/luohe.pmtiles" ] && echo " and luohe.pmtiles")"
