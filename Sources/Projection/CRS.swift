import CProj
import Geometry

/// A coordinate reference system that PROJ knows: `EPSG:4547`, an OGC URN
/// (`urn:ogc:def:crs:EPSG::4547`), an OGC URL (`http://www.opengis.net/def/crs/EPSG/0/4547`),
/// WKT, PROJJSON or a PROJ string (`+proj=tmerc +lon_0=114 ...`, read as a CRS); and
/// `GCJ-02` and `BD-09`, the longitude/latitude of Chinese web maps, which PROJ does not
/// know (see `ChineseWebCoordinates`).
///
/// Coordinates are always easting/longitude first: data and maps never meet PROJ's
/// authority axis order (latitude first for EPSG:4326 and EPSG:4547, whichever form the CRS
/// was written in), because every transformation is normalised for visualisation.
public struct CRS: Sendable, Hashable, CustomStringConvertible {
    /// The text PROJ reads for this CRS. Every reference to an authority code becomes
    /// `AUTH:CODE` (`epsg:4547`, the URN and the URL all give `EPSG:4547`), so that the
    /// spellings of one CRS are equal and share cached transformations.
    public let definition: String
    /// GCJ-02 or BD-09: WGS84 for PROJ, with an offset that `Transformer` removes and adds.
    /// (Derived from `definition`, which PROJ never gives as "GCJ-02" or "BD-09".)
    public var chineseWebCoordinates: ChineseWebCoordinates? { ChineseWebCoordinates(rawValue: definition) }
    /// The text PROJ reads: `definition`, or EPSG:4326 under GCJ-02 and BD-09.
    var projDefinition: String { chineseWebCoordinates == nil ? definition : "EPSG:4326" }
    /// PROJ's name for it: "CGCS2000 / 3-degree Gauss-Kruger CM 114E".
    public let name: String
    /// Latitude/longitude in degrees rather than projected coordinates.
    public let isGeographic: Bool
    /// "EPSG:4547" when PROJ knows the authority code (WKT with an `ID` included), else nil.
    public let identifier: String?
    /// Where the CRS may be used (longitude/latitude degrees), as its definition says; nil
    /// when it says nothing (PROJ strings).
    public let areaOfUse: Box?

    /// Longitude/latitude in degrees on WGS84: GeoJSON's coordinates, and what the other CRSs
    /// are transformed through.
    public static let wgs84 = try! CRS("EPSG:4326")
    /// Web Mercator, the CRS of MapLibre's maps and of tile sets; a map drawn in it matches
    /// MapLibre's own pixel for pixel.
    public static let webMercator = try! CRS("EPSG:3857")

    /// Fails with an error that names `text` when PROJ cannot read it as a CRS.
    public init(_ text: String) throws(ProjectionError) {
        // PROJ's CRSs and GCJ-02/BD-09 are read into the same parts, set here in one place.
        let p = try Self.read(text)
        definition = p.definition
        name = p.name
        isGeographic = p.isGeographic
        identifier = p.identifier
        areaOfUse = p.areaOfUse
    }

    /// GCJ-02 or BD-09: longitude/latitude degrees on WGS84, offset.
    public init(_ chinese: ChineseWebCoordinates) throws(ProjectionError) {
        try self.init(chinese.rawValue)
    }

    private struct Parts {
        var definition: String, name: String
        var isGeographic: Bool, identifier: String?, areaOfUse: Box?
    }

    private static func read(_ text: String) throws(ProjectionError) -> Parts {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .unknownCRS(text, reason: "empty CRS definition") }
        if let chinese = ChineseWebCoordinates(name: trimmed) {
            var base = try read("EPSG:4326")
            base.name = "\(chinese.rawValue) (\(base.name) with the offset of Chinese web maps)"
            base.definition = chinese.rawValue
            base.identifier = nil
            return base
        }
        let input = CRSText.projInput(trimmed)
        let state = ProjThreadState.current
        guard let pj = proj_create(state.context, input) else {
            throw .unknownCRS(trimmed, reason: "\(state.errorMessage()); \(Self.specialNamesNote)")
        }
        defer { proj_destroy(pj) }
        guard proj_is_crs(pj) != 0 else {
            throw .unknownCRS(trimmed, reason: "PROJ reads it as a coordinate operation, not a CRS")
        }
        var area: Box?
        var w = 0.0, south = 0.0, e = 0.0, n = 0.0
        if proj_get_area_of_use(state.context, pj, &w, &south, &e, &n, nil) != 0, w > -1000, w <= e, south <= n {
            area = Box(minX: w, minY: south, maxX: e, maxY: n)
        }
        var identifier: String?
        if let auth = proj_get_id_auth_name(pj, 0), let code = proj_get_id_code(pj, 0) {
            identifier = "\(String(cString: auth)):\(String(cString: code))"
        }
        let definition = CRSText.form(of: trimmed) == .authorityReference ? identifier ?? input : input
        return Parts(definition: definition,
                     name: proj_get_name(pj).map { String(cString: $0) } ?? trimmed,
                     isGeographic: isGeographic(pj, context: state.context), identifier: identifier, areaOfUse: area)
    }

    /// Said beside PROJ's message when a CRS is unknown: the names PROJ does not know but we do.
    static let specialNamesNote = "besides the CRSs PROJ knows, Cartouche accepts \(ChineseWebCoordinates.namesForMessages)"

    /// Geographic, or a geographic CRS bound to WGS84 (`+proj=longlat +towgs84=...`).
    private static func isGeographic(_ pj: OpaquePointer, context: OpaquePointer) -> Bool {
        func geographic(_ type: PJ_TYPE) -> Bool { type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS }
        let type = proj_get_type(pj)
        guard type == PJ_TYPE_BOUND_CRS else { return geographic(type) }
        guard let base = proj_get_source_crs(context, pj) else { return false }
        defer { proj_destroy(base) }
        return geographic(proj_get_type(base))
    }

    /// The CRS as messages name it: "EPSG:4547" where the authority code is known, else its
    /// definition shortened to one line.
    public var description: String { identifier ?? CRSText.abbreviated(definition) }

    /// Two CRSs are the same when their definitions are, so that "EPSG:4547" given twice shares
    /// one transformation.
    public static func == (a: CRS, b: CRS) -> Bool { a.definition == b.definition }
    /// Hashes the definition, as `==` compares it.
    public func hash(into hasher: inout Hasher) { hasher.combine(definition) }
}
