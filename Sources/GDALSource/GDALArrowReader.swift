import CGDAL
import Datasource
import Geometry
import JSON

/// The same read as `GDALFeatureReader`, through GDAL's Arrow stream
/// (`OGR_L_GetArrowStream`): batches of columns, geometry as WKB, about 1.5 times as fast
/// as feature by feature on large reads (docs/PERFORMANCE.md). It takes layers whose wanted
/// fields are numbers, booleans or plain text in UTF-8 (`canRead`); anything it cannot
/// read (a curve, a corrupt feature) makes the dataset read the layer feature by feature.
enum GDALArrowReader {
    /// Whether every field asked for has an Arrow form this reader turns into properties
    /// exactly as `GDALFeatureReader` does.
    static func canRead(_ info: GDALLayerInfo, fields: [GDALLayerInfo.Field]) -> Bool {
        if let encoding = info.textEncoding, !TextDecoder.isUTF8(encoding) { return false }
        return fields.allSatisfy { f in
            switch f.ogrType {
            case OFTInteger, OFTInteger64, OFTReal: true
            case OFTString: f.ogrSubtype == OFSTNone
            default: false
            }
        }
    }

    static func read(dataset: GDALDatasetH, layer info: GDALLayerInfo, box: Box,
                     fields: [GDALLayerInfo.Field]) throws(GDALSourceError) -> DatasetFeatures {
        let layer = try GDALFeatureReader.prepare(dataset: dataset, layer: info, box: box, fields: fields)
        var stream = ArrowArrayStream()
        let ok = withConstCStringList(["INCLUDE_FID=YES", "MAX_FEATURES_IN_BATCH=65536"]) {
            OGR_L_GetArrowStream(layer, &stream, UnsafeMutablePointer(mutating: $0).map { UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>(OpaquePointer($0)) })
        }
        guard ok else { throw GDALSourceError(GDALRuntime.lastFailure ?? "no Arrow stream") }
        defer { stream.release?(&stream) }
        var schema = ArrowSchema()
        guard stream.get_schema!(&stream, &schema) == 0 else { throw GDALSourceError(streamError(&stream)) }
        defer { schema.release?(&schema) }

        // Columns by position: the FID, the geometry (binary WKB), the fields asked for.
        enum Column { case fid, geometry, int8(Int), int16(Int), int32(Int), int64(Int), float(Int), double(Int), bool(Int), utf8(Int), skip }
        var table = FeatureTable()
        let wanted = Set(fields.map(\.name))
        var columns: [Column] = []
        for c in 0..<Int(schema.n_children) {
            let child = schema.children[c]!.pointee
            let name = String(cString: child.name), format = String(cString: child.format)
            if name == "OGC_FID" || (c == 0 && format == "l" && !wanted.contains(name)) { columns.append(.fid); continue }
            if format == "z" || format == "Z" { columns.append(.geometry); continue }
            guard wanted.contains(name) else { columns.append(.skip); continue }
            let column = table.propertyColumn(name)
            switch format {
            case "c": columns.append(.int8(column))
            case "s": columns.append(.int16(column))
            case "i": columns.append(.int32(column))
            case "l": columns.append(.int64(column))
            case "f": columns.append(.float(column))
            case "g": columns.append(.double(column))
            case "b": columns.append(.bool(column))
            case "u": columns.append(.utf8(column))
            default: throw GDALSourceError("field \"\(name)\" of Arrow type \(format)")
            }
        }
        while true {
            var batch = ArrowArray()
            guard stream.get_next!(&stream, &batch) == 0 else { throw GDALSourceError(streamError(&stream)) }
            // The generic stream ends quietly where a feature cannot be read; GDAL's error
            // on this thread says so.
            if let failure = GDALRuntime.lastFailure {
                batch.release?(&batch)
                throw GDALSourceError(failure)
            }
            guard let release = batch.release else { break }
            defer { release(&batch) }
            let children = (0..<Int(batch.n_children)).map { batch.children[$0]!.pointee }
            for row in 0..<Int(batch.length) {
                var type: GeometryType? = nil
                var id: FeatureID? = nil
                for (c, column) in columns.enumerated() {
                    let a = children[c]
                    let i = row + Int(a.offset)
                    if let validity = a.buffers[0], a.null_count != 0,
                       validity.load(fromByteOffset: i >> 3, as: UInt8.self) & (1 << UInt8(i & 7)) == 0 { continue }
                    switch column {
                    case .fid: id = .number(Double(a.buffers[1]!.load(fromByteOffset: 8 * i, as: Int64.self)))
                    case .geometry:
                        let offsets = a.buffers[1]!, data = a.buffers[2]!
                        let start = Int(offsets.load(fromByteOffset: 4 * i, as: Int32.self)), end = Int(offsets.load(fromByteOffset: 4 * i + 4, as: Int32.self))
                        do {
                            type = try WKBReader.append(UnsafeRawBufferPointer(start: data + start, count: end - start), to: &table)
                        } catch {
                            throw GDALSourceError("\(error)")
                        }
                    case .int8(let p): table.setProperty(column: p, .number(Double(a.buffers[1]!.load(fromByteOffset: i, as: Int8.self))))
                    case .int16(let p): table.setProperty(column: p, .number(Double(a.buffers[1]!.load(fromByteOffset: 2 * i, as: Int16.self))))
                    case .float(let p): table.setProperty(column: p, .number(Double(a.buffers[1]!.load(fromByteOffset: 4 * i, as: Float.self))))
                    case .int32(let p): table.setProperty(column: p, .number(Double(a.buffers[1]!.load(fromByteOffset: 4 * i, as: Int32.self))))
                    case .int64(let p): table.setProperty(column: p, .number(Double(a.buffers[1]!.load(fromByteOffset: 8 * i, as: Int64.self))))
                    case .double(let p): table.setProperty(column: p, .number(a.buffers[1]!.load(fromByteOffset: 8 * i, as: Double.self)))
                    case .bool(let p): table.setProperty(column: p, .bool(a.buffers[1]!.load(fromByteOffset: i >> 3, as: UInt8.self) & (1 << UInt8(i & 7)) != 0))
                    case .utf8(let p):
                        let offsets = a.buffers[1]!, data = a.buffers[2]!
                        let start = Int(offsets.load(fromByteOffset: 4 * i, as: Int32.self)), end = Int(offsets.load(fromByteOffset: 4 * i + 4, as: Int32.self))
                        let bytes = UnsafeRawBufferPointer(start: data + start, count: end - start)
                        guard let text = String(validating: bytes, as: UTF8.self) else { throw GDALSourceError("text that is not UTF-8") }
                        table.setProperty(column: p, .string(text))
                    case .skip: break
                    }
                }
                table.endFeature(type: type, id: id)
            }
        }
        return DatasetFeatures(table: GDALFeatureReader.inFileOrder(table), warnings: GDALRuntime.takeWarnings().map { "\(info.name): \($0)" })
    }

    private static func streamError(_ stream: inout ArrowArrayStream) -> String {
        stream.get_last_error?(&stream).map { String(cString: $0) } ?? GDALRuntime.lastFailure ?? "the Arrow stream failed"
    }
}
