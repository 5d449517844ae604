#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
// SeededGenerator, for every file of these tests.
@_exported import TestSupport

/// Random shapes for the algorithms' invariant tests.
enum RandomShapes {
    /// A simple (star-shaped) closed ring around (cx, cy): vertices at increasing angles,
    /// counterclockwise, at random distances up to `radius`.
    static func starRing(_ cx: Double, _ cy: Double, radius: Double, vertices n: Int, using rng: inout SeededGenerator) -> [Double] {
        let angles = (0..<n).map { _ in Double.random(in: 0..<(2 * Double.pi), using: &rng) }.sorted()
        var ring: [Double] = []
        for a in angles {
            let r = radius * Double.random(in: 0.2...1, using: &rng)
            ring += [cx + r * cos(a), cy + r * sin(a)]
        }
        return ring + [ring[0], ring[1]]
    }

    /// A random walk of `n` points.
    static func walk(from x: Double, _ y: Double, steps n: Int, step: Double, using rng: inout SeededGenerator) -> [Double] {
        var line = [x, y]
        var px = x, py = y
        for _ in 1..<n {
            px += Double.random(in: -step...step, using: &rng)
            py += Double.random(in: -step...step, using: &rng)
            line += [px, py]
        }
        return line
    }

    /// Whether (x, y) is inside the rings by the even-odd rule (a point in a hole is not).
    static func evenOddContains(_ rings: [[Double]], _ x: Double, _ y: Double) -> Bool {
        var inside = false
        for ring in rings {
            let n = ring.count / 2
            var j = n - 1
            for i in 0..<n {
                let xi = ring[2 * i], yi = ring[2 * i + 1], xj = ring[2 * j], yj = ring[2 * j + 1]
                if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi { inside.toggle() }
                j = i
            }
        }
        return inside
    }

    /// Distance from (x, y) to the segment (ax, ay)–(bx, by), computed afresh.
    static func distance(_ x: Double, _ y: Double, toSegment ax: Double, _ ay: Double, _ bx: Double, _ by: Double) -> Double {
        let dx = bx - ax, dy = by - ay
        let lengthSquared = dx * dx + dy * dy
        let t = lengthSquared == 0 ? 0 : max(0, min(1, ((x - ax) * dx + (y - ay) * dy) / lengthSquared))
        return hypot(x - (ax + t * dx), y - (ay + t * dy))
    }
}
