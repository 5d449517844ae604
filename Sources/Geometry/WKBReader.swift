/// Reads Well-Known Binary geometry (OGC and ISO WKB, and PostGIS's extended WKB with its
/// SRID and Z/M flags) into a `FeatureTable`: the form in which PostGIS sends geometry, GDAL
/// hands it over (`OGR_G_ExportToIsoWkb`, Arrow streams) and a GeoPackage stores it after
/// its header. Coordinates go straight into the table's buffer; Z and M values are skipped,
/// as the map draws in two dimensions.
public enum WKBReader {
    /// Appends the parts of one geometry to the open feature of `table` and returns its
    /// type. The caller sets the feature's properties and closes it with `endFeature`.
    /// An empty geometry adds no part. On an error the table's open feature is discarded.
    public static func append(_ bytes: UnsafeRawBufferPointer, to table: inout FeatureTable) throws(WKBError) -> GeometryType {
        var reader = Cursor(bytes: bytes)
        do {
            return try reader.geometry(into: &table, depth: 0)
        } catch {
            table.discardOpenFeature()
            throw error
        }
    }

    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        var bigEndian = false

        mutating func byte() throws(WKBError) -> UInt8 {
            guard offset < bytes.count else { throw WKBError("ends after \(offset) bytes, inside a geometry") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func uint32() throws(WKBError) -> UInt32 {
            guard offset + 4 <= bytes.count else { throw WKBError("ends after \(bytes.count) bytes, inside a geometry") }
            let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
            offset += 4
            return bigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw)
        }

        mutating func double() -> Double {
            let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            offset += 8
            return Double(bitPattern: bigEndian ? UInt64(bigEndian: raw) : UInt64(littleEndian: raw))
        }

        /// A count of items of at least `size` bytes each, checked against what is left so
        /// that a corrupt count cannot make us reserve or loop without end.
        mutating func count(of size: Int) throws(WKBError) -> Int {
            let n = Int(try uint32())
            guard n <= (bytes.count - offset) / size else {
                throw WKBError("a count of \(n) at byte \(offset - 4) runs past the end of the geometry (\(bytes.count) bytes)")
            }
            return n
        }

        /// The points of one ring or line, `dimensions` ordinates each.
        mutating func points(_ dimensions: Int, into table: inout FeatureTable) throws(WKBError) {
            let n = try count(of: 8 * dimensions)
            for _ in 0..<n {
                let x = double(), y = double()
                offset += 8 * (dimensions - 2)
                table.addPoint(x: x, y: y)
            }
            table.endRing()
        }

        mutating func geometry(into table: inout FeatureTable, depth: Int) throws(WKBError) -> GeometryType {
            guard depth < 32 else { throw WKBError("geometry collections nested more than 32 deep") }
            let order = try byte()
            guard order <= 1 else { throw WKBError("byte \(offset - 1): expected a byte order of 0 or 1, found \(order)") }
            bigEndian = order == 0
            let code = try uint32()
            // EWKB flags in the high bits; ISO codes by the thousand (1000 Z, 2000 M, 3000 ZM).
            var dimensions = 2
            if code & 0x8000_0000 != 0 { dimensions += 1 }
            if code & 0x4000_0000 != 0 { dimensions += 1 }
            if code & 0x2000_0000 != 0 { _ = try uint32() }  // the SRID; the source says which CRS
            var base = code & 0x0FFF_FFFF
            switch base / 1000 {
            case 1, 2: dimensions += 1
            case 3: dimensions += 2
            default: break
            }
            base %= 1000
            switch base {
            case 1:
                guard offset + 8 * dimensions <= bytes.count else { throw WKBError("ends inside a point") }
                let x = double(), y = double()
                offset += 8 * (dimensions - 2)
                // An empty point is written as NaN, NaN.
                if !x.isNaN || !y.isNaN {
                    table.addPoint(x: x, y: y)
                    table.endRing()
                    table.endPart(.point)
                }
                return .point
            case 2:
                try points(dimensions, into: &table)
                table.endPart(.line)
                return .lineString
            case 3:
                let rings = try count(of: 4)
                for _ in 0..<rings { try points(dimensions, into: &table) }
                if rings > 0 { table.endPart(.polygon) }
                return .polygon
            case 4:
                // All the points of a MultiPoint are one point part, as the GeoJSON reader keeps them.
                let n = try count(of: 5 + 8 * dimensions)
                for _ in 0..<n {
                    // Each point has a byte order and a type of its own.
                    bigEndian = try byte() == 0
                    _ = try uint32()
                    let x = double(), y = double()
                    offset += 8 * (dimensions - 2)
                    if !x.isNaN || !y.isNaN { table.addPoint(x: x, y: y) }
                }
                if n > 0 {
                    table.endRing()
                    table.endPart(.point)
                }
                return .multiPoint
            case 5, 6, 7:
                let n = try count(of: 9)
                for _ in 0..<n { _ = try geometry(into: &table, depth: depth + 1) }
                return base == 5 ? .multiLineString : base == 6 ? .multiPolygon : .geometryCollection
            default:
                throw WKBError("geometry type \(code) is not supported (curves, surfaces and TINs are not drawn)")
            }
        }
    }
}

/// WKB that cannot be read: what is wrong and where.
public struct WKBError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, as where the bytes end or what was found instead of what was expected.
    public var message: String
    /// An error with its message.
    public init(_ message: String) { self.message = message }
    /// The one line printed: `invalid WKB: message`.
    public var description: String { "invalid WKB: \(message)" }
}
