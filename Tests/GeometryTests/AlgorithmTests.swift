import Testing
@testable import Geometry

@Suite("Geometry algorithms")
struct AlgorithmTests {
    let box = Box(minX: 0, minY: 0, maxX: 10, maxY: 10)

    @Test func clippedRingsStayInsideAndClosed() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<500 {
            var ring: [Double] = []
            let n = Int.random(in: 3...12, using: &rng)
            for _ in 0..<n { ring += [Double.random(in: -10...20, using: &rng), Double.random(in: -10...20, using: &rng)] }
            ring += [ring[0], ring[1]]
            var out: [Double] = []
            ring.withUnsafeBufferPointer { Clipping.clipRing($0, to: box, into: &out) }
            guard !out.isEmpty else { continue }
            #expect(out.count >= 8)
            #expect(out[0] == out[out.count - 2] && out[1] == out[out.count - 1])
            for i in stride(from: 0, to: out.count, by: 2) {
                #expect(box.expanded(by: 1e-9).contains(x: out[i], y: out[i + 1]))
            }
        }
    }

    @Test func clippedLinesSplitIntoPartsInside() {
        let line: [Double] = [-5, 5, 5, 5, 5, 15, 8, 15, 8, 5, 15, 5]
        var parts: [[Double]] = []
        line.withUnsafeBufferPointer { Clipping.clipLine($0, to: box) { parts.append(Array($0)) } }
        #expect(parts == [[0, 5, 5, 5, 5, 10], [8, 10, 8, 5, 10, 5]])
    }

    @Test func simplifiedLinesStayWithinTolerance() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<100 {
            var line: [Double] = []
            var x = 0.0, y = 0.0
            for _ in 0..<200 {
                x += Double.random(in: 0...2, using: &rng)
                y += Double.random(in: -1...1, using: &rng)
                line += [x, y]
            }
            let tolerance = Double.random(in: 0.1...3, using: &rng)
            var out: [Double] = []
            line.withUnsafeBufferPointer { Simplification.simplify($0, tolerance: tolerance, into: &out) }
            #expect(out.count <= line.count)
            #expect(Array(out.prefix(2)) == Array(line.prefix(2)) && Array(out.suffix(2)) == Array(line.suffix(2)))
            // Every original point lies within tolerance of the simplified line.
            for i in stride(from: 0, to: line.count, by: 2) {
                var best = Double.infinity
                for j in stride(from: 0, to: out.count - 2, by: 2) {
                    best = min(best, Simplification.squaredSegmentDistance(line[i], line[i + 1], out[j], out[j + 1], out[j + 2], out[j + 3]))
                }
                #expect(best.squareRoot() <= tolerance + 1e-9)
            }
        }
    }

    @Test func spatialIndexFindsWhatABruteForceScanFinds() {
        var rng = SeededGenerator(seed: 3)
        var boxes: [Box] = []
        for _ in 0..<5000 {
            let x = Double.random(in: 0...1000, using: &rng), y = Double.random(in: 0...1000, using: &rng)
            boxes.append(Box(minX: x, minY: y, maxX: x + Double.random(in: 0...20, using: &rng), maxY: y + Double.random(in: 0...20, using: &rng)))
        }
        boxes.append(.empty)
        let index = SpatialIndex(boxes: boxes)
        for _ in 0..<200 {
            let x = Double.random(in: -50...1000, using: &rng), y = Double.random(in: -50...1000, using: &rng)
            let q = Box(minX: x, minY: y, maxX: x + Double.random(in: 0...200, using: &rng), maxY: y + Double.random(in: 0...200, using: &rng))
            let expected = boxes.indices.filter { boxes[$0].intersects(q) }
            #expect(index.search(q) == expected)
        }
    }

    @Test func poleOfInaccessibilityIsInsideTheShape() {
        // An L shape: its centroid is outside the shape's thick parts, the pole is inside.
        let ring: [Double] = [0, 0, 10, 0, 10, 2, 2, 2, 2, 10, 0, 10, 0, 0]
        let pole = LabelPoint.poleOfInaccessibility(rings: [ring], precision: 0.01)
        #expect(LabelPoint.signedDistance(pole.x, pole.y, [ring]) > 0.9)
        // A hole pushes the pole away from the centre.
        let square: [Double] = [0, 0, 10, 0, 10, 10, 0, 10, 0, 0]
        let hole: [Double] = [3, 3, 7, 3, 7, 7, 3, 7, 3, 3]
        let p = LabelPoint.poleOfInaccessibility(rings: [square, hole], precision: 0.01)
        #expect(LabelPoint.signedDistance(p.x, p.y, [square, hole]) > 1)
    }
}

/// A small deterministic generator (SplitMix64) so that random tests repeat.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
