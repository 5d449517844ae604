extension FeatureTable {
    /// Whether feature `row` is a polygon that carries its outline as line parts after its
    /// polygon parts: a vector tile's polygon cut at the tile's edge, whose outline leaves
    /// out the cut. Fills fill its polygons; lines and labels along lines follow its
    /// outline; point labels go on its polygons. (A GeoJSON polygon never has line parts.)
    @inline(__always) public func hasSeparateOutline(_ row: Int) -> Bool {
        guard let type = geometryTypes[row], type == .polygon || type == .multiPolygon else { return false }
        let parts = parts(of: row)
        return parts.count >= 2 && partKinds[parts.upperBound - 1] == .line
    }

    /// Whether part `p` of feature `row` is drawn by line layers.
    @inline(__always) public func isStroked(part p: Int, of row: Int, outlined: Bool) -> Bool {
        switch partKinds[p] {
        case .point: false
        case .line: true
        case .polygon: !outlined
        }
    }
}
