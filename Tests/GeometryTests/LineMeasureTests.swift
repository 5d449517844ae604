#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Geometry

@Suite("Lengths and points along lines")
struct LineMeasureTests {
    let zigzag: [Double] = [0, 0, 3, 4, 3, 10, 9, 18]  // segments of 5, 6 and 10

    @Test func lengthsAddUpTheSegments() {
        #expect(zigzag.withUnsafeBufferPointer { LineMeasure.length($0) } == 21)
        #expect([1.0, 1].withUnsafeBufferPointer { LineMeasure.length($0) } == 0)
        let t = try! GeoJSONReader.read(string: #"{"type": "MultiLineString", "coordinates": [[[0, 0], [3, 4]], [[0, 0], [0, 2], [0, 0]]]}"#).table
        #expect(t.length(of: 0) == 9)
    }

    @Test func pointsAtDistancesAreOnTheRightSegment() throws {
        try zigzag.withUnsafeBufferPointer { line in
            let start = try #require(LineMeasure.point(line, atDistance: 0))
            #expect(start.x == 0 && start.y == 0 && abs(start.angle - atan2(4, 3)) < 1e-15)
            let vertex = try #require(LineMeasure.point(line, atDistance: 5))
            #expect(vertex.x == 3 && vertex.y == 4 && abs(vertex.angle - Double.pi / 2) < 1e-15)  // the next segment's direction
            let inside = try #require(LineMeasure.point(line, atDistance: 16))
            #expect(abs(inside.x - 6) < 1e-12 && abs(inside.y - 14) < 1e-12)
            let end = try #require(LineMeasure.point(line, atDistance: 21))
            #expect(end.x == 9 && end.y == 18)
            #expect(LineMeasure.point(line, atDistance: 21.0001) == nil)
            #expect(LineMeasure.point(line, atDistance: -1) == nil)
            let middle = try #require(LineMeasure.point(line, atFraction: 0.5))
            #expect(middle.distance == 10.5 && middle.x == 3 && middle.y == 9.5)
        }
    }

    /// Points every `spacing`: as many as fit, each on the line at its distance.
    @Test func pointsAtASpacingCoverTheLine() {
        var rng = SeededGenerator(seed: 17)
        for _ in 0..<200 {
            let line = RandomShapes.walk(from: 0, 0, steps: Int.random(in: 2...30, using: &rng), step: 10, using: &rng)
            line.withUnsafeBufferPointer { buffer in
                let length = LineMeasure.length(buffer)
                let spacing = Double.random(in: 0.5...20, using: &rng), first = Double.random(in: 0...10, using: &rng)
                let points = LineMeasure.points(buffer, first: first, spacing: spacing)
                let expectedCount = first > length ? 0 : Int(((length - first) / spacing).rounded(.down)) + 1
                #expect(abs(points.count - expectedCount) <= 1)  // rounding at the very end
                for (k, p) in points.enumerated() {
                    #expect(abs(p.distance - (first + Double(k) * spacing)) < 1e-9)
                    #expect(p.distance <= length + 1e-9)
                    let onLine = stride(from: 0, to: line.count - 2, by: 2).map {
                        RandomShapes.distance(p.x, p.y, toSegment: line[$0], line[$0 + 1], line[$0 + 2], line[$0 + 3])
                    }.min()!
                    #expect(onLine < 1e-9)
                }
            }
        }
    }
}
