#!/usr/bin/env bash
# Makes a Debian 12 machine ready for Cartouche and builds it. Safe to run again: it
# installs with apt only what is missing, and the build is incremental.
#
#   scripts/setup.sh            install what is missing, build (release)
#   scripts/setup.sh --no-build install only
set -euo pipefail
cd "$(dirname "$0")/.."

# System libraries (headers and pkg-config files), PROJ's database, the fonts the styles
# and tests use (Chinese: Noto Sans CJK; Latin: Open Sans, DejaVu), and the tools the tests
# use to check SVG and PDF output (rsvg-convert, pdftoppm, pdftotext, qpdf).
PACKAGES=(
  pkg-config libcairo2-dev libpango1.0-dev libisal-dev zlib1g-dev libproj-dev proj-data
  librsvg2-dev
  fonts-noto-cjk fonts-open-sans fonts-dejavu-core fontconfig
  librsvg2-bin poppler-utils qpdf
  # Vector datasets (GeoPackage, Shapefile, FlatGeobuf, ...) and rasters through GDAL;
  # gdal-bin's tools make the tests' datasets and rasters.
  libgdal-dev gdal-bin
  # PostGIS sources: libpq to build; the PostGIS tests start a throwaway PostgreSQL 15 cluster
  # and load it with GDAL's ogr2ogr
  libpq-dev postgresql-15 postgresql-15-postgis-3
  # Vector tiles: SQLite for MBTiles; GDAL's ogr2ogr writes the tiles the tests read.
  libsqlite3-dev
  # cartouche serve / tiles: the real clients its tests drive (GDAL's
  # WMS driver, headless Chromium with Debian's Leaflet), wrk for the load test, pip.
  chromium libjs-leaflet wrk python3-pip
  # Raster tile archives: the tests take tiles out of MBTiles and break them with the
  # sqlite3 shell.
  sqlite3
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    SUDO=sudo
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fc-cache -f >/dev/null 2>&1 || true
else
  echo "setup: system packages already installed"
fi

# Python tools the tests drive (PyPI): OWSLib (a WMS client), pmtiles (pmtiles-convert and
# the PMTiles reader).
if ! python3 -c "import owslib, pmtiles" 2>/dev/null || ! command -v pmtiles-convert >/dev/null; then
  echo "setup: pip install OWSLib pmtiles"
  python3 -m pip install --quiet --break-system-packages OWSLib pmtiles 2>&1 | grep -v "Running pip as the 'root' user" || true
fi

command -v swift >/dev/null || { echo "setup: swift is not on PATH (Swift 6.1 or later is needed)" >&2; exit 1; }

if [ "${1:-}" != "--no-build" ]; then
  echo "setup: building (release)"
  # The Swift runtime and Foundation linked into the binary: it starts in 22 ms instead of
  # 31 (docs/PERFORMANCE.md, "Every store against its peer").
  swift build -c release --product cartouche --static-swift-stdlib 2>&1 | grep -v "prohibited flag" || true
  test -x .build/release/cartouche || { echo "setup: build failed" >&2; exit 1; }
fi
