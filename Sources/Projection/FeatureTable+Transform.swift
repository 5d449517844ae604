import Geometry

/// What happened when a table was transformed.
public struct TransformReport: Sendable, Equatable {
    /// Points that could not be transformed.
    public var failedPoints = 0
    /// Features dropped because some of their points failed, in the original numbering.
    public var droppedFeatures: [Int] = []

    /// A report of a transformation in which every point went through.
    public init() {}
}

extension FeatureTable {
    /// Transforms every coordinate in place with one call; features with points that cannot
    /// be transformed (outside the CRS's domain) are dropped and reported, since a feature
    /// with a hole where a point was would be drawn wrong.
    public mutating func transform(with transformer: Transformer) -> TransformReport {
        var report = TransformReport()
        guard !transformer.isIdentity else { return report }
        // A tile's square is no square of another CRS's map: lines are cut at it here.
        cutLinesAtTiles()
        report.failedPoints = withMutableCoordinates { transformer.transform($0) }
        guard report.failedPoints > 0 else { return report }
        var keep: [Int] = []
        for f in 0..<count {
            if pointRange(of: f).allSatisfy({ x($0).isFinite }) {
                keep.append(f)
            } else {
                report.droppedFeatures.append(f)
            }
        }
        self = selecting(keep)
        return report
    }
}
