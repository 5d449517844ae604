import CGDAL
import Datasource
import Foundation
import Geometry
import JSON

/// Reads the features of one layer that meet a box into a `FeatureTable`, one feature at a
/// time: GDAL's spatial filter (which uses the GeoPackage R-tree, a Shapefile's `.qix` or
/// `.sbn`, FlatGeobuf's packed R-tree) chooses them, ignored fields keep the driver from
/// decoding the properties the style does not read, and each geometry comes over as ISO WKB
/// into `WKBReader`. (GDAL's Arrow stream was measured against this and was slower for
/// map-sized reads: see docs/PERFORMANCE.md.)
enum GDALFeatureReader {
    static func read(dataset: GDALDatasetH, layer info: GDALLayerInfo, box: Box,
                     fields: [GDALLayerInfo.Field]) throws(GDALSourceError) -> DatasetFeatures {
        let layer = try prepare(dataset: dataset, layer: info, box: box, fields: fields)
        let definition = OGR_L_GetLayerDefn(layer)
        let indices = fields.map { OGR_FD_GetFieldIndex(definition, $0.name) }

        let decoder = info.textEncoding.flatMap { $0.isEmpty || TextDecoder.isUTF8($0) ? nil : TextDecoder($0) }
        var text = TextReader(decoder: decoder, declared: info.textEncoding)
        var table = FeatureTable()
        let columns = fields.map { table.propertyColumn($0.name) }
        var wkb: [UInt8] = []
        var row = 0
        while true {
            guard let feature = OGR_L_GetNextFeature(layer) else {
                if let failure = GDALRuntime.lastFailure { throw GDALSourceError(failure) }
                break
            }
            defer { OGR_F_Destroy(feature) }
            if let failure = GDALRuntime.lastFailure { throw GDALSourceError("feature \(OGR_F_GetFID(feature)): \(failure)") }
            var type: GeometryType? = nil
            if let geometry = OGR_F_GetGeometryRef(feature) {
                do {
                    type = try append(geometry, to: &table, scratch: &wkb)
                } catch {
                    throw GDALSourceError("feature \(OGR_F_GetFID(feature)): \(error.message)")
                }
            }
            for (k, field) in fields.enumerated() where indices[k] >= 0 && OGR_F_IsFieldSetAndNotNull(feature, indices[k]) != 0 {
                do {
                    table.setProperty(column: columns[k], try value(feature, indices[k], field, &text))
                } catch {
                    throw GDALSourceError("feature \(OGR_F_GetFID(feature)): field \"\(field.name)\": \(error.message)")
                }
            }
            let fid = OGR_F_GetFID(feature)
            table.endFeature(type: type, id: fid == OGRNullFID ? nil : .number(Double(fid)))
            row += 1
        }
        let warnings = GDALRuntime.takeWarnings().map { "\(info.name): \($0)" }
        return DatasetFeatures(table: inFileOrder(table), warnings: warnings)
    }

    /// The features in the order of their FIDs, the dataset's own order: a spatial index
    /// hands them over in the index's order, and a GeoPackage uses its R-tree or scans the
    /// table depending on how much of the layer a box covers, which would draw overlapping
    /// features (and place labels) in a different order on different maps of the same place.
    static func inFileOrder(_ table: FeatureTable) -> FeatureTable {
        func fid(_ row: Int) -> Double {
            if case .number(let n)? = table.ids[row] { return n }
            return .infinity
        }
        var sorted = true
        for row in table.ids.indices.dropFirst() where fid(row) < fid(row - 1) {
            sorted = false
            break
        }
        if sorted { return table }
        return table.selecting(table.ids.indices.sorted { fid($0) < fid($1) })
    }

    /// The layer with its spatial filter and ignored fields set, at its first feature.
    static func prepare(dataset: GDALDatasetH, layer info: GDALLayerInfo, box: Box,
                        fields: [GDALLayerInfo.Field]) throws(GDALSourceError) -> OGRLayerH {
        GDALRuntime.reset()
        guard let layer = GDALDatasetGetLayerByName(dataset, info.name) else {
            throw GDALSourceError(GDALRuntime.lastFailure ?? "the layer is gone")
        }
        if box.minX.isFinite && box.minY.isFinite && box.maxX.isFinite && box.maxY.isFinite {
            OGR_L_SetSpatialFilterRect(layer, box.minX, box.minY, box.maxX, box.maxY)
        } else {
            OGR_L_SetSpatialFilter(layer, nil)
        }
        let wanted = Set(fields.map(\.name))
        let ignored = info.fields.map(\.name).filter { !wanted.contains($0) } + ["OGR_STYLE"]
        _ = withConstCStringList(ignored) { OGR_L_SetIgnoredFields(layer, UnsafeMutablePointer(mutating: $0)) }
        OGR_L_ResetReading(layer)
        return layer
    }

    /// Appends one OGR geometry to the open feature of `table`; curves are drawn as the
    /// lines GDAL approximates them with.
    static func append(_ geometry: OGRGeometryH, to table: inout FeatureTable, scratch: inout [UInt8]) throws(GDALSourceError) -> GeometryType? {
        if OGR_G_IsEmpty(geometry) != 0 { return nil }
        let ogrType = OGR_G_GetGeometryType(geometry)
        var linear: OGRGeometryH? = nil
        defer { if let linear { OGR_G_DestroyGeometry(linear) } }
        if OGR_GT_IsNonLinear(ogrType) != 0 {
            linear = OGR_G_GetLinearGeometry(geometry, 0, nil)
            guard linear != nil else { throw GDALSourceError("a \(String(cString: OGRGeometryTypeToName(ogrType))) that cannot be made linear") }
        }
        let g = linear ?? geometry
        switch OGR_GT_Flatten(OGR_G_GetGeometryType(g)) {
        case wkbPoint, wkbMultiPoint, wkbLineString, wkbMultiLineString, wkbPolygon, wkbMultiPolygon, wkbGeometryCollection: break
        case let other:
            throw GDALSourceError("geometry of type \(String(cString: OGRGeometryTypeToName(other))), which maps cannot draw (points, lines and polygons can)")
        }
        let size = Int(OGR_G_WkbSizeEx(g))
        if scratch.count < size { scratch = [UInt8](repeating: 0, count: max(size, 2 * scratch.count)) }
        let result = scratch.withUnsafeMutableBytes { buffer -> Result<GeometryType, GDALSourceError> in
            guard OGR_G_ExportToIsoWkb(g, wkbNDR, buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)) == OGRERR_NONE else {
                return .failure(GDALSourceError("its geometry cannot be written as WKB"))
            }
            do {
                return .success(try WKBReader.append(UnsafeRawBufferPointer(rebasing: buffer[..<size]), to: &table))
            } catch {
                return .failure(GDALSourceError("\(error)"))
            }
        }
        return try result.get()
    }

    /// A field's value as the style sees it: numbers, booleans, text (which must be UTF-8
    /// after GDAL's recoding), dates in ISO 8601 as GeoJSON writes them, lists as arrays,
    /// JSON fields parsed.
    static func value(_ feature: OGRFeatureH, _ i: Int32, _ field: GDALLayerInfo.Field, _ reader: inout TextReader) throws(GDALSourceError) -> JSONValue {
        switch field.ogrType {
        case OFTInteger:
            let n = OGR_F_GetFieldAsInteger(feature, i)
            return field.ogrSubtype == OFSTBoolean ? .bool(n != 0) : .number(Double(n))
        case OFTInteger64:
            return .number(Double(OGR_F_GetFieldAsInteger64(feature, i)))
        case OFTReal:
            return .number(OGR_F_GetFieldAsDouble(feature, i))
        case OFTDate, OFTTime, OFTDateTime:
            return .string(dateTime(feature, i, field.ogrType))
        case OFTIntegerList:
            var n: Int32 = 0
            let p = OGR_F_GetFieldAsIntegerList(feature, i, &n)
            return .array((0..<Int(n)).map { .number(Double(p![$0])) })
        case OFTInteger64List:
            var n: Int32 = 0
            let p = OGR_F_GetFieldAsInteger64List(feature, i, &n)
            return .array((0..<Int(n)).map { .number(Double(p![$0])) })
        case OFTRealList:
            var n: Int32 = 0
            let p = OGR_F_GetFieldAsDoubleList(feature, i, &n)
            return .array((0..<Int(n)).map { .number(p![$0]) })
        case OFTStringList:
            var items: [JSONValue] = []
            if var p = OGR_F_GetFieldAsStringList(feature, i) {
                while let s = p.pointee {
                    items.append(.string(try reader.text(s)))
                    p += 1
                }
            }
            return .array(items)
        case OFTBinary:
            var n: Int32 = 0
            _ = OGR_F_GetFieldAsBinary(feature, i, &n)
            return .string("(\(n) bytes)")
        default:
            let s = try reader.text(OGR_F_GetFieldAsString(feature, i))
            if field.ogrSubtype == OFSTJSON, let parsed = try? JSONParser.parse(Array(s.utf8)) { return parsed }
            return .string(s)
        }
    }

    static func dateTime(_ feature: OGRFeatureH, _ i: Int32, _ type: OGRFieldType) -> String {
        var y: Int32 = 0, mo: Int32 = 0, d: Int32 = 0, h: Int32 = 0, mi: Int32 = 0, tz: Int32 = 0
        var s: Float = 0
        OGR_F_GetFieldAsDateTimeEx(feature, i, &y, &mo, &d, &h, &mi, &s, &tz)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let date = "\(String(format: "%04d", y))-\(two(mo))-\(two(d))"
        let whole = s.rounded(.down)
        let seconds = whole == s ? two(Int32(whole)) : String(format: "%06.3f", s)
        let time = "\(two(h)):\(two(mi)):\(seconds)"
        // GDAL's time zone flag: 0 unknown, 1 local, 100 UTC, 100 ± n quarter hours.
        let zone: String
        switch tz {
        case 0, 1: zone = ""
        case 100: zone = "Z"
        default:
            let minutes = Int((tz - 100) * 15)
            zone = "\(minutes < 0 ? "-" : "+")\(two(Int32(abs(minutes) / 60))):\(two(Int32(abs(minutes) % 60)))"
        }
        switch type {
        case OFTDate: return date
        case OFTTime: return time
        default: return "\(date)T\(time)\(zone)"
        }
    }
}

/// Text fields as UTF-8: decoded from a Shapefile's declared encoding, or checked to be
/// UTF-8 where GDAL has already decoded them (or nothing declares an encoding).
struct TextReader {
    let decoder: TextDecoder?
    let declared: String?

    func text(_ p: UnsafePointer<CChar>?) throws(GDALSourceError) -> String {
        guard let p else { return "" }
        if let decoder {
            do {
                return try decoder.decode(p)
            } catch .utf8 {
                throw GDALSourceError("UTF-8 text in a file that declares \(decoder.encoding) (mixed encodings); convert the file to one encoding")
            } catch {
                throw GDALSourceError("text that is not valid \(decoder.encoding); declare the right encoding in a .cpg file or with \"cartouche:encoding\"")
            }
        }
        guard let s = String(validatingCString: p) else {
            if declared == "" {
                throw GDALSourceError("text that is not UTF-8 and no encoding declared; declare it in a .cpg file (e.g. GBK) or with \"cartouche:encoding\"")
            }
            throw GDALSourceError("text that is not valid UTF-8")
        }
        return s
    }
}
