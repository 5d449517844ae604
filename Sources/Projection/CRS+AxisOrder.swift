import CProj

extension CRS {
    /// Whether the CRS's own definition (its authority's axis order, which Cartouche never
    /// uses for data) puts north or south first: latitude first for EPSG:4326 and EPSG:4490,
    /// northing first for EPSG:4547. WMS 1.3 and other OGC protocols write coordinates in
    /// this order, so a server must swap them.
    public var authorityAxisOrderIsNorthFirst: Bool {
        let state = ProjThreadState.current
        guard let pj = proj_create(state.context, definition) else { return false }
        defer { proj_destroy(pj) }
        var crs = pj
        var base: OpaquePointer?
        if proj_get_type(pj) == PJ_TYPE_BOUND_CRS, let b = proj_get_source_crs(state.context, pj) {
            base = b
            crs = b
        }
        defer { if let base { proj_destroy(base) } }
        guard let cs = proj_crs_get_coordinate_system(state.context, crs) else { return false }
        defer { proj_destroy(cs) }
        var direction: UnsafePointer<CChar>?
        guard proj_cs_get_axis_count(state.context, cs) >= 2,
              proj_cs_get_axis_info(state.context, cs, 0, nil, nil, &direction, nil, nil, nil, nil) != 0,
              let direction else { return false }
        let first = String(cString: direction).lowercased()
        return first == "north" || first == "south"
    }
}
