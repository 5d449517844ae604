import CProj

/// Converts coordinates from one CRS to another, longitude/easting first on both sides.
///
/// A `Transformer` is a small value that any thread may use: each thread works on its own
/// clone of the PROJ transformation (see `TransformationCache`), so threads neither share
/// nor lock a PROJ object while transforming. EPSG:4326 ↔ EPSG:3857 takes a plain Swift
/// path (`WebMercator`) unless `.proj` is asked for.
///
/// GCJ-02 and BD-09 (`ChineseWebCoordinates`) are WGS84 to PROJ: their offset comes off in a
/// plain Swift pass before PROJ's one call and goes on in one after it, and between two
/// of them only the steps that differ are taken (GCJ-02 → BD-09 is Baidu's rotation alone).
public struct Transformer: Sendable {
    /// The CRS of the coordinates given.
    public let source: CRS
    /// The CRS of the coordinates returned.
    public let target: CRS
    private let route: Route
    /// Offsets taken off the source's coordinates before `route` (inverses, last first).
    private let sourceStages: [OffsetStage]
    /// Offsets put on after `route` to give the target's coordinates.
    private let targetStages: [OffsetStage]

    /// Who does the arithmetic.
    public enum Engine: Sendable {
        /// PROJ, or plain Swift for EPSG:4326 ↔ EPSG:3857 (the same results within 1e-8 m).
        case automatic
        /// PROJ always: for comparisons and benchmarks.
        case proj
    }

    /// Which way to transform: `forward` from `source` to `target`, `inverse` back.
    public enum Direction: Sendable {
        /// `forward` from `source` to `target`; `inverse` back.
        case forward, inverse
    }

    private enum Route: Sendable {
        case identity
        case webMercator(fromGeographic: Bool)
        case proj(TransformationKey)
    }

    /// Fails at once if PROJ has no transformation between the two.
    public init(from source: CRS, to target: CRS, engine: Engine = .automatic) throws(ProjectionError) {
        self.source = source
        self.target = target
        let pair = (source.projDefinition, target.projDefinition)
        var fromStages = source.chineseWebCoordinates?.stages ?? []
        var toStages = target.chineseWebCoordinates?.stages ?? []
        if pair.0 == pair.1 {
            // Both WGS84 underneath: the steps they share cancel.
            while let a = fromStages.first, let b = toStages.first, a == b {
                fromStages.removeFirst()
                toStages.removeFirst()
            }
        }
        sourceStages = fromStages
        targetStages = toStages
        if pair.0 == pair.1 {
            route = .identity
        } else if engine == .automatic, pair == ("EPSG:4326", "EPSG:3857") || pair == ("EPSG:3857", "EPSG:4326") {
            route = .webMercator(fromGeographic: pair.0 == "EPSG:4326")
        } else {
            let key = TransformationKey(source: pair.0, target: pair.1)
            _ = try TransformationCache.shared.transformation(for: key)
            route = .proj(key)
        }
    }

    /// Whether source and target are the same CRS, so that callers can skip the pass.
    public var isIdentity: Bool { source == target }

    /// Whether the plain Swift Web Mercator path does the work instead of PROJ.
    public var usesWebMercatorFastPath: Bool {
        if case .webMercator = route { return true }
        return false
    }

    /// Transforms interleaved (x, y) pairs in place with one PROJ call (or one pass of the
    /// Web Mercator loop). Points that cannot be transformed (outside the CRS's domain, not
    /// numbers) become (inf, inf); returns how many there were.
    @discardableResult
    public func transform(_ xy: UnsafeMutableBufferPointer<Double>, _ direction: Direction = .forward) -> Int {
        guard xy.count >= 2 else { return 0 }
        if sourceStages.isEmpty && targetStages.isEmpty { return transformRoute(xy, direction) }
        let (before, after) = direction == .forward ? (sourceStages, targetStages) : (targetStages, sourceStages)
        for stage in before.reversed() { stage.inverse(xy) }
        transformRoute(xy, direction)
        for stage in after { stage.forward(xy) }
        var failed = 0
        for i in stride(from: 0, to: xy.count - 1, by: 2) where xy[i] == .infinity { failed += 1 }
        return failed
    }

    @discardableResult
    private func transformRoute(_ xy: UnsafeMutableBufferPointer<Double>, _ direction: Direction) -> Int {
        switch route {
        case .identity:
            return 0
        case .webMercator(let fromGeographic):
            return fromGeographic == (direction == .forward) ? WebMercator.forward(xy) : WebMercator.inverse(xy)
        case .proj(let key):
            // Made in init; only this thread's clone can be new here, and if PROJ cannot make
            // it every point fails rather than the process.
            guard let pj = try? TransformationCache.shared.transformation(for: key) else {
                xy.update(repeating: .infinity)
                return xy.count / 2
            }
            return Self.transform(xy, with: pj, direction == .forward ? PJ_FWD : PJ_INV)
        }
    }

    private static func transform(_ xy: UnsafeMutableBufferPointer<Double>, with pj: OpaquePointer, _ direction: PJ_DIRECTION) -> Int {
        let n = xy.count / 2
        let base = xy.baseAddress!
        let stride = 2 * MemoryLayout<Double>.stride
        proj_errno_reset(pj)
        proj_trans_generic(pj, direction, base, stride, n, base + 1, stride, n, nil, 0, 0, nil, 0, 0)
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

    /// One point from `target` back to `source`; nil if it cannot be transformed.
    public func inverse(x: Double, y: Double) -> (x: Double, y: Double)? {
        transform(x: x, y: y, .inverse)
    }
}
