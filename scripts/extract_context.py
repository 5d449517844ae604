#!/usr/bin/env python3
"""Writes GeoData/context/: cities and rivers around Luohe for locator insets, cut from
Natural Earth 10m (public domain, naturalearthdata.com) as kept in ../shared/data.

Usage: python3 scripts/extract_context.py [NATURAL_EARTH_CHINA_FOLDER]
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared", "data", "naturalearth", "china")
OUT = os.path.join(HERE, "..", "GeoData", "context")
BOX = (111.5, 32.0, 116.5, 35.5)
# Natural Earth writes some names in traditional characters; the map uses simplified ones.
SIMPLIFIED = {"開封": "开封", "洛陽": "洛阳"}
RIVERS_ZH = {"Huai": "淮河", "Ying": "颍河", "Huang": "黄河", "Quan": "泉河", "Qin": "沁河"}


def inside(x, y):
    return BOX[0] <= x <= BOX[2] and BOX[1] <= y <= BOX[3]


def write(name, features):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        f.write(",\n".join(json.dumps(ft, ensure_ascii=False, separators=(",", ":")) for ft in features))
        f.write("\n]}\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    places = json.load(open(os.path.join(SOURCE, "ne_10m_populated_places_china.geojson"), encoding="utf-8"))
    cities = []
    for f in places["features"]:
        x, y = f["geometry"]["coordinates"][:2]
        p = f["properties"]
        if inside(x, y):
            cities.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(x, 4), round(y, 4)]},
                           "properties": {"name": SIMPLIFIED.get(p["NAME_ZH"], p["NAME_ZH"]), "name_en": p["NAME"],
                                          "rank": p["SCALERANK"], "population": p["POP_MAX"]}})
    rivers = []
    data = json.load(open(os.path.join(SOURCE, "ne_10m_rivers_china_bbox.geojson"), encoding="utf-8"))
    for f in data["features"]:
        g = f["geometry"]
        lines = [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]
        kept = []
        for line in lines:
            part = []
            for x, y in (c[:2] for c in line):
                if inside(x, y):
                    part.append([round(x, 4), round(y, 4)])
                elif len(part) >= 2:
                    kept.append(part)
                    part = []
                else:
                    part = []
            if len(part) >= 2:
                kept.append(part)
        if kept:
            name = f["properties"]["name"]
            rivers.append({"type": "Feature", "geometry": {"type": "MultiLineString", "coordinates": kept},
                           "properties": {"name": RIVERS_ZH.get(name, name), "name_en": name}})
    write("cities.geojson", sorted(cities, key=lambda c: c["properties"]["rank"]))
    write("rivers.geojson", rivers)


if __name__ == "__main__":
    main()
