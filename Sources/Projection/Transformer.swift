import CProj
import Geometry

/// Converts coordinates from one CRS to another, longitude/easting first on both sides.
///
/// A `Transformer` is a small value that any thread may use: each thread works on its own
/// clone of the PROJ transformation (see `TransformationCache`), so threads neither share
/// nor lock a PROJ object while transforming.
public struct Transformer: Sendable {
    public let source: CRS
    public let target: CRS
    private let key: TransformationKey

    /// Fails at once if PROJ has no transformation between the two.
    public init(from source: CRS, to target: CRS) throws(ProjectionError) {
        self.source = source
        self.target = target
        key = TransformationKey(source: source.definition, target: target.definition)
        if !isIdentity { _ = try TransformationCache.shared.transformation(for: key) }
    }

    public var isIdentity: Bool { source == target }

    public enum Direction: Sendable { case forward, inverse }

    /// Transforms interleaved (x, y) pairs in place with one PROJ call. Points PROJ cannot
    /// transform become (inf, inf); returns how many there were.
    @discardableResult
    public func transform(_ xy: UnsafeMutableBufferPointer<Double>, _ direction: Direction = .forward) -> Int {
        guard !isIdentity, xy.count >= 2 else { return 0 }
        let pj = try! TransformationCache.shared.transformation(for: key)  // validated in init
        let n = xy.count / 2
        let base = xy.baseAddress!
        let stride = 2 * MemoryLayout<Double>.stride
        proj_errno_reset(pj)
        proj_trans_generic(pj, direction == .forward ? PJ_FWD : PJ_INV,
                           base, stride, n, base + 1, stride, n, nil, 0, 0, nil, 0, 0)
        var failed = 0
        for i in 0..<n where !(base[2 * i].isFinite && base[2 * i + 1].isFinite) {
            base[2 * i] = .infinity
            base[2 * i + 1] = .infinity
            failed += 1
        }
        return failed
    }

    /// One point; nil if it cannot be transformed.
    public func transform(x: Double, y: Double, _ direction: Direction = .forward) -> (x: Double, y: Double)? {
        var xy = [x, y]
        let failed = xy.withUnsafeMutableBufferPointer { transform($0, direction) }
        return failed == 0 ? (xy[0], xy[1]) : nil
    }

    public func inverse(x: Double, y: Double) -> (x: Double, y: Double)? {
        transform(x: x, y: y, .inverse)
    }
}

/// What happened when a table was transformed.
public struct TransformReport: Sendable, Equatable {
    /// Points PROJ could not transform.
    public var failedPoints = 0
    /// Features dropped because some of their points failed, in the original numbering.
    public var droppedFeatures: [Int] = []

    public init() {}
}

extension FeatureTable {
    /// Transforms every coordinate in place with one PROJ call; features with points that
    /// cannot be transformed (outside the CRS's domain) are dropped and reported.
    public mutating func transform(with transformer: Transformer) -> TransformReport {
        var report = TransformReport()
        guard !transformer.isIdentity else { return report }
        report.failedPoints = withMutableCoordinates { transformer.transform($0) }
        guard report.failedPoints > 0 else { return report }
        var keep: [Int] = []
        for f in 0..<count {
            var ok = true
            for i in pointRange(of: f) where !x(i).isFinite {
                ok = false
                break
            }
            if ok { keep.append(f) } else { report.droppedFeatures.append(f) }
        }
        self = selecting(keep)
        return report
    }
}
