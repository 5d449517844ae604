/// Simplification of polylines and rings to a distance tolerance (Douglas–Peucker), on
/// interleaved (x, y) buffers. In pixel space a tolerance well under a pixel removes
/// vertices nobody can see while keeping the drawing identical.
public enum Simplification {
    /// Appends to `output` the points of `line` that Douglas–Peucker keeps for `tolerance`.
    /// The first and last points are always kept, so rings stay closed.
    public static func simplify(_ line: UnsafeBufferPointer<Double>, tolerance: Double, into output: inout [Double]) {
        let n = line.count / 2
        guard n > 2, tolerance > 0 else {
            output.append(contentsOf: line)
            return
        }
        var keep = [Bool](repeating: false, count: n)
        keep[0] = true
        keep[n - 1] = true
        let sqTolerance = tolerance * tolerance
        var stack: [(Int, Int)] = [(0, n - 1)]
        while let (first, last) = stack.popLast() {
            guard last > first + 1 else { continue }
            var maxDistance = 0.0
            var index = first
            let ax = line[2 * first], ay = line[2 * first + 1], bx = line[2 * last], by = line[2 * last + 1]
            for i in (first + 1)..<last {
                let d = squaredSegmentDistance(line[2 * i], line[2 * i + 1], ax, ay, bx, by)
                if d > maxDistance {
                    maxDistance = d
                    index = i
                }
            }
            if maxDistance > sqTolerance {
                keep[index] = true
                stack.append((first, index))
                stack.append((index, last))
            }
        }
        for i in 0..<n where keep[i] {
            output.append(line[2 * i])
            output.append(line[2 * i + 1])
        }
    }

    /// Squared distance from (px, py) to the segment (ax, ay)–(bx, by).
    @inline(__always)
    public static func squaredSegmentDistance(_ px: Double, _ py: Double, _ ax: Double, _ ay: Double, _ bx: Double, _ by: Double) -> Double {
        var x = ax, y = ay
        let dx = bx - ax, dy = by - ay
        if dx != 0 || dy != 0 {
            let t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
            if t > 1 {
                x = bx
                y = by
            } else if t > 0 {
                x += dx * t
                y += dy * t
            }
        }
        let ex = px - x, ey = py - y
        return ex * ex + ey * ey
    }
}
