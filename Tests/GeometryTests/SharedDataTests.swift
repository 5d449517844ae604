import Foundation
import JSON
import Testing
@testable import Geometry

/// Every GeoJSON file of `../shared/data` loads, and what `cartouche info` reports about it
/// (`LayerSummary`) matches `MANIFEST.json`, written by the data's own Python validator.
/// Skipped when the shared folder is absent (a clean clone, CI).
@Suite("Shared data", .enabled(if: SharedData.isAvailable, "../shared/data is not here"))
struct SharedDataTests {
    @Test func theManifestListsEveryGeoJSONFile() throws {
        var found: [String] = []
        let enumerator = try #require(FileManager.default.enumerator(atPath: SharedData.root))
        for case let path as String in enumerator where path.hasSuffix(".geojson") { found.append(path) }
        #expect(!found.isEmpty)
        #expect(Set(found) == Set(SharedData.manifest.map(\.file)))
    }

    @Test(arguments: SharedData.manifest)
    func loadsWithTheManifestsCounts(_ entry: SharedData.Entry) throws {
        let document = try GeoJSONReader.read(path: SharedData.root + "/" + entry.file, options: GeoJSONOptions(strict: true))
        let summary = LayerSummary(document)
        let json = summary.json(file: entry.file)
        #expect(json["features"] == .number(Double(entry.features)))
        #expect(json["skipped"] == 0)
        var types: [String: Int] = [:]
        for member in json["geometryTypes"]?.objectValue ?? JSONObject() { types[member.key] = Int(member.value.numberValue!) }
        #expect(types == entry.geometryTypes)
        #expect(json["positions"] == .number(Double(entry.positions)))
        if let expected = entry.bbox, expected.count == 4 {
            let box = json["bbox"]?.arrayValue?.compactMap { $0.numberValue } ?? []
            // The manifest rounds to 6 decimals.
            #expect(box.count == 4 && zip(box, expected).allSatisfy { abs($0 - $1) <= 1e-6 }, "\(box) != \(expected)")
        }
    }
}

/// `../shared/data` and its manifest.
enum SharedData {
    static let root = TestFiles.packageRoot + "/../shared/data"
    static var isAvailable: Bool { FileManager.default.fileExists(atPath: root + "/MANIFEST.json") }

    struct Entry: Sendable, CustomTestStringConvertible {
        var file: String
        var features: Int
        var geometryTypes: [String: Int]
        var positions: Int
        var bbox: [Double]?
        var testDescription: String { file }
    }

    static let manifest: [Entry] = {
        guard let data = FileManager.default.contents(atPath: root + "/MANIFEST.json"),
              let entries = try? JSONParser.parse(Array(data)).arrayValue else { return [] }
        return entries.map { e in
            var types: [String: Int] = [:]
            for member in e["geometry_types"]?.objectValue ?? JSONObject() { types[member.key] = Int(member.value.numberValue ?? -1) }
            return Entry(file: e["file"]?.stringValue ?? "", features: Int(e["features"]?.numberValue ?? -1),
                         geometryTypes: types, positions: Int(e["positions"]?.numberValue ?? -1),
                         bbox: e["bbox"]?.arrayValue?.compactMap(\.numberValue))
        }
    }()
}
