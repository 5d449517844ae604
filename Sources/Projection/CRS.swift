import CProj

/// A coordinate reference system that PROJ knows: `EPSG:4547`, an OGC URN
/// (`urn:ogc:def:crs:EPSG::4547`), an OGC URL, WKT, PROJJSON or a PROJ string
/// (`+proj=tmerc +lon_0=114 ...`).
///
/// Coordinates are always easting/longitude first: data and maps never meet PROJ's
/// authority axis order (latitude first for EPSG:4326 and EPSG:4547).
public struct CRS: Sendable, Hashable, CustomStringConvertible {
    /// The text the CRS was made from, as PROJ accepts it.
    public let definition: String
    /// PROJ's name for it: "CGCS2000 / 3-degree Gauss-Kruger CM 114E".
    public let name: String
    /// Latitude/longitude in degrees rather than projected coordinates.
    public let isGeographic: Bool
    /// "EPSG:4547" when PROJ can identify the authority code, else nil.
    public let identifier: String?

    public static let wgs84 = try! CRS("EPSG:4326")
    public static let webMercator = try! CRS("EPSG:3857")

    public init(_ text: String) throws(ProjectionError) {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw ProjectionError.unknownCRS(text, reason: "empty CRS definition") }
        let definition = Self.canonical(trimmed)
        let state = ProjThreadState.current
        guard let pj = proj_create(state.context, definition) else {
            throw ProjectionError.unknownCRS(trimmed, reason: state.errorMessage())
        }
        defer { proj_destroy(pj) }
        guard proj_is_crs(pj) != 0 else {
            throw ProjectionError.unknownCRS(trimmed, reason: "PROJ reads it as a coordinate operation, not a CRS")
        }
        self.definition = definition
        self.name = proj_get_name(pj).map { String(cString: $0) } ?? trimmed
        let type = proj_get_type(pj)
        var geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS
        if type == PJ_TYPE_BOUND_CRS, let base = proj_get_source_crs(state.context, pj) {
            let baseType = proj_get_type(base)
            geographic = baseType == PJ_TYPE_GEOGRAPHIC_2D_CRS || baseType == PJ_TYPE_GEOGRAPHIC_3D_CRS
            proj_destroy(base)
        }
        self.isGeographic = geographic
        if let auth = proj_get_id_auth_name(pj, 0), let code = proj_get_id_code(pj, 0) {
            identifier = "\(String(cString: auth)):\(String(cString: code))"
        } else {
            identifier = nil
        }
    }

    /// `epsg:3857` → `EPSG:3857`, so that spellings of one code share a cache entry.
    static func canonical(_ text: String) -> String {
        let lower = text.lowercased()
        if lower.hasPrefix("epsg:"), text.dropFirst(5).allSatisfy(\.isNumber) {
            return "EPSG:" + text.dropFirst(5)
        }
        return text
    }

    public var description: String { identifier ?? definition }

    public static func == (a: CRS, b: CRS) -> Bool { a.definition == b.definition }
    public func hash(into hasher: inout Hasher) { hasher.combine(definition) }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
