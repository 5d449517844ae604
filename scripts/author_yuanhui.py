#!/usr/bin/env python3
"""Writes GeoData/yuanhui/*.geojson and projects.csv: the Yuanhui District sample.

The sample is authored for this repository from general knowledge of the district's
layout (positions are approximate, rounded to about 100 m), not traced from any boundary
or map data set. Re-running it rewrites the files byte for byte.
"""
import csv
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "GeoData", "yuanhui")


def fc(features):
    return {"type": "FeatureCollection", "features": features}


def feature(geometry, props, fid=None):
    f = {"type": "Feature"}
    if fid is not None:
        f["id"] = fid
    f["geometry"] = geometry
    # Absent rather than null: ["has", key] is true for a null member.
    f["properties"] = {k: v for k, v in props.items() if v is not None}
    return f


def line(coords):
    return {"type": "LineString", "coordinates": coords}


def polygon(ring):
    if ring[0] != ring[-1]:
        ring = ring + [ring[0]]
    return {"type": "Polygon", "coordinates": [ring]}


def rect(x0, y0, x1, y1):
    return polygon([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])


def point(x, y):
    return {"type": "Point", "coordinates": [x, y]}


# The district outline: a coarse hand-drawn sketch (24 vertices), not a surveyed boundary.
OUTLINE = [
    [114.035, 33.535], [114.005, 33.515], [113.985, 33.495], [113.955, 33.475], [113.920, 33.470],
    [113.900, 33.480], [113.850, 33.478], [113.810, 33.455], [113.787, 33.462], [113.790, 33.500],
    [113.835, 33.512], [113.855, 33.538], [113.845, 33.565], [113.827, 33.607], [113.870, 33.602],
    [113.905, 33.592], [113.930, 33.598], [113.945, 33.582], [113.965, 33.562], [113.985, 33.570],
    [113.980, 33.587], [114.012, 33.580], [114.038, 33.572], [114.040, 33.550],
]

boundary = fc([feature(polygon(OUTLINE), {"name": "源汇区", "name_en": "Yuanhui District", "adcode": 411102,
                                          "kind": "district", "parent": "漯河市"}, 1)])

SHA = [[113.760, 33.612], [113.800, 33.608], [113.830, 33.606], [113.870, 33.601], [113.900, 33.592],
       [113.930, 33.597], [113.950, 33.589], [113.975, 33.588], [113.995, 33.584], [114.015, 33.579],
       [114.040, 33.571], [114.070, 33.565]]
LI = [[113.760, 33.470], [113.800, 33.490], [113.840, 33.515], [113.870, 33.530], [113.900, 33.545],
      [113.930, 33.553], [113.955, 33.562], [113.975, 33.575], [113.995, 33.584]]
rivers = fc([
    feature(line(SHA), {"name": "沙河", "name_en": "Sha River", "kind": "river", "width_m": 180}, 1),
    feature(line(LI), {"name": "澧河", "name_en": "Li River", "kind": "river", "width_m": 120}, 2),
])

# Roads: name, class, and what happened to them in 2024 (work: built, reopened, resurfaced,
# drainage; null for none), with the year of that work.
ROADS = [
    # name, class, work, coordinates
    ("京港澳高速", "motorway", None, [[113.925, 33.440], [113.927, 33.520], [113.930, 33.560], [113.935, 33.620]]),
    ("107国道", "trunk", None, [[113.955, 33.445], [113.956, 33.500], [113.958, 33.545], [113.962, 33.600]]),
    ("漯舞路", "primary", None, [[113.790, 33.571], [113.840, 33.573], [113.875, 33.572], [113.920, 33.574], [113.955, 33.576], [113.975, 33.578]]),
    ("嵩山路", "primary", None, [[113.968, 33.532], [113.968, 33.556], [113.970, 33.572]]),
    ("峨眉山路", "secondary", "built", [[113.985, 33.528], [113.985, 33.552], [113.985, 33.572]]),
    ("泰山路", "primary", None, [[114.000, 33.525], [114.000, 33.555], [114.000, 33.582]]),
    ("五一路", "primary", "resurfaced", [[114.017, 33.555], [114.017, 33.568], [114.016, 33.580]]),
    ("五一路南段", "secondary", "drainage", [[114.017, 33.520], [114.017, 33.538], [114.017, 33.555]]),
    ("交通南路", "primary", "drainage", [[114.031, 33.522], [114.031, 33.550], [114.030, 33.574]]),
    ("建新路", "secondary", "built", [[113.962, 33.572], [113.990, 33.572], [114.010, 33.571], [114.036, 33.570]]),
    ("湘江路", "secondary", None, [[113.968, 33.565], [114.000, 33.565], [114.038, 33.564]]),
    ("珠江路", "secondary", None, [[113.972, 33.558], [114.000, 33.558], [114.039, 33.557]]),
    ("金江路", "secondary", "resurfaced", [[113.966, 33.551], [114.000, 33.551], [114.040, 33.550]]),
    ("银江路", "tertiary", "resurfaced", [[113.966, 33.544], [114.000, 33.544], [114.036, 33.544]]),
    ("桃江路", "secondary", "built", [[113.962, 33.537], [113.990, 33.537], [114.017, 33.537], [114.034, 33.537]]),
    ("琴江路", "tertiary", "drainage", [[113.970, 33.530], [114.000, 33.530], [114.028, 33.530]]),
    ("灤北新路", "secondary", "reopened", [[113.900, 33.556], [113.930, 33.563], [113.950, 33.569], [113.962, 33.572]]),
    ("大刘路", "tertiary", None, [[113.985, 33.528], [113.955, 33.512], [113.930, 33.500], [113.890, 33.488], [113.850, 33.482]]),
    ("阴阳赵路", "tertiary", None, [[114.000, 33.525], [113.985, 33.510], [113.965, 33.497], [113.956, 33.490]]),
    ("空冢郭路", "tertiary", None, [[113.875, 33.572], [113.872, 33.545], [113.862, 33.522], [113.845, 33.500], [113.832, 33.490]]),
    ("问十路", "tertiary", None, [[113.875, 33.572], [113.862, 33.585], [113.850, 33.596]]),
]
roads = fc([
    feature(line(c), {"name": n, "class": cls, "work_2024": work, "year": 2024 if work else None}, i + 1)
    for i, (n, cls, work, c) in enumerate(ROADS)
])

PLACES = [
    # name, kind, lon, lat, population (approximate)
    ("空冢郭镇", "town", 113.875, 33.572, 52000),
    ("大刘镇", "town", 113.890, 33.488, 48000),
    ("阴阳赵镇", "town", 113.957, 33.492, 45000),
    ("问十乡", "township", 113.848, 33.596, 38000),
    ("老街街道", "subdistrict", 114.020, 33.576, 61000),
    ("马路街街道", "subdistrict", 114.030, 33.562, 58000),
    ("顺河街街道", "subdistrict", 114.006, 33.568, 55000),
    ("干河陈街道", "subdistrict", 113.978, 33.548, 64000),
    ("前朱村", "village", 113.918, 33.536, 2100),
    ("蔡庄村", "village", 113.942, 33.522, 1800),
    ("半坡朱村", "village", 113.860, 33.520, 1600),
    ("大陈村", "village", 113.828, 33.492, 2400),
    ("宋庄村", "village", 113.905, 33.506, 1900),
    ("姬石村", "village", 113.810, 33.470, 1300),
    ("许庄村", "village", 113.886, 33.548, 1500),
    ("王岗村", "village", 113.832, 33.585, 1700),
    ("赵湾村", "village", 113.975, 33.508, 1400),
    ("后谢村", "village", 113.945, 33.478, 1200),
]
places = fc([
    feature(point(x, y), {"name": n, "kind": k, "population": p}, i + 1)
    for i, (n, k, x, y, p) in enumerate(PLACES)
])

PARKS = [
    # name, kind, polygon
    ("人民公园", "park", rect(114.008, 33.566, 114.014, 33.570)),
    ("西城公园", "park", rect(113.972, 33.559, 113.979, 33.563)),
    ("光电产业园", "industrial", rect(113.940, 33.538, 113.952, 33.548)),
    ("中小企业科技孵化园", "industrial", rect(113.988, 33.538, 113.997, 33.545)),
    ("漯河生态循环经济(EOD)产业园", "industrial", polygon([[113.922, 33.505], [113.940, 33.503], [113.942, 33.516], [113.924, 33.518]])),
    ("半坡朱村中医健康产业园", "industrial", rect(113.862, 33.522, 113.872, 33.530)),
    ("大陈村乡村振兴产业园", "agricultural", rect(113.830, 33.494, 113.842, 33.502)),
    ("宋庄村高效农业产业园", "agricultural", polygon([[113.898, 33.494], [113.912, 33.492], [113.916, 33.502], [113.900, 33.504]])),
]
parks = fc([feature(g, {"name": n, "kind": k}, i + 1) for i, (n, k, g) in enumerate(PARKS)])

SCENIC = [
    ("河上街区", "scenic", "AAAA", polygon([[113.996, 33.579], [114.004, 33.577], [114.006, 33.581], [113.998, 33.583]])),
    ("漯河古镇", "scenic", "AAA", rect(113.986, 33.575, 113.993, 33.580)),
    ("昌建广场", "plaza", None, rect(114.021, 33.559, 114.025, 33.562)),
    ("沙澧河风景区", "scenic", "AAAA", polygon([[113.940, 33.592], [113.975, 33.591], [113.995, 33.588], [114.015, 33.583],
                                              [114.040, 33.575], [114.040, 33.569], [114.015, 33.576], [113.995, 33.581],
                                              [113.975, 33.585], [113.950, 33.586]])),
]
scenic = fc([feature(g, {"name": n, "kind": k, "level": lv}, i + 1) for i, (n, k, lv, g) in enumerate(SCENIC)])

PROJECTS = [
    # number, name, category, status, investment (100 million yuan), lon, lat
    (1, "曙光医疗器械综合生产项目", "产业", "在建", 12.0, 113.954, 33.541),
    (2, "美沙瓦医疗二期", "产业", "在建", 5.5, 113.947, 33.535),
    (3, "颐高数字总部港", "服务业", "在建", 8.0, 114.004, 33.549),
    (4, "豪之英电商中心", "服务业", "建成", 3.2, 114.022, 33.546),
    (5, "垃圾焚烧发电项目", "基础设施", "在建", 6.8, 113.916, 33.514),
    (6, "沙澧河生态修复工程", "生态", "在建", 4.1, 113.985, 33.585),
    (7, "老旧小区改造工程", "民生", "建成", 2.3, 114.026, 33.569),
    (8, "桃江路道路工程", "基础设施", "建成", 1.9, 113.992, 33.536),
    (9, "空冢郭镇污水处理厂", "基础设施", "在建", 1.2, 113.881, 33.563),
    (10, "大刘镇乡村振兴示范区", "乡村振兴", "在建", 2.6, 113.895, 33.495),
    (11, "中小企业科技孵化园二期", "产业", "在建", 3.5, 113.993, 33.541),
    (12, "半坡朱村中医康养中心", "民生", "在建", 1.5, 113.867, 33.526),
]
projects = fc([
    feature(point(x, y), {"number": n, "name": name, "category": c, "status": s, "investment": inv, "year": 2024}, n)
    for (n, name, c, s, inv, x, y) in PROJECTS
])

# Points of interest drawn as icons by the demo style: hospitals and schools (approximate
# positions, names as the places are commonly known), and where the 107 road's number
# plate goes (points on its line).
POIS = [
    ("漯河市中心医院", "hospital", 114.016, 33.571),
    ("源汇区人民医院", "hospital", 113.995, 33.560),
    ("漯河市第二人民医院", "hospital", 114.035, 33.557),
    ("漯河市高级中学", "school", 114.008, 33.553),
    ("源汇区实验中学", "school", 114.024, 33.566),
    ("漯河实验小学", "school", 113.985, 33.566),
    ("大刘镇中心小学", "school", 113.894, 33.483),
    ("空冢郭镇中学", "school", 113.871, 33.566),
]
SHIELDS = [("G107", 113.9566, 33.513), ("G107", 113.9593, 33.562)]
pois = fc([feature(point(x, y), {"name": n, "kind": k}, i + 1) for i, (n, k, x, y) in enumerate(POIS)]
          + [feature(point(x, y), {"ref": r, "kind": "shield", "road": "107国道"}, len(POIS) + i + 1)
             for i, (r, x, y) in enumerate(SHIELDS)])

LAYERS = {"boundary": boundary, "rivers": rivers, "roads": roads, "places": places, "parks": parks,
          "scenic": scenic, "projects": projects, "pois": pois}


def write_geojson(name, doc):
    # One feature per line: readable diffs, still small.
    path = os.path.join(OUT, name + ".geojson")
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        f.write(",\n".join(json.dumps(ft, ensure_ascii=False, separators=(",", ":")) for ft in doc["features"]))
        f.write("\n]}\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, doc in LAYERS.items():
        write_geojson(name, doc)
    with open(os.path.join(OUT, "projects.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["number", "name", "category", "status", "investment", "lon", "lat"])
        for row in PROJECTS:
            w.writerow(row)


if __name__ == "__main__":
    main()
