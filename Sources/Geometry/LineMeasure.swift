#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lengths of polylines and points along them, on interleaved (x, y) buffers: the middle of
/// a line for its label, and labels or symbols repeated along a road every so many pixels
/// (MapLibre's `symbol-placement: line` with `symbol-spacing`).
public enum LineMeasure {
    /// A point on a line and the line's direction there.
    public struct Point: Sendable, Equatable {
        /// The point's x.
        public var x: Double
        /// The point's y.
        public var y: Double
        /// The direction of the segment the point is on, in radians counterclockwise from
        /// +x (with y up; with y down, as in pixels, clockwise).
        public var angle: Double
        /// How far along the line the point is.
        public var distance: Double
    }

    /// The length of a polyline of interleaved (x, y) points, in its own units.
    public static func length(_ line: UnsafeBufferPointer<Double>) -> Double {
        var total = 0.0
        var i = 2
        while i + 1 < line.count {
            total += segmentLength(line, i)
            i += 2
        }
        return total
    }

    /// The point `distance` along the line from its start; nil when the line has no
    /// segment or the distance is not within 0...length.
    public static func point(_ line: UnsafeBufferPointer<Double>, atDistance distance: Double) -> Point? {
        points(line, first: distance, spacing: .infinity).first
    }

    /// The point at `fraction` (0...1) of the line's length: 0.5 is its middle.
    public static func point(_ line: UnsafeBufferPointer<Double>, atFraction fraction: Double) -> Point? {
        point(line, atDistance: fraction * length(line))
    }

    /// Points every `spacing` along the line, the first `first` from its start, up to its
    /// end, in one walk over the line.
    public static func points(_ line: UnsafeBufferPointer<Double>, first: Double = 0, spacing: Double) -> [Point] {
        guard line.count >= 4, spacing > 0, first >= 0 else { return [] }
        var result: [Point] = []
        var next = first
        var start = 0.0  // distance at the start of the segment ending at point i/2
        var i = 2
        while i + 1 < line.count {
            let length = segmentLength(line, i)
            let end = start + length
            let last = i + 2 >= line.count
            // A point at a vertex goes with the segment starting there, except at the end.
            while next < end || (last && next <= end) {
                let x0 = line[i - 2], y0 = line[i - 1], x1 = line[i], y1 = line[i + 1]
                let t = length > 0 ? (next - start) / length : 0
                result.append(Point(x: x0 + t * (x1 - x0), y: y0 + t * (y1 - y0), angle: atan2(y1 - y0, x1 - x0), distance: next))
                next += spacing
                if !next.isFinite { return result }
            }
            start = end
            i += 2
        }
        return result
    }

    @inline(__always)
    static func segmentLength(_ line: UnsafeBufferPointer<Double>, _ i: Int) -> Double {
        let dx = line[i] - line[i - 2], dy = line[i + 1] - line[i - 1]
        return (dx * dx + dy * dy).squareRoot()
    }
}

extension FeatureTable {
    /// The length of ring `r` as a polyline (a polygon ring's perimeter, if closed).
    public func length(ofRing r: Int) -> Double {
        withRing(r) { LineMeasure.length($0) }
    }

    /// The total length of a feature's lines (0 for points and polygons).
    public func length(of feature: Int) -> Double {
        var total = 0.0
        for p in parts(of: feature) where partKinds[p] == .line {
            for r in rings(of: p) { total += length(ofRing: r) }
        }
        return total
    }
}
