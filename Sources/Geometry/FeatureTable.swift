import JSON

/// A layer of features in columnar form: every coordinate of every feature in one
/// contiguous buffer of Doubles (x, y interleaved), with offset arrays that cut it into
/// rings, parts and features.
///
///     features ─► parts (featureStarts) ─► rings (partStarts) ─► points (ringStarts)
///
/// Feature `f` owns parts `featureStarts[f] ..< featureStarts[f+1]`; part `p` owns rings
/// `partStarts[p] ..< partStarts[p+1]` and is a point set, a line or a polygon
/// (`partKinds[p]`); ring `r` owns points `ringStarts[r] ..< ringStarts[r+1]`, and point `i`
/// is `(coordinates[2i], coordinates[2i+1])`. There is no object per point or per feature,
/// so a projection transforms the whole layer in one call and renderers walk slices.
///
/// Two tables are equal when they hold the same features: geometry, ids, properties and
/// foreign members.
public struct FeatureTable: Sendable, Equatable {
    /// Every point of every feature, x and y interleaved: point `i` is at `2i` and `2i + 1`.
    public internal(set) var coordinates: [Double] = []
    /// Where each ring starts in the points, with one more entry for the end: ring `r` is
    /// points `ringStarts[r] ..< ringStarts[r + 1]`.
    public internal(set) var ringStarts: [Int32] = [0]
    /// Where each part starts in the rings, with one more entry for the end.
    public internal(set) var partStarts: [Int32] = [0]
    /// What each part is: a point set, a line or a polygon.
    public internal(set) var partKinds: [PartKind] = []
    /// Where each feature starts in the parts, with one more entry for the end; a feature
    /// without geometry has no parts.
    public internal(set) var featureStarts: [Int32] = [0]
    /// nil for a feature whose geometry is null.
    public internal(set) var geometryTypes: [GeometryType?] = []
    /// Each feature's `id`; nil where it has none.
    public internal(set) var ids: [FeatureID?] = []
    /// The features' properties, a column per key.
    public internal(set) var properties = PropertyTable()
    /// Members of a Feature object other than type, id, geometry, properties and bbox.
    public internal(set) var foreignMembers: [Int: JSONObject] = [:]
    /// The tile each feature was read from, for a table read from vector tiles (see
    /// `FeatureTiles`); nil for every other table.
    public internal(set) var tiles: FeatureTiles?

    /// A table with no features, to be filled by a reader or a builder.
    public init() {}

    /// The number of features.
    public var count: Int { geometryTypes.count }
    /// Whether the table has no features.
    public var isEmpty: Bool { geometryTypes.isEmpty }
    /// The number of points stored, closing points of rings included.
    public var pointCount: Int { coordinates.count / 2 }

    // MARK: Walking the geometry

    /// The indices of a feature's parts.
    @inline(__always) public func parts(of feature: Int) -> Range<Int> {
        Int(featureStarts[feature])..<Int(featureStarts[feature + 1])
    }

    /// The indices of a part's rings (a polygon's shell first, then its holes).
    @inline(__always) public func rings(of part: Int) -> Range<Int> {
        Int(partStarts[part])..<Int(partStarts[part + 1])
    }

    /// The indices of a ring's points.
    @inline(__always) public func points(of ring: Int) -> Range<Int> {
        Int(ringStarts[ring])..<Int(ringStarts[ring + 1])
    }

    /// All points of a feature (its rings are consecutive in the buffer).
    @inline(__always) public func pointRange(of feature: Int) -> Range<Int> {
        let parts = self.parts(of: feature)
        guard !parts.isEmpty else { return 0..<0 }
        let first = Int(partStarts[parts.lowerBound])
        let last = Int(partStarts[parts.upperBound])
        return Int(ringStarts[first])..<Int(ringStarts[last])
    }

    /// Calls `body` with the interleaved points of ring `r`.
    public func withRing<R>(_ r: Int, _ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        let range = points(of: r)
        return try coordinates.withUnsafeBufferPointer { c in
            try body(UnsafeBufferPointer(rebasing: c[(2 * range.lowerBound)..<(2 * range.upperBound)]))
        }
    }

    /// The x of point `point` (longitude or easting).
    @inline(__always) public func x(_ point: Int) -> Double { coordinates[2 * point] }
    /// The y of point `point` (latitude or northing).
    @inline(__always) public func y(_ point: Int) -> Double { coordinates[2 * point + 1] }

    /// Calls `body` with the coordinate buffer for in-place changes (a projection).
    public mutating func withMutableCoordinates<R>(_ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        try coordinates.withUnsafeMutableBufferPointer { try body(&$0) }
    }

    // MARK: Building

    /// Adds a point to the open ring.
    @inline(__always) public mutating func addPoint(x: Double, y: Double) {
        coordinates.append(x)
        coordinates.append(y)
    }

    /// Closes the current ring: the points added since the last ring end belong to it.
    @inline(__always) public mutating func endRing() {
        ringStarts.append(Int32(truncatingIfNeeded: coordinates.count / 2))
    }

    /// Closes the current part: the rings ended since the last part end belong to it.
    @inline(__always) public mutating func endPart(_ kind: PartKind) {
        partKinds.append(kind)
        partStarts.append(Int32(truncatingIfNeeded: ringStarts.count - 1))
    }

    /// Closes the current feature: the parts ended since the last feature belong to it.
    public mutating func endFeature<S: Sequence>(
        type: GeometryType?, id: FeatureID?, properties members: S, foreign: JSONObject? = nil
    ) where S.Element == JSONObject.Entry {
        for member in members { properties.setInOpenRow(column: properties.internKey(member.key), value: member.value) }
        endFeature(type: type, id: id, foreign: foreign)
    }

    /// The property column named `key`, added if new. Readers of tabular stores (a
    /// database, a dataset) look their fields up once per layer, then set values by column.
    public mutating func propertyColumn(_ key: String) -> Int { properties.internKey(key) }

    /// Sets a property of the feature being built, by its column.
    public mutating func setProperty(column: Int, _ value: JSONValue) {
        properties.setInOpenRow(column: column, value: value)
    }

    /// Closes the current feature, whose properties were set with `setProperty` (or, on the
    /// GeoJSON reader's path, in the open row of `properties`).
    public mutating func endFeature(type: GeometryType?, id: FeatureID?, foreign: JSONObject? = nil) {
        featureStarts.append(Int32(truncatingIfNeeded: partKinds.count))
        geometryTypes.append(type)
        ids.append(id)
        properties.endRow()
        if let foreign, !foreign.isEmpty { foreignMembers[count - 1] = foreign }
    }

    /// Drops parts, rings and points added since the last `endFeature` (a feature that
    /// turned out to be invalid and is skipped).
    public mutating func discardOpenFeature() {
        let parts = Int(featureStarts.last!)
        let rings = Int(partStarts[parts])
        let points = Int(ringStarts[rings])
        partKinds.removeSubrange(parts...)
        partStarts.removeSubrange((parts + 1)...)
        ringStarts.removeSubrange((rings + 1)...)
        coordinates.removeSubrange((2 * points)...)
    }

    /// Reserves room for about `points` points, so that growing the buffer of a large file
    /// does not copy it again and again.
    public mutating func reserve(points: Int) {
        coordinates.reserveCapacity(2 * points)
    }

    // MARK: Selecting

    /// A table of the features at `rows`, in that order.
    public func selecting(_ rows: [Int]) -> FeatureTable {
        var t = FeatureTable()
        for f in rows {
            for p in parts(of: f) {
                for r in rings(of: p) {
                    let pts = points(of: r)
                    t.coordinates.append(contentsOf: coordinates[(2 * pts.lowerBound)..<(2 * pts.upperBound)])
                    t.endRing()
                }
                t.endPart(partKinds[p])
            }
            t.featureStarts.append(Int32(t.partKinds.count))
            t.geometryTypes.append(geometryTypes[f])
            t.ids.append(ids[f])
            if let foreign = foreignMembers[f] { t.foreignMembers[t.count - 1] = foreign }
        }
        t.properties = properties.selecting(rows)
        if let tiles { t.tiles = FeatureTiles(squares: tiles.squares, ofFeature: rows.map { tiles.ofFeature[$0] }) }
        return t
    }
}
