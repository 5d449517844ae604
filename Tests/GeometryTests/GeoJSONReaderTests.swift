import JSON
import Testing
@testable import Geometry

@Suite("GeoJSON reader")
struct GeoJSONReaderTests {
    /// The geometry examples of RFC 7946, Appendix A.
    static let rfcGeometries: [(String, GeometryType, Int, Int)] = [
        (#"{"type": "Point", "coordinates": [100.0, 0.0]}"#, .point, 1, 1),
        (#"{"type": "LineString", "coordinates": [[100.0, 0.0], [101.0, 1.0]]}"#, .lineString, 1, 2),
        (#"{"type": "Polygon", "coordinates": [[[100.0, 0.0], [101.0, 0.0], [101.0, 1.0], [100.0, 1.0], [100.0, 0.0]]]}"#, .polygon, 1, 5),
        (#"{"type": "Polygon", "coordinates": [[[100.0, 0.0], [101.0, 0.0], [101.0, 1.0], [100.0, 1.0], [100.0, 0.0]], [[100.8, 0.8], [100.8, 0.2], [100.2, 0.2], [100.2, 0.8], [100.8, 0.8]]]}"#, .polygon, 1, 10),
        (#"{"type": "MultiPoint", "coordinates": [[100.0, 0.0], [101.0, 1.0]]}"#, .multiPoint, 1, 2),
        (#"{"type": "MultiLineString", "coordinates": [[[100.0, 0.0], [101.0, 1.0]], [[102.0, 2.0], [103.0, 3.0]]]}"#, .multiLineString, 2, 4),
        (#"{"type": "MultiPolygon", "coordinates": [[[[102.0, 2.0], [103.0, 2.0], [103.0, 3.0], [102.0, 3.0], [102.0, 2.0]]], [[[100.0, 0.0], [101.0, 0.0], [101.0, 1.0], [100.0, 1.0], [100.0, 0.0]], [[100.2, 0.2], [100.2, 0.8], [100.8, 0.8], [100.8, 0.2], [100.2, 0.2]]]]}"#, .multiPolygon, 2, 15),
        (#"{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [100.0, 0.0]}, {"type": "LineString", "coordinates": [[101.0, 0.0], [102.0, 1.0]]}]}"#, .geometryCollection, 2, 3),
    ]

    @Test(arguments: rfcGeometries.indices)
    func readsRFCExamples(_ i: Int) throws {
        let (text, type, parts, points) = Self.rfcGeometries[i]
        let doc = try GeoJSONReader.read(string: text)
        #expect(doc.table.count == 1)
        #expect(doc.table.geometryTypes[0] == type)
        #expect(doc.table.parts(of: 0).count == parts)
        #expect(doc.table.pointCount == points)
    }

    @Test func readsAFeatureCollectionWithEverything() throws {
        let text = """
        {"type": "FeatureCollection", "bbox": [100, 0, 105, 1], "name": "sample",
         "features": [
          {"type": "Feature", "id": "a", "geometry": {"type": "Point", "coordinates": [102.0, 0.5, 12]},
           "properties": {"prop0": "value0", "n": 3, "o": {"this": "that"}, "l": [1, 2]}},
          {"type": "Feature", "id": 7, "geometry": null, "properties": null, "extra": true},
          {"properties": {"prop0": "value1"}, "geometry": {"coordinates": [[102.0, 0.0], [103.0, 1.0]], "type": "LineString"}, "type": "Feature"}
        ]}
        """
        let doc = try GeoJSONReader.read(string: text)
        let t = doc.table
        #expect(t.count == 3)
        #expect(doc.bbox == [100, 0, 105, 1])
        #expect(doc.foreignMembers["name"] == "sample")
        #expect(t.ids == [.string("a"), .number(7), nil])
        #expect(t.geometryTypes == [.point, nil, .lineString])
        #expect(t.properties.value("prop0", row: 0) == "value0")
        #expect(t.properties.value("o", row: 0) == ["this": "that"])
        #expect(t.properties.value("prop0", row: 1) == nil)
        #expect(t.properties.value("prop0", row: 2) == "value1")
        #expect(t.foreignMembers[1]?["extra"] == true)
        #expect(t.x(0) == 102 && t.y(0) == 0.5)
        #expect(t.bounds(of: 2) == Box(minX: 102, minY: 0, maxX: 103, maxY: 1))
    }

    @Test func readsNestedGeometryCollectionsAndTopLevelFeatures() throws {
        let text = #"{"type": "Feature", "properties": {"k": 1}, "geometry": {"type": "GeometryCollection", "geometries": [{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1, 2]}]}, {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}]}}"#
        let t = try GeoJSONReader.read(string: text).table
        #expect(t.count == 1)
        #expect(t.partKinds == [.point, .polygon])
    }

    @Test func skipsInvalidGeometryInLenientMode() throws {
        let text = """
        {"type": "FeatureCollection", "features": [
         {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[0,0]]]}},
         {"type": "Feature", "properties": {"ok": true}, "geometry": {"type": "Point", "coordinates": [1, 1]}},
         {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1]]]}}
        ]}
        """
        let doc = try GeoJSONReader.read(string: text)
        #expect(doc.table.count == 1)
        #expect(doc.table.properties.value("ok", row: 0) == true)
        #expect(doc.skipped.map(\.feature) == [0, 2])
        #expect(doc.skipped[0].message.contains("a polygon ring needs at least 4"))
        #expect(doc.skipped[1].message.contains("not closed"))
        #expect(doc.skipped[0].line == 2)
    }

    @Test func failsOnInvalidGeometryInStrictMode() {
        let text = #"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[0,0]]}}]}"#
        do {
            _ = try GeoJSONReader.read(string: text, options: GeoJSONOptions(strict: true))
            Issue.record("no error")
        } catch {
            #expect(error.message.contains("feature 0"))
            #expect(error.message.contains("a line needs at least 2"))
        }
    }

    @Test(arguments: [
        (#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, }}]}"#, "expected a number"),
        (#"{"type": "Feature", "properties": {}}"#, "no \"geometry\""),
        (#"{"type": "Blob"}"#, "unknown GeoJSON type"),
        (#"{"features": []}"#, "no \"type\""),
        (#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Circle", "coordinates": [1, 2]}}]}"#, "expected a geometry type"),
        (#"{"type": "Point", "coordinates": [1]}"#, "a position needs at least 2 numbers"),
        (#"[1, 2]"#, "expected a GeoJSON object"),
    ])
    func structuralErrorsAreLocated(_ text: String, _ message: String) {
        do {
            _ = try GeoJSONReader.read(string: text, options: GeoJSONOptions(strict: true))
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.message.contains(message), "\(error)")
            #expect(error.line >= 1 && error.column >= 1)
        }
    }

    @Test func roundTripsThroughTheWriter() throws {
        let text = """
        {"type": "FeatureCollection", "features": [
         {"type": "Feature", "id": 1, "properties": {"name": "前朱村", "pop": 2100.5, "tags": ["a", "b"]}, "geometry": {"type": "MultiPolygon", "coordinates": [[[[102.1, 2.2], [103.0, 2.0], [103.0, 3.0], [102.1, 2.2]]]]}},
         {"type": "Feature", "id": "x", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": [[0.1, 0.2], [0.3, 0.4]]}},
         {"type": "Feature", "properties": {"k": null}, "geometry": null}
        ]}
        """
        let first = try GeoJSONReader.read(string: text).table
        let written = GeoJSONWriter.string(first)
        let second = try GeoJSONReader.read(string: written).table
        #expect(second.coordinates == first.coordinates)
        #expect(second.ids == first.ids)
        #expect(second.geometryTypes == first.geometryTypes)
        #expect(second.partKinds == first.partKinds)
        #expect((0..<first.count).map { first.properties.object(row: $0) } == (0..<second.count).map { second.properties.object(row: $0) })
    }
}
