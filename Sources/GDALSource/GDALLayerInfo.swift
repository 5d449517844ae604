import CGDAL
import Geometry
import Projection

/// What Cartouche knows of one layer of a GDAL dataset once it is open, before any feature
/// is read: its CRS, extent, geometry type and fields. `cartouche info` prints it; the reader
/// uses the fields to fetch only those the style reads and to type their values.
public struct GDALLayerInfo: Sendable {
    /// One attribute field of the layer, as OGR types it.
    public struct Field: Sendable {
        /// The field's name, by which a style's `["get", ...]` reads it.
        public var name: String
        /// OGR's type name: Integer, Integer64, Real, String, Date, DateTime, ...
        public var type: String
        /// OGR's subtype name where there is one: Boolean, Int16, Float32, JSON, UUID.
        public var subtype: String?
        let ogrType: OGRFieldType
        let ogrSubtype: OGRFieldSubType
    }

    /// The layer's name, as a style's `source-layer` gives it.
    public var name: String
    /// The layer's CRS: the source's `cartouche:crs` if given, else the dataset's own; nil
    /// when neither says.
    public var crs: CRS?
    /// Where the CRS came from: "cartouche:crs", or the dataset's description of it.
    public var crsOrigin: String
    /// The layer's extent in its CRS, from the format's header or index where it keeps one.
    public var extent: Box?
    /// OGR's name of the layer's geometry type ("Multi Polygon", "Unknown (any)").
    public var geometryType: String
    /// The attribute fields, in the layer's order.
    public var fields: [Field]
    /// A Shapefile layer's text encoding (declared by `.cpg` or language driver id, or the
    /// style's `cartouche:encoding`; "" when none is), whose text Cartouche decodes itself;
    /// nil for formats whose text GDAL hands over in UTF-8.
    public var textEncoding: String?

    init(layer: OGRLayerH, crsOverride: CRS?) throws(GDALSourceError) {
        name = String(cString: OGR_L_GetName(layer))
        geometryType = String(cString: OGRGeometryTypeToName(OGR_L_GetGeomType(layer)))
        let definition = OGR_L_GetLayerDefn(layer)
        fields = (0..<OGR_FD_GetFieldCount(definition)).map { i in
            let f = OGR_FD_GetFieldDefn(definition, i)
            let type = OGR_Fld_GetType(f), subtype = OGR_Fld_GetSubType(f)
            return Field(name: String(cString: OGR_Fld_GetNameRef(f)),
                         type: String(cString: OGR_GetFieldTypeName(type)),
                         subtype: subtype == OFSTNone ? nil : String(cString: OGR_GetFieldSubTypeName(subtype)),
                         ogrType: type, ogrSubtype: subtype)
        }
        if let crsOverride {
            crs = crsOverride
            crsOrigin = "cartouche:crs"
        } else if let srs = OGR_L_GetSpatialRef(layer) {
            (crs, crsOrigin) = try Self.crs(of: srs)
        } else {
            crs = nil
            crsOrigin = "none"
        }
        var envelope = OGREnvelope()
        // Forced: GeoPackage, Shapefile and FlatGeobuf keep it in a header; line formats
        // (GeoJSONSeq, CSV) are scanned once, here.
        if OGR_L_GetExtent(layer, &envelope, 1) == OGRERR_NONE, envelope.MinX <= envelope.MaxX {
            extent = Box(minX: envelope.MinX, minY: envelope.MinY, maxX: envelope.MaxX, maxY: envelope.MaxY)
        }
    }

    /// A CRS by its authority code where the dataset's definition has one (GeoPackage SRS
    /// tables, `.prj` files GDAL identifies), so that it equals the style's `EPSG:` CRS;
    /// otherwise by its WKT2.
    static func crs(of srs: OGRSpatialReferenceH) throws(GDALSourceError) -> (CRS, String) {
        if let authority = OSRGetAuthorityName(srs, nil), let code = OSRGetAuthorityCode(srs, nil) {
            let text = "\(String(cString: authority)):\(String(cString: code))"
            if let crs = try? CRS(text) { return (crs, text) }
        }
        var wkt: UnsafeMutablePointer<CChar>?
        let options = ["FORMAT=WKT2_2019"]
        let status = withConstCStringList(options) { OSRExportToWktEx(srs, &wkt, $0) }
        defer { VSIFree(wkt) }
        guard status == OGRERR_NONE, let wkt else { throw GDALSourceError("its CRS cannot be written as WKT") }
        let text = String(cString: wkt)
        do {
            return (try CRS(text), "WKT")
        } catch {
            throw GDALSourceError("PROJ does not understand its CRS (\(error))")
        }
    }
}

/// A problem found while opening or reading, before the dataset's and layer's names are
/// put in front of it.
struct GDALSourceError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Calls `body` with a NULL-terminated C array of C strings (GDAL's `char **` options).
func withCStringList<R>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) throws -> R) rethrows -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    return try pointers.withUnsafeMutableBufferPointer { try body($0.baseAddress) }
}

/// The same as a `const char * const *` (OSR's and OGR's const option lists).
func withConstCStringList<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> R) rethrows -> R {
    try withCStringList(strings) { list in try body(list.map { UnsafePointer(OpaquePointer($0)) }) }
}
