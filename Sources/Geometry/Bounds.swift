/// Bounding boxes of points, rings, parts, features and whole tables: what the spatial
/// index is built from, what `--fit` frames, and what `cartouche info` reports.
extension Box {
    /// The smallest box holding every point of an interleaved (x, y) buffer; empty for no
    /// points.
    public init(points: UnsafeBufferPointer<Double>) {
        self = .empty
        var i = 0
        while i + 1 < points.count {
            extend(x: points[i], y: points[i + 1])
            i += 2
        }
    }
}

extension FeatureTable {
    /// The box of points `range` (point indices).
    public func bounds(ofPoints range: Range<Int>) -> Box {
        coordinates.withUnsafeBufferPointer { c in
            Box(points: UnsafeBufferPointer(rebasing: c[(2 * range.lowerBound)..<(2 * range.upperBound)]))
        }
    }

    /// The box of one ring's points.
    public func bounds(ofRing ring: Int) -> Box { bounds(ofPoints: points(of: ring)) }

    /// The box of one part: its outer ring's and its holes' points (a polygon's holes lie inside
    /// its shell, so this is the shell's box).
    public func bounds(ofPart part: Int) -> Box {
        let rings = rings(of: part)
        guard !rings.isEmpty else { return .empty }
        return bounds(ofPoints: Int(ringStarts[rings.lowerBound])..<Int(ringStarts[rings.upperBound]))
    }

    /// The box of a feature; empty for a null or empty geometry.
    public func bounds(of feature: Int) -> Box { bounds(ofPoints: pointRange(of: feature)) }

    /// The box of every feature.
    public var bounds: Box { bounds(ofPoints: 0..<pointCount) }

    /// The box of each feature, in order (the input of `SpatialIndex`).
    public var featureBounds: [Box] { (0..<count).map { bounds(of: $0) } }
}
