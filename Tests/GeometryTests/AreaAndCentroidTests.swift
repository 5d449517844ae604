#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Geometry

@Suite("Area and centroid")
struct AreaAndCentroidTests {
    static func table(_ geometry: String) throws -> FeatureTable {
        try GeoJSONReader.read(string: geometry, options: GeoJSONOptions(strict: true)).table
    }

    @Test func areasOfRingsAndPolygons() throws {
        let square: [Double] = [0, 0, 4, 0, 4, 4, 0, 4, 0, 0]
        #expect(square.withUnsafeBufferPointer { Area.signedRing($0) } == 16)
        let clockwise: [Double] = [0, 0, 0, 4, 4, 4, 4, 0, 0, 0]
        #expect(clockwise.withUnsafeBufferPointer { Area.signedRing($0) } == -16)
        #expect(Array(square.dropLast(2)).withUnsafeBufferPointer { Area.signedRing($0) } == 16)  // open rings too
        let t = try Self.table(#"{"type": "MultiPolygon", "coordinates": [[[[0,0],[4,0],[4,4],[0,4],[0,0]], [[1,1],[1,2],[2,2],[2,1],[1,1]]], [[[10,10],[11,10],[10,11],[10,10]]]]}"#)
        #expect(t.area(of: 0) == 16 - 1 + 0.5)
        #expect(try Self.table(#"{"type": "LineString", "coordinates": [[0,0],[4,4]]}"#).area(of: 0) == 0)
    }

    /// A random polygon's area is the shoelace sum about the origin, changes sign with the
    /// ring's direction, and does not change when it moves far from the origin.
    @Test func areaIsTheShoelaceSumAndDoesNotDependOnPosition() {
        var rng = SeededGenerator(seed: 23)
        for _ in 0..<200 {
            let ring = RandomShapes.starRing(0, 0, radius: 10, vertices: Int.random(in: 3...30, using: &rng), using: &rng)
            let area = ring.withUnsafeBufferPointer { Area.signedRing($0) }
            var reversed: [Double] = []
            for i in stride(from: ring.count - 2, through: 0, by: -2) { reversed += [ring[i], ring[i + 1]] }
            #expect(abs(reversed.withUnsafeBufferPointer { Area.signedRing($0) } + area) < 1e-12 * abs(area))
            var shoelace = 0.0
            for i in stride(from: 0, to: ring.count - 2, by: 2) {
                let cross: Double = ring[i] * ring[i + 3] - ring[i + 2] * ring[i + 1]
                shoelace += cross / 2
            }
            #expect(abs(area - shoelace) < 1e-9 * abs(area))
            let moved: [Double] = ring.enumerated().map { i, v in v + (i % 2 == 0 ? 500_000 : 3_700_000) }
            #expect(abs(moved.withUnsafeBufferPointer { Area.signedRing($0) } - area) < 1e-6 * abs(area))
        }
    }

    @Test func centroidsByDimension() throws {
        let square = try Self.table(#"{"type": "Polygon", "coordinates": [[[0,0],[4,0],[4,4],[0,4],[0,0]]]}"#)
        #expect(square.centroid(of: 0)! == (2, 2))
        // A hole on the right moves the centroid left: (16·2 − 4·3) / 12.
        let holed = try Self.table(#"{"type": "Polygon", "coordinates": [[[0,0],[4,0],[4,4],[0,4],[0,0]], [[2,1],[4,1],[4,3],[2,3],[2,1]]]}"#)
        let c = holed.centroid(of: 0)!
        #expect(abs(c.x - 20.0 / 12) < 1e-12 && abs(c.y - 2) < 1e-12)
        // Lines by length: a segment of 10 centred on (5, 0) and one of 2 centred on (1, 6).
        let lines = try Self.table(#"{"type": "MultiLineString", "coordinates": [[[0,0],[10,0]], [[0,6],[2,6]]]}"#)
        #expect(lines.centroid(of: 0)! == (52.0 / 12, 1))
        let points = try Self.table(#"{"type": "MultiPoint", "coordinates": [[0,0],[2,0],[4,6]]}"#)
        #expect(points.centroid(of: 0)! == (2, 2))
        // The highest dimension wins in a collection.
        let mixed = try Self.table(#"{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [100, 100]}, {"type": "Polygon", "coordinates": [[[0,0],[4,0],[4,4],[0,4],[0,0]]]}]}"#)
        #expect(mixed.centroid(of: 0)! == (2, 2))
        #expect(try Self.table(#"{"type": "Feature", "geometry": null, "properties": {}}"#).centroid(of: 0) == nil)
    }

    /// The centroid of a convex polygon is inside it, and moves with it.
    @Test func centroidsOfConvexPolygonsAreInside() {
        var rng = SeededGenerator(seed: 29)
        for _ in 0..<200 {
            let cx = Double.random(in: -1000...1000, using: &rng), cy = Double.random(in: -1000...1000, using: &rng)
            let n = Int.random(in: 3...20, using: &rng)
            var ring: [Double] = []
            for k in 0..<n {
                let a = 2 * Double.pi * Double(k) / Double(n)
                ring += [cx + 10 * cos(a), cy + 10 * sin(a)]
            }
            ring += [ring[0], ring[1]]
            let c = Centroid.polygon([ring])!
            #expect(RandomShapes.evenOddContains([ring], c.x, c.y))
            #expect(abs(c.x - cx) < 1e-9 && abs(c.y - cy) < 1e-9)  // regular polygons: the centre
        }
    }
}
