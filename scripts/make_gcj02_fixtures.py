#!/usr/bin/env python3
"""Writes Tests/ProjectionTests/Fixtures/gcj02-bd09-reference.csv: 1,000 WGS84 points (most
over China, some outside it and some near the edges of the box where the GCJ-02 offset
stops) with their GCJ-02 and BD-09 positions as two independent implementations from PyPI
give them:

    pip install coordtransform prcoords    # MIT; public domain (CC0)

coordtransform gives the reference values; prcoords, written separately, must agree with it
to 1e-9 degrees (0.1 mm) wherever both consider the point to be in China (prcoords' box is
larger), or this script stops. The Swift tests read the CSV, so they need neither package.
"""
import math
import os
import random
import sys

import coordTransform as ct
import prcoords

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "ProjectionTests", "Fixtures", "gcj02-bd09-reference.csv")


def points():
    rng = random.Random(20240524)
    pts = [(114.02, 33.57), (113.954, 33.541), (116.3975, 39.9087), (121.4737, 31.2304), (113.2644, 23.1291),
           (104.0665, 30.5723), (87.6168, 43.8256), (126.6424, 45.7567), (91.1409, 29.6456), (109.5119, 18.2528)]
    # Over China: the whole box, and Henan more densely.
    while len(pts) < 700:
        pts.append((rng.uniform(73.7, 135.0), rng.uniform(3.9, 53.5)))
    while len(pts) < 880:
        pts.append((rng.uniform(110.3, 116.7), rng.uniform(31.3, 36.4)))
    # Outside the box: the rest of the world.
    while len(pts) < 970:
        lon, lat = rng.uniform(-180, 180), rng.uniform(-85, 85)
        if ct.out_of_china(lon, lat):
            pts.append((lon, lat))
    # Just inside and just outside its edges (0.01° either side).
    for i in range(30):
        t = rng.random()
        edge = i % 4
        side = 0.01 if (i // 4) % 2 == 0 else -0.01
        if edge == 0:
            pts.append((73.66 + side, 3.86 + t * (53.55 - 3.86)))
        elif edge == 1:
            pts.append((135.05 - side, 3.86 + t * (53.55 - 3.86)))
        elif edge == 2:
            pts.append((73.66 + t * (135.05 - 73.66), 3.86 + side))
        else:
            pts.append((73.66 + t * (135.05 - 73.66), 53.55 - side))
    return pts


def main():
    rows = []
    worst = 0.0
    for lon, lat in points():
        g = ct.wgs84_to_gcj02(lon, lat)
        b = ct.wgs84_to_bd09(lon, lat)
        if not ct.out_of_china(lon, lat) and prcoords.sanity_in_china_p(prcoords.Coords(lat, lon)):
            pg = prcoords.wgs_gcj((lat, lon))
            pb = prcoords.wgs_bd((lat, lon))
            d = max(abs(pg.lon - g[0]), abs(pg.lat - g[1]), abs(pb.lon - b[0]), abs(pb.lat - b[1]))
            worst = max(worst, d)
            if d > 1e-9:
                sys.exit(f"coordtransform and prcoords disagree at {lon}, {lat} by {d} degrees")
        rows.append(f"{lon:.10f},{lat:.10f},{g[0]:.10f},{g[1]:.10f},{b[0]:.10f},{b[1]:.10f}")
    with open(OUT, "w") as f:
        f.write("# WGS84, GCJ-02 and BD-09 by coordtransform 0.2.1, checked against prcoords 1.0.2; "
                "made by scripts/make_gcj02_fixtures.py\n")
        f.write("lon,lat,gcj_lon,gcj_lat,bd_lon,bd_lat\n")
        f.write("\n".join(rows) + "\n")
    print(f"{len(rows)} points; prcoords and coordtransform agree within {worst:.2e} degrees", file=sys.stderr)


if __name__ == "__main__":
    main()
