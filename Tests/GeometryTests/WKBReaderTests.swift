import Testing
@testable import Geometry

/// WKB as PostGIS, GDAL and GeoPackages write it, built byte by byte.
@Suite("WKB reader")
struct WKBReaderTests {
    /// Little-endian WKB writer for the tests.
    struct Writer {
        var bytes: [UInt8] = []
        var bigEndian = false
        mutating func header(_ code: UInt32) {
            bytes.append(bigEndian ? 0 : 1)
            uint32(code)
        }
        mutating func uint32(_ v: UInt32) {
            withUnsafeBytes(of: bigEndian ? v.bigEndian : v.littleEndian) { bytes += $0 }
        }
        mutating func doubles(_ vs: Double...) {
            for v in vs { withUnsafeBytes(of: bigEndian ? v.bitPattern.bigEndian : v.bitPattern.littleEndian) { bytes += $0 } }
        }
    }

    func read(_ bytes: [UInt8]) throws -> (FeatureTable, GeometryType) {
        var table = FeatureTable()
        let type = try bytes.withUnsafeBytes { try WKBReader.append($0, to: &table) }
        table.endFeature(type: type, id: nil)
        return (table, type)
    }

    @Test func aPointInBothByteOrders() throws {
        for big in [false, true] {
            var w = Writer(bigEndian: big)
            w.header(1)
            w.doubles(114.02, 33.57)
            let (t, type) = try read(w.bytes)
            #expect(type == .point)
            #expect(t.coordinates == [114.02, 33.57])
            #expect(t.partKinds == [.point])
        }
    }

    @Test func aPolygonWithAHoleFromEWKBWithSRIDAndZ() throws {
        var w = Writer()
        w.header(3 | 0x8000_0000 | 0x2000_0000)
        w.uint32(4547)
        w.uint32(2)
        w.uint32(4)
        w.doubles(0, 0, 9, 10, 0, 9, 10, 10, 9, 0, 0, 9)
        w.uint32(4)
        w.doubles(2, 2, 1, 3, 2, 1, 3, 3, 1, 2, 2, 1)
        let (t, type) = try read(w.bytes)
        #expect(type == .polygon)
        #expect(t.partKinds == [.polygon])
        #expect(t.rings(of: 0).count == 2)
        #expect(t.coordinates == [0, 0, 10, 0, 10, 10, 0, 0, 2, 2, 3, 2, 3, 3, 2, 2])
    }

    @Test func isoMultiLineStringWithMAndACollection() throws {
        var w = Writer()
        w.header(7)
        w.uint32(2)
        w.header(2005)  // MultiLineString M
        w.uint32(1)
        w.header(2002)
        w.uint32(2)
        w.doubles(1, 2, 100, 3, 4, 200)
        w.header(4)  // MultiPoint
        w.uint32(2)
        w.header(1)
        w.doubles(5, 6)
        w.header(1)
        w.doubles(7, 8)
        let (t, type) = try read(w.bytes)
        #expect(type == .geometryCollection)
        #expect(t.partKinds == [.line, .point])
        #expect(t.coordinates == [1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test func anEmptyPointAddsNoPart() throws {
        var w = Writer()
        w.header(1)
        w.doubles(.nan, .nan)
        let (t, _) = try read(w.bytes)
        #expect(t.partKinds.isEmpty && t.count == 1)
    }

    @Test func truncatedAndCorruptWKBAreErrorsThatLeaveTheTableAsItWas() throws {
        var w = Writer()
        w.header(2)
        w.uint32(1_000_000)
        w.doubles(1, 2)
        var table = FeatureTable()
        #expect(throws: WKBError.self) { try w.bytes.withUnsafeBytes { try WKBReader.append($0, to: &table) } }
        #expect(throws: WKBError.self) { try [UInt8](w.bytes.prefix(3)).withUnsafeBytes { try WKBReader.append($0, to: &table) } }
        var curve = Writer()
        curve.header(8)
        let error = #expect(throws: WKBError.self) { try curve.bytes.withUnsafeBytes { try WKBReader.append($0, to: &table) } }
        #expect(error?.description.contains("geometry type 8 is not supported") == true)
        #expect(table.pointCount == 0 && table.partKinds.isEmpty)
    }
}
