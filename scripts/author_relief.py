#!/usr/bin/env python3
"""Writes GeoData/relief/yuanhui-dem.tif: a GENERATED elevation model (metres) around Yuanhui
District in EPSG:4547, 100 m cells, for the shaded-relief gallery map and raster examples.

It is not survey data and not real terrain: the district lies on the flat Huang-Huai plain
(about 55-65 m). The surface here is a smooth synthetic one (a gentle westward rise, rolling
hills from a fixed sum of sines and Gaussian knolls, and two valleys cut along the sample
rivers of GeoData/yuanhui/rivers.geojson), made so that a hillshade has something to show.

Standard library only, then gdal_translate (gdal-bin) to a DEFLATE-compressed Float32 GeoTIFF (decimetres kept).
Deterministic: the same bytes every run.
"""
import json, math, os, subprocess, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WEST, NORTH, CELL, COLS, ROWS = 477000.0, 3723000.0, 100.0, 290, 230

def to_gk(lon, lat):
    """CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547) by the series of the TM projection."""
    a, f = 6378137.0, 1 / 298.257222101
    e2 = f * (2 - f); ep2 = e2 / (1 - e2)
    phi, lam = math.radians(lat), math.radians(lon - 114)
    n = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
    t, c = math.tan(phi) ** 2, ep2 * math.cos(phi) ** 2
    A = lam * math.cos(phi)
    m = a * ((1 - e2 / 4 - 3 * e2 ** 2 / 64) * phi - (3 * e2 / 8 + 3 * e2 ** 2 / 32) * math.sin(2 * phi)
             + (15 * e2 ** 2 / 256) * math.sin(4 * phi))
    x = 500000 + n * (A + (1 - t + c) * A ** 3 / 6)
    y = m + n * math.tan(phi) * (A ** 2 / 2 + (5 - t + 9 * c) * A ** 4 / 24)
    return x, y

def rivers():
    with open(os.path.join(ROOT, "GeoData/yuanhui/rivers.geojson"), encoding="utf-8") as f:
        data = json.load(f)
    lines = []
    for feature in data["features"]:
        g = feature["geometry"]
        parts = [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]
        lines += [[to_gk(*p[:2]) for p in part] for part in parts]
    return lines

def distance_to(lines, x, y):
    best = 1e12
    for line in lines:
        for (x0, y0), (x1, y1) in zip(line, line[1:]):
            dx, dy = x1 - x0, y1 - y0
            t = max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy or 1)))
            best = min(best, math.hypot(x - x0 - t * dx, y - y0 - t * dy))
    return best

KNOLLS = [(483000, 3716000, 260, 1900), (488500, 3707500, 210, 1600), (497000, 3718500, 160, 1400),
          (501500, 3704500, 150, 1300), (480500, 3704000, 300, 2300), (492500, 3712500, 110, 1100),
          (486000, 3721000, 180, 1500), (495500, 3702500, 140, 1400)]

def elevation(lines, x, y):
    h = 58 + (WEST + COLS * CELL - x) / 1000 * 3.0            # rising westward
    h += 20 * math.sin(x / 2100) * math.cos(y / 2700) + 10 * math.sin((x + y) / 1500)
    for kx, ky, height, radius in KNOLLS:
        h += height * math.exp(-((x - kx) ** 2 + (y - ky) ** 2) / (2 * radius ** 2))
    d = distance_to(lines, x, y)
    h -= 45 * math.exp(-(d / 800) ** 2)                       # river valleys
    return h

def main():
    lines = rivers()
    rows = []
    for r in range(ROWS):
        y = NORTH - (r + 0.5) * CELL
        rows.append(" ".join(f"{elevation(lines, WEST + (c + 0.5) * CELL, y):.1f}" for c in range(COLS)))
    header = f"ncols {COLS}\nnrows {ROWS}\nxllcorner {WEST}\nyllcorner {NORTH - ROWS * CELL}\ncellsize {CELL}\nNODATA_value -9999\n"
    out = os.path.join(ROOT, "GeoData/relief/yuanhui-dem.tif")
    with tempfile.TemporaryDirectory() as tmp:
        asc = os.path.join(tmp, "dem.asc")
        with open(asc, "w") as f:
            f.write(header + "\n".join(rows) + "\n")
        subprocess.run(["gdal_translate", "-q", "-ot", "Float32", "-a_srs", "EPSG:4547", "-co", "COMPRESS=DEFLATE",
                        "-co", "PREDICTOR=3", "-co", "ZLEVEL=9", asc, out], check=True)
    aux = out + ".aux.xml"
    if os.path.exists(aux):
        os.remove(aux)
    print(out, os.path.getsize(out), "bytes")

if __name__ == "__main__":
    main()
