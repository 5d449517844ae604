import JSON
import Testing
@testable import Geometry

/// Whatever the bytes, the reader returns a document or throws a located error: every
/// prefix of a valid file, and thousands of random corruptions of one.
@Suite("GeoJSON reader robustness")
struct ReaderRobustnessTests {
    static let document = """
    {"type": "FeatureCollection", "bbox": [0, 0, 10, 10], "name": "t", "features": [
     {"type": "Feature", "id": "a\\u00e9\\ud83d\\ude00", "properties": {"n": -1.5e-3, "s": "源汇区", "o": {"a": [true, false, null]}},
      "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 1]]]}},
     {"type": "Feature", "id": 2, "properties": null, "geometry": {"coordinates": [[0.5, 1e2, 3], [4, 5]], "type": "LineString"}},
     {"type": "Feature", "properties": {}, "geometry": {"type": "GeometryCollection", "geometries": [
       {"type": "MultiPoint", "coordinates": [[1, 2]]}, {"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0]]]]}]}},
     {"type": "Feature", "properties": {"k": 1}, "geometry": null, "extra": [1, {"x": "y"}]}
    ]}
    """

    /// The error must point inside the text (or just after its end).
    static func expectLocated(_ error: SourceError, in bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        #expect(error.line >= 1 && error.line <= lines.count, "\(error)", sourceLocation: sourceLocation)
        #expect(error.column >= 1 && error.column <= lines[max(0, min(error.line, lines.count) - 1)].count + 1, "\(error)", sourceLocation: sourceLocation)
        #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
    }

    /// The offset arrays of a table cut its buffers exactly, in order.
    static func expectConsistent(_ t: FeatureTable, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(t.featureStarts.count == t.count + 1 && t.featureStarts.last.map(Int.init) == t.partKinds.count, sourceLocation: sourceLocation)
        #expect(t.partStarts.count == t.partKinds.count + 1 && t.partStarts.last.map(Int.init) == t.ringStarts.count - 1, sourceLocation: sourceLocation)
        #expect(t.ringStarts.last.map(Int.init) == t.pointCount && t.coordinates.count % 2 == 0, sourceLocation: sourceLocation)
        for offsets in [t.featureStarts, t.partStarts, t.ringStarts] {
            #expect(offsets.first == 0 && zip(offsets, offsets.dropFirst()).allSatisfy { $0 <= $1 }, sourceLocation: sourceLocation)
        }
        #expect(t.ids.count == t.count && t.properties.rowCount == t.count, sourceLocation: sourceLocation)
        #expect(t.foreignMembers.keys.allSatisfy { $0 < t.count }, sourceLocation: sourceLocation)
    }

    static func read(_ bytes: [UInt8], strict: Bool) -> Result<GeoJSONDocument, SourceError> {
        withUnsafeBytes(of: bytes) { buffer in
            Result { () throws(SourceError) in try GeoJSONReader.read(bytes: buffer, options: GeoJSONOptions(strict: strict)) }
        }
    }

    @Test func everyPrefixOfAValidFileFailsWithALocatedError() throws {
        let bytes = Array(Self.document.utf8)
        #expect(try GeoJSONReader.read(string: Self.document, options: GeoJSONOptions(strict: true)).table.count == 4)
        for length in 0..<bytes.count {
            let prefix = Array(bytes[..<length])
            for strict in [true, false] {
                switch Self.read(prefix, strict: strict) {
                case .success: Issue.record("a prefix of \(length) bytes was accepted")
                case .failure(let error): Self.expectLocated(error, in: prefix)
                }
            }
        }
    }

    @Test func randomCorruptionsNeverCrash() {
        var rng = SeededGenerator(seed: 99)
        let original = Array(Self.document.utf8)
        let interesting = Array("{}[]\",:-+.eE0123456789tfnul \n\\/".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xE6, 0xED, 0xF4, 0xFF]
        var accepted = 0
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[at] = interesting.randomElement(using: &rng)!
                case 1: bytes.insert(interesting.randomElement(using: &rng)!, at: at)
                default: bytes.remove(at: at)
                }
            }
            for strict in [true, false] {
                switch Self.read(bytes, strict: strict) {
                case .success(let document):
                    accepted += 1
                    #expect(document.table.count + document.skipped.count <= 4)
                    Self.expectConsistent(document.table)
                case .failure(let error):
                    Self.expectLocated(error, in: bytes)
                }
            }
        }
        // Some corruptions keep the file valid (a changed digit), most do not.
        #expect(accepted > 0 && accepted < 6000)
    }
}
