/// Planar area of rings and polygons, in the square of the coordinates' unit: square
/// metres in a projected CRS, square pixels after the renderer's transform. (In longitude
/// and latitude the number is square degrees, which mean different ground areas at
/// different latitudes: project first.)
public enum Area {
    /// The signed area of a ring of interleaved (x, y) points, closed or not (the shoelace
    /// formula, relative to the first point for precision far from the origin): positive
    /// when the ring turns counterclockwise with y up, as RFC 7946 wants shells.
    public static func signedRing(_ ring: UnsafeBufferPointer<Double>) -> Double {
        let n = ring.count / 2
        guard n >= 3 else { return 0 }
        let ox = ring[0], oy = ring[1]
        var sum = 0.0
        var px = 0.0, py = 0.0  // the previous point, relative to the first
        for i in 1..<n {
            let x = ring[2 * i] - ox, y = ring[2 * i + 1] - oy
            sum += px * y - x * py
            px = x
            py = y
        }
        return sum / 2
    }

    /// The area of a polygon: its shell's, less its holes', whatever their orientation.
    public static func polygon(_ rings: [UnsafeBufferPointer<Double>]) -> Double {
        guard let shell = rings.first else { return 0 }
        return rings.dropFirst().reduce(abs(signedRing(shell))) { $0 - abs(signedRing($1)) }
    }
}

extension FeatureTable {
    /// The signed area of ring `r` (positive counterclockwise).
    public func signedArea(ofRing r: Int) -> Double {
        withRing(r) { Area.signedRing($0) }
    }

    /// The area of a feature's polygons (0 for points and lines), shells less holes.
    public func area(of feature: Int) -> Double {
        var total = 0.0
        for p in parts(of: feature) where partKinds[p] == .polygon {
            let rings = rings(of: p)
            guard let shell = rings.first else { continue }
            total += abs(signedArea(ofRing: shell))
            for hole in rings.dropFirst() { total -= abs(signedArea(ofRing: hole)) }
        }
        return total
    }
}
