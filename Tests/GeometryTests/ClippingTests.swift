#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Geometry

@Suite("Clipping")
struct ClippingTests {
    let box = Box(minX: 0, minY: 0, maxX: 10, maxY: 10)

    func clip(ring: [Double], to box: Box? = nil) -> [Double] {
        var out: [Double] = []
        ring.withUnsafeBufferPointer { Clipping.clipRing($0, to: box ?? self.box, into: &out) }
        return out
    }

    func clip(line: [Double], to box: Box? = nil) -> [[Double]] {
        var pieces: [[Double]] = []
        line.withUnsafeBufferPointer { Clipping.clipLine($0, to: box ?? self.box) { pieces.append(Array($0)) } }
        return pieces
    }

    /// The clipped ring is closed, inside the box, and covers the same points of the box.
    @Test func clippedRingsAreClosedInsideAndCoverTheSameArea() {
        var rng = SeededGenerator(seed: 7)
        var clippedSome = 0
        for _ in 0..<500 {
            let ring = RandomShapes.starRing(Double.random(in: -5...15, using: &rng), Double.random(in: -5...15, using: &rng),
                                             radius: Double.random(in: 1...12, using: &rng), vertices: Int.random(in: 3...30, using: &rng), using: &rng)
            let out = clip(ring: ring)
            if !out.isEmpty {
                clippedSome += 1
                #expect(out.count >= 8 && out.count % 2 == 0)
                #expect(out[0] == out[out.count - 2] && out[1] == out[out.count - 1])
                for i in stride(from: 0, to: out.count, by: 2) { #expect(box.contains(x: out[i], y: out[i + 1])) }
            }
            for _ in 0..<100 {
                let x = Double.random(in: 0...10, using: &rng), y = Double.random(in: 0...10, using: &rng)
                #expect(RandomShapes.evenOddContains([ring], x, y) == RandomShapes.evenOddContains([out], x, y))
            }
        }
        #expect(clippedSome > 100)
    }

    @Test func ringsWhollyInsideAreKeptAndOpenRingsAreClosed() {
        let ring: [Double] = [1, 1, 9, 1, 9, 9, 1, 1]
        #expect(clip(ring: ring) == ring)
        #expect(clip(ring: Array(ring.dropLast(2))) == ring)
    }

    @Test func aRingAroundTheBoxBecomesTheBox() {
        let out = clip(ring: [-5, -5, 20, -5, 20, 20, -5, 20, -5, -5])
        #expect(out.count == 10)
        #expect(out.withUnsafeBufferPointer { Area.signedRing($0) } == 100)
        #expect(Set(stride(from: 0, to: 8, by: 2).map { [out[$0], out[$0 + 1]] }) == [[0, 0], [10, 0], [10, 10], [0, 10]])
    }

    @Test func ringsOutsideOrOnlyTouchingGiveNothing() {
        #expect(clip(ring: [20, 20, 30, 20, 30, 30, 20, 20]).isEmpty)
        #expect(clip(ring: [-5, 0, 0, 0, 0, 10, -5, 10, -5, 0]).isEmpty)  // shares the left edge
        #expect(clip(ring: [-5, 5, 5, 15, -5, 15, -5, 5]).isEmpty)  // touches the top-left corner
        let corner = clip(ring: [-5, 0, 5, 15, -5, 15, -5, 0])  // cuts it off
        let cornerArea = corner.withUnsafeBufferPointer { Area.signedRing($0) }
        let triangle: Double = 0.5 * 2.5 * (5.0 / 3)  // legs from (0, 7.5) to (0, 10) to (5/3, 10)
        #expect(abs(cornerArea - triangle) < 1e-12)
        #expect(clip(ring: [1, 1, 2, 2]).isEmpty)  // not a ring
    }

    @Test func linesAreSplitWhereTheyLeaveAndComeBack() {
        #expect(clip(line: [-5, 5, 5, 5, 5, 15, 8, 15, 8, 5, 15, 5]) == [[0, 5, 5, 5, 5, 10], [8, 10, 8, 5, 10, 5]])
        #expect(clip(line: [-1, -1, 11, 11]) == [[0, 0, 10, 10]])
        #expect(clip(line: [2, 2, 3, 3]) == [[2, 2, 3, 3]])
    }

    @Test func linesThatOnlyTouchTheBorderGiveNothing() {
        #expect(clip(line: [-5, 5, 0, 10, -5, 15]).isEmpty)  // touches the top-left corner
        #expect(clip(line: [20, 0, 10, 10, 20, 20]).isEmpty)  // the top-right corner
        #expect(clip(line: [1, 1, 1, 1]).isEmpty)  // no length
    }

    /// Every piece is inside the box and on the line, and the pieces together are as long as
    /// the part of the line inside the box, computed another way.
    @Test func clippedLinesStayInsideOnTheLineAndKeepTheLengthInside() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<300 {
            let line = RandomShapes.walk(from: Double.random(in: -5...15, using: &rng), Double.random(in: -5...15, using: &rng),
                                         steps: Int.random(in: 2...40, using: &rng), step: 4, using: &rng)
            let pieces = clip(line: line)
            var clippedLength = 0.0
            for piece in pieces {
                #expect(piece.count >= 4)
                clippedLength += piece.withUnsafeBufferPointer { LineMeasure.length($0) }
                for i in stride(from: 0, to: piece.count, by: 2) {
                    #expect(box.contains(x: piece[i], y: piece[i + 1]))
                    let onLine = stride(from: 0, to: line.count - 2, by: 2).map {
                        RandomShapes.distance(piece[i], piece[i + 1], toSegment: line[$0], line[$0 + 1], line[$0 + 2], line[$0 + 3])
                    }.min()!
                    #expect(onLine < 1e-9)
                }
            }
            let expected = stride(from: 0, to: line.count - 2, by: 2).map { lengthInside(line[$0], line[$0 + 1], line[$0 + 2], line[$0 + 3]) }.reduce(0, +)
            #expect(abs(clippedLength - expected) < 1e-9 * max(1, expected))
        }
    }

    /// The length of a segment inside the box: cut where it crosses the box's four lines,
    /// keep the intervals whose middle is inside.
    func lengthInside(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Double {
        var ts: [Double] = [0, 1]
        for (a, b, v) in [(x0, x1, box.minX), (x0, x1, box.maxX), (y0, y1, box.minY), (y0, y1, box.maxY)] where a != b {
            let t = (v - a) / (b - a)
            if t > 0 && t < 1 { ts.append(t) }
        }
        ts.sort()
        var total = 0.0
        for k in 1..<ts.count {
            let tm = (ts[k - 1] + ts[k]) / 2
            if box.contains(x: x0 + tm * (x1 - x0), y: y0 + tm * (y1 - y0)) {
                total += (ts[k] - ts[k - 1]) * hypot(x1 - x0, y1 - y0)
            }
        }
        return total
    }
}
