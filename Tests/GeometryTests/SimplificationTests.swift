import Testing
@testable import Geometry

@Suite("Simplification")
struct SimplificationTests {
    func simplify(_ line: [Double], _ tolerance: Double) -> [Double] {
        var out: [Double] = []
        line.withUnsafeBufferPointer { Simplification.simplify($0, tolerance: tolerance, into: &out) }
        return out
    }

    /// Every point of the original is within the tolerance of the simplified line, the ends
    /// are kept, and the kept points are original points, in order.
    @Test func simplifiedLinesStayWithinToleranceAndKeepTheirEnds() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<100 {
            let line = RandomShapes.walk(from: 0, 0, steps: 200, step: 1, using: &rng)
            let tolerance = Double.random(in: 0.1...3, using: &rng)
            let out = simplify(line, tolerance)
            #expect(out.count <= line.count && out.count >= 4)
            #expect(Array(out.prefix(2)) == Array(line.prefix(2)) && Array(out.suffix(2)) == Array(line.suffix(2)))
            var j = 0
            for k in stride(from: 0, to: out.count, by: 2) {
                while j < line.count && (line[j] != out[k] || line[j + 1] != out[k + 1]) { j += 2 }
                #expect(j < line.count, "a simplified point that is not an original one, in order")
            }
            for i in stride(from: 0, to: line.count, by: 2) {
                let nearest = stride(from: 0, to: out.count - 2, by: 2).map {
                    RandomShapes.distance(line[i], line[i + 1], toSegment: out[$0], out[$0 + 1], out[$0 + 2], out[$0 + 3])
                }.min()!
                #expect(nearest <= tolerance + 1e-9)
            }
        }
    }

    @Test func ringsStayClosed() {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<100 {
            let ring = RandomShapes.starRing(0, 0, radius: 50, vertices: 60, using: &rng)
            let out = simplify(ring, 2)
            #expect(out[0] == out[out.count - 2] && out[1] == out[out.count - 1])
            #expect(out.count < ring.count)
        }
    }

    @Test func straightRunsCollapseAndShortOrZeroToleranceLinesAreKept() {
        #expect(simplify([0, 0, 1, 0.001, 2, 0, 3, 0.001, 4, 0], 0.01) == [0, 0, 4, 0])
        #expect(simplify([0, 0, 1, 5, 2, 0], 0.01) == [0, 0, 1, 5, 2, 0])
        #expect(simplify([0, 0, 1, 1], 10) == [0, 0, 1, 1])
        #expect(simplify([0, 0, 1, 0.5, 2, 0], 0) == [0, 0, 1, 0.5, 2, 0])
    }
}
