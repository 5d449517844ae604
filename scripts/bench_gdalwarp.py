#!/usr/bin/python3
"""GDAL's warper against Cartouche's on one map (docs/PERFORMANCE.md, "Warping: GDALWarp or
our lattice"): the peers' GeoTIFF (EPSG:3857, 8000x8000 RGB, DEFLATE, overviews) warped to a
2000x2000 EPSG:4547 map of the peers' full-map box, bilinear.

  GDAL:      gdal.Warp to a MEM dataset (the C warper; Python only calls it), overview
             chosen by GDAL (-ovr AUTO), approximate transformer at 0.125 px (gdalwarp's
             default), one thread and all cores; the dataset opened beforehand.
  Cartouche: `cartouche render` of a style with only the raster layer, CARTOUCHE_TIMINGS=1;
             the "scene" phase is the read and the warp (the file is opened in "load").

  scripts/bench_gdalwarp.py IMAGE.tif CARTOUCHE_BIN [RUNS]
Run under /usr/bin/python3 (Debian's python3-gdal), after `echo -20 > /proc/$$/autogroup`.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from osgeo import gdal

gdal.UseExceptions()
image, binary = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
# common.map_bbox in EPSG:4547, and the lon/lat box whose envelope it is (cartouche_render.py).
BOX_4547 = (491395.1877435289, 3705504.895760097, 512318.71962067095, 3726428.4276372395)
BBOX_LONLAT = "113.907423909,33.475678216,114.132532665,33.664252522"

work = tempfile.mkdtemp(prefix="bench-gdalwarp-")
style = os.path.join(work, "style.json")
with open(style, "w") as f:
    json.dump({"version": 8, "metadata": {"cartouche:crs": "EPSG:4547"},
               "sources": {"image": {"type": "raster", "url": "file:" + os.path.abspath(image)}},
               "layers": [{"id": "background", "type": "background", "paint": {"background-color": "#ffffff"}},
                          {"id": "image", "type": "raster", "source": "image"}]}, f)


def gdal_warp(threads):
    src = gdal.OpenEx(image, gdal.OF_RASTER, open_options=["NUM_THREADS=%s" % threads])
    t = time.perf_counter()
    dst = gdal.Warp("", src, format="MEM", outputBounds=BOX_4547, width=2000, height=2000, dstSRS="EPSG:4547",
                    resampleAlg="bilinear", errorThreshold=0.125, multithread=threads != "1",
                    warpOptions=["NUM_THREADS=%s" % threads], warpMemoryLimit=512)
    warp = time.perf_counter() - t
    # What our path hands on: the pixels, interleaved (read out of the MEM dataset).
    dst.ReadRaster(buf_type=gdal.GDT_Byte, band_list=[1, 2, 3], buf_pixel_space=4, buf_band_space=1, buf_line_space=8000)
    return warp, time.perf_counter() - t


def cartouche():
    out = os.path.join(work, "map.png")
    env = dict(os.environ, CARTOUCHE_TIMINGS="1")
    p = subprocess.run([binary, "render", style, "-o", out, "--width", "2000", "--height", "2000", "--crs", "EPSG:4547",
                        "--bbox", BBOX_LONLAT], capture_output=True, text=True, env=env, check=True)
    timings = json.loads([line for line in (p.stdout + p.stderr).splitlines() if line.startswith("{")][-1])
    return timings["phase_scene"]


results = {"gdal 1 thread": [], "gdal all cores": [], "gdal 1 thread +read": [], "gdal all cores +read": [], "cartouche scene": []}
for _ in range(runs):
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    for threads, name in (("1", "gdal 1 thread"), ("ALL_CPUS", "gdal all cores")):
        warp, total = gdal_warp(threads)
        results[name].append(warp)
        results[name + " +read"].append(total)
    results["cartouche scene"].append(cartouche())
    print("load %s: " % load + ", ".join("%s %.3f" % (k, v[-1]) for k, v in results.items()), flush=True)
shutil.rmtree(work)
for k, v in results.items():
    print("%-22s median %.3f s (min %.3f, max %.3f)" % (k, statistics.median(v), min(v), max(v)))
