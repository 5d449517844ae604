import Cartouche

/// The geometry algorithms the renderer runs per map, on the generated large set's roads
/// (100,000 lines) and parks (5,000 polygons), in degrees. The tables are read once, in the
/// warm-up run; these benchmarks are left out when the large set is absent.
func geometryBenchmarks() -> [Benchmark] {
    guard LargeSet.isAvailable else { return [] }
    return [
        Benchmark(name: "rtree build large roads", unit: "features") {
            let boxes = LargeSet.roads.featureBounds
            let index = SpatialIndex(boxes: boxes)
            precondition(index.count == boxes.count)
            return Double(boxes.count)
        },
        Benchmark(name: "rtree query large roads", unit: "queries") {
            // Views of a 2 km square (an 800x600 atlas page at 3 m/px is 2.4 x 1.8 km).
            var rng = SplitMix(seed: 1)
            var found = 0
            let extent = LargeSet.roads.bounds
            let size = 0.02
            for _ in 0..<10_000 {
                let x = extent.minX + Double(rng.next() % 1000) / 1000 * (extent.width - size)
                let y = extent.minY + Double(rng.next() % 1000) / 1000 * (extent.height - size)
                LargeSet.roadIndex.search(Box(minX: x, minY: y, maxX: x + size, maxY: y + size)) { _ in found += 1 }
            }
            precondition(found > 0)
            return 10_000
        },
        Benchmark(name: "clip+simplify large roads", unit: "points") {
            // A quarter of the district, simplified to 2 m (a fifth of a 10 m pixel).
            let t = LargeSet.roads
            let view = Box(minX: t.bounds.minX, minY: t.bounds.minY, maxX: t.bounds.centerX, maxY: t.bounds.centerY)
            var out: [Double] = []
            for r in 0..<(t.ringStarts.count - 1) {
                t.withRing(r) { ring in
                    Clipping.clipLine(ring, to: view) { Simplification.simplify($0, tolerance: 2e-5, into: &out) }
                }
                out.removeAll(keepingCapacity: true)
            }
            return Double(t.pointCount)
        },
        Benchmark(name: "pole of inaccessibility large parks", unit: "polygons") {
            // To 1 m, about 1e-5 degree.
            let t = LargeSet.parks
            var polygons = 0
            for p in 0..<t.partKinds.count where t.partKinds[p] == .polygon {
                let rings = t.rings(of: p).map { r in t.withRing(r) { Array($0) } }
                let pole = LabelPoint.poleOfInaccessibility(rings: rings, precision: 1e-5)
                precondition(pole.distance > 0)
                polygons += 1
            }
            return Double(polygons)
        },
    ]
}

/// The large set's roads and parks, read on first use.
enum LargeSet {
    static let directory = GeoJSONSets.peerData + "/large"
    static var isAvailable: Bool { fileSize(directory + "/roads.geojson") > 0 && fileSize(directory + "/parks.geojson") > 0 }
    static let roads = try! GeoJSONReader.read(path: directory + "/roads.geojson").table
    static let parks = try! GeoJSONReader.read(path: directory + "/parks.geojson").table
    static let roadIndex = SpatialIndex(boxes: roads.featureBounds)
}
