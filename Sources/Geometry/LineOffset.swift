/// Offsetting a polyline sideways, the way MapLibre's `line-offset` and `line-gap-width` do:
/// every vertex moves along its join normal (the bisector of the two segment normals),
/// scaled so that both adjacent segments end up exactly `distance` away.
public enum LineOffset {
    /// Appends `line` (interleaved x, y) offset by `distance` to the right of its direction,
    /// in a y-down plane (screen pixels): moving east, the right is south. Closed rings
    /// (first point equal to the last) are offset as rings.
    ///
    /// Where the join normal would be longer than `miterLimit` times the offset (a sharp
    /// turn), the vertex is split in two, one on each segment's own normal, as MapLibre
    /// turns such miters into bevels.
    public static func offset(_ line: UnsafeBufferPointer<Double>, by distance: Double, miterLimit: Double = 2,
                              into output: inout [Double]) {
        var n = line.count / 2
        guard n >= 2 else { return }
        let closed = line[0] == line[2 * n - 2] && line[1] == line[2 * n - 1] && n > 3
        if closed { n -= 1 }
        // Unit normals of each segment (right-hand side in a y-down plane).
        var normals: [(Double, Double)] = []
        normals.reserveCapacity(n)
        let segments = closed ? n : n - 1
        for i in 0..<segments {
            let j = (i + 1) % n
            let dx = line[2 * j] - line[2 * i], dy = line[2 * j + 1] - line[2 * i + 1]
            let length = (dx * dx + dy * dy).squareRoot()
            normals.append(length > 0 ? (-dy / length, dx / length) : (normals.last ?? (0, 0)))
        }
        let start = output.count
        for i in 0..<n {
            let before: (Double, Double)?
            let after: (Double, Double)?
            if closed {
                before = normals[(i + segments - 1) % segments]
                after = normals[i % segments]
            } else {
                before = i > 0 ? normals[i - 1] : nil
                after = i < segments ? normals[i] : nil
            }
            let a = before ?? after!, b = after ?? before!
            let (nx, ny, scale) = joinNormal(a, b)
            if scale > miterLimit {
                output.append(line[2 * i] + a.0 * distance)
                output.append(line[2 * i + 1] + a.1 * distance)
                output.append(line[2 * i] + b.0 * distance)
                output.append(line[2 * i + 1] + b.1 * distance)
            } else {
                output.append(line[2 * i] + nx * scale * distance)
                output.append(line[2 * i + 1] + ny * scale * distance)
            }
        }
        if closed {
            output.append(output[start])
            output.append(output[start + 1])
        }
    }

    /// The unit bisector of two unit normals, and the scale 1/cos(half the turn) that keeps
    /// both segments at the same distance when offsetting along it.
    @inline(__always)
    static func joinNormal(_ a: (Double, Double), _ b: (Double, Double)) -> (Double, Double, Double) {
        var x = a.0 + b.0, y = a.1 + b.1
        let length = (x * x + y * y).squareRoot()
        if length < 1e-9 { return (a.0, a.1, .infinity) }  // a full reversal
        x /= length
        y /= length
        return (x, y, 1 / max(x * b.0 + y * b.1, 1e-9))
    }
}
