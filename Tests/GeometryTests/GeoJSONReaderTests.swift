import JSON
import Testing
@testable import Geometry

@Suite("GeoJSON reader")
struct GeoJSONReaderTests {
    /// The geometry examples of RFC 7946, Appendix A: type, parts, points.
    static let rfcGeometries: [(String, GeometryType, [PartKind], Int)] = [
        (#"{"type": "Point", "coordinates": [100.0, 0.0]}"#, .point, [.point], 1),
        (#"{"type": "LineString", "coordinates": [[100.0, 0.0], [101.0, 1.0]]}"#, .lineString, [.line], 2),
        (#"{"type": "Polygon", "coordinates": [[[100.0, 0.0], [101.0, 0.0], [101.0, 1.0], [100.0, 1.0], [100.0, 0.0]]]}"#, .polygon, [.polygon], 5),
        (#"{"type": "Polygon", "coordinates": [[[100.0, 0.0], [101.0, 0.0], [101.0, 1.0], [100.0, 1.0], [100.0, 0.0]], [[100.8, 0.8], [100.8, 0.2], [100.2, 0.2], [100.2, 0.8], [100.8, 0.8]]]}"#, .polygon, [.polygon], 10),
        (#"{"type": "MultiPoint", "coordinates": [[100.0, 0.0], [101.0, 1.0]]}"#, .multiPoint, [.point], 2),
        (#"{"type": "MultiLineString", "coordinates": [[[100.0, 0.0], [101.0, 1.0]], [[102.0, 2.0], [103.0, 3.0]]]}"#, .multiLineString, [.line, .line], 4),
        (#"{"type": "MultiPolygon", "coordinates": [[[[102.0, 2.0], [103.0, 2.0], [103.0, 3.0], [102.0, 3.0], [102.0, 2.0]]], [[[100.0, 0.0], [101.0, 0.0], [101.0, 1.0], [100.0, 1.0], [100.0, 0.0]], [[100.2, 0.2], [100.2, 0.8], [100.8, 0.8], [100.8, 0.2], [100.2, 0.2]]]]}"#, .multiPolygon, [.polygon, .polygon], 15),
        (#"{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [100.0, 0.0]}, {"type": "LineString", "coordinates": [[101.0, 0.0], [102.0, 1.0]]}]}"#, .geometryCollection, [.point, .line], 3),
    ]

    @Test(arguments: rfcGeometries.indices)
    func readsTheGeometryExamplesOfRFC7946(_ i: Int) throws {
        let (text, type, parts, points) = Self.rfcGeometries[i]
        let t = try GeoJSONReader.read(string: text, options: GeoJSONOptions(strict: true)).table
        #expect(t.count == 1)
        #expect(t.geometryTypes[0] == type)
        #expect(t.partKinds == parts)
        #expect(t.pointCount == points)
    }

    /// RFC 7946 section 1.5, the example FeatureCollection.
    @Test func readsTheFeatureCollectionExampleOfRFC7946() throws {
        let text = """
        {
          "type": "FeatureCollection",
          "features": [{
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [102.0, 0.5]},
            "properties": {"prop0": "value0"}
          }, {
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [[102.0, 0.0], [103.0, 1.0], [104.0, 0.0], [105.0, 1.0]]},
            "properties": {"prop0": "value0", "prop1": 0.0}
          }, {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [[[100.0, 0.0], [101.0, 0.0], [101.0, 1.0], [100.0, 1.0], [100.0, 0.0]]]},
            "properties": {"prop0": "value0", "prop1": {"this": "that"}}
          }]
        }
        """
        let t = try GeoJSONReader.read(string: text, options: GeoJSONOptions(strict: true)).table
        #expect(t.geometryTypes == [.point, .lineString, .polygon])
        #expect(t.properties.keys == ["prop0", "prop1"])
        #expect((0..<3).map { t.properties.value("prop0", row: $0) } == ["value0", "value0", "value0"])
        #expect(t.properties.value("prop1", row: 0) == nil)
        #expect(t.properties.value("prop1", row: 1) == 0)
        #expect(t.properties.value("prop1", row: 2) == ["this": "that"])
        #expect(t.bounds(of: 1) == Box(minX: 102, minY: 0, maxX: 105, maxY: 1))
    }

    /// RFC 7946 sections 3.1.1 (elevation), 5 (bbox, across the antimeridian) and 6
    /// (foreign members, in a Feature and in its geometry).
    @Test func readsElevationBBoxesAndForeignMembers() throws {
        let text = """
        {"type": "FeatureCollection", "bbox": [177.0, -20.0, -178.0, -16.0], "name": "ferries",
         "features": [
          {"type": "Feature", "id": "f1", "title": "Example Feature", "bbox": [100.0, 0.0, 105.0, 1.0],
           "geometry": {"type": "LineString", "centerline": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
                        "coordinates": [[100.0, 0.0, 10.0], [101.0, 1.0, 12.5, 7]]},
           "properties": {"name": "Dinagat Islands"}},
          {"type": "Feature", "id": 2, "geometry": {"type": "MultiLineString", "bbox": [177.0, -20.0, -178.0, -16.0],
           "coordinates": [[[-170.0, 10.0], [170.0, 11.0]], [[-180.0, 10.0], [180.0, 11.0]]]}, "properties": null}
        ]}
        """
        let doc = try GeoJSONReader.read(string: text, options: GeoJSONOptions(strict: true))
        #expect(doc.bbox == [177, -20, -178, -16])
        #expect(doc.foreignMembers == ["name": "ferries"])
        let t = doc.table
        #expect(t.ids == [.string("f1"), .number(2)])
        #expect(t.foreignMembers == [0: ["title": "Example Feature"]])
        #expect(Array(t.coordinates.prefix(4)) == [100, 0, 101, 1])
        #expect(t.parts(of: 1).count == 2)
        #expect(t.properties.object(row: 1).isEmpty)
    }

    @Test func readsATopLevelFeatureOrGeometry() throws {
        let feature = try GeoJSONReader.read(string: #"{"type": "Feature", "id": 7, "extra": [1], "geometry": null, "properties": {"k": "v"}}"#)
        #expect(feature.table.count == 1)
        #expect(feature.table.geometryTypes == [nil])
        #expect(feature.table.ids == [.number(7)])
        #expect(feature.table.foreignMembers[0] == ["extra": [1]])
        #expect(feature.foreignMembers.isEmpty)

        let geometry = try GeoJSONReader.read(string: #"{"coordinates": [[1, 2], [3, 4]], "crs": null, "type": "MultiPoint"}"#)
        #expect(geometry.table.geometryTypes == [.multiPoint])
        #expect(geometry.table.coordinates == [1, 2, 3, 4])
        #expect(geometry.foreignMembers == ["crs": nil])
    }

    @Test func readsMembersInAnyOrder() throws {
        let text = #"{"features": [{"properties": {"a": 1}, "geometry": {"coordinates": [[[0,0],[1,0],[1,1],[0,0]]], "type": "Polygon"}, "id": "x", "type": "Feature"}, {"geometry": {"geometries": [{"coordinates": [5, 6], "type": "Point"}], "type": "GeometryCollection"}, "type": "Feature", "properties": {}}], "type": "FeatureCollection"}"#
        let t = try GeoJSONReader.read(string: text, options: GeoJSONOptions(strict: true)).table
        #expect(t.geometryTypes == [.polygon, .geometryCollection])
        #expect(t.coordinates == [0, 0, 1, 0, 1, 1, 0, 0, 5, 6])
        #expect(t.ids == [.string("x"), nil])
    }

    /// A member that means something only for another type is a foreign member, wherever
    /// it comes, even before `type`.
    @Test func membersOfOtherTypesAreForeignMembers() throws {
        let collection = try GeoJSONReader.read(string: #"{"features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {}}], "geometry": {"type": "Point", "coordinates": [9, 9]}, "type": "FeatureCollection"}"#, options: GeoJSONOptions(strict: true))
        #expect(collection.table.coordinates == [1, 2])
        #expect(collection.foreignMembers == ["geometry": ["type": "Point", "coordinates": [9, 9]]])

        let feature = try GeoJSONReader.read(string: #"{"coordinates": [5, 5], "type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"a": 1}, "features": []}"#, options: GeoJSONOptions(strict: true))
        #expect(feature.table.coordinates == [1, 2])
        #expect(feature.table.foreignMembers[0] == ["coordinates": [5, 5], "features": []])

        let point = try GeoJSONReader.read(string: #"{"properties": {"a": 1}, "type": "Point", "coordinates": [1, 2], "id": 3}"#, options: GeoJSONOptions(strict: true))
        #expect(point.table.coordinates == [1, 2])
        #expect(point.table.properties.keys.isEmpty && point.table.ids == [nil])
        #expect(point.foreignMembers == ["properties": ["a": 1], "id": 3])
    }

    @Test func flattensNestedGeometryCollections() throws {
        let text = #"{"type": "GeometryCollection", "geometries": [{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1, 2]}, {"type": "GeometryCollection", "geometries": []}]}, {"type": "MultiPolygon", "coordinates": [[[[0,0],[1,0],[1,1],[0,0]]], [[[5,5],[6,5],[6,6],[5,5]]]]}]}"#
        let t = try GeoJSONReader.read(string: text, options: GeoJSONOptions(strict: true)).table
        #expect(t.geometryTypes == [.geometryCollection])
        #expect(t.partKinds == [.point, .polygon, .polygon])
    }

    @Test func readsEmptyGeometriesAsFeaturesWithoutParts() throws {
        let types = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"]
        let features = types.map { #"{"type": "Feature", "properties": {}, "geometry": {"type": "\#($0)", "coordinates": []}}"# }
        let t = try GeoJSONReader.read(string: #"{"type": "FeatureCollection", "features": [\#(features.joined(separator: ","))]}"#,
                                       options: GeoJSONOptions(strict: true)).table
        #expect(t.geometryTypes == types.map { GeometryType(name: $0) })
        #expect((0..<t.count).allSatisfy { t.parts(of: $0).isEmpty })
        #expect(t.bounds.isEmpty)
    }

    @Test func keepsPropertiesOfEveryJSONType() throws {
        let text = #"{"type": "Feature", "geometry": null, "properties": {"s": "源汇区 \"q\" \u00e9", "n": -1.5e-7, "i": 12345678901234567890, "t": true, "f": false, "z": null, "a": [1, "two", [3], {"four": 4}], "o": {"nested": {"deep": [null]}}}}"#
        let t = try GeoJSONReader.read(string: text).table
        let expected: JSONObject = [
            "s": "源汇区 \"q\" é", "n": -1.5e-7, "i": 12345678901234567890.0, "t": true, "f": false, "z": nil,
            "a": [1, "two", [3], ["four": 4]], "o": ["nested": ["deep": [nil]]],
        ]
        #expect(t.properties.object(row: 0) == expected)
        #expect(t.properties.keys == ["s", "n", "i", "t", "f", "z", "a", "o"])
    }

    /// OpenStreetMap-like data: hundreds of keys, a few per feature.
    @Test func storesSparsePropertiesByFeature() throws {
        var features: [String] = []
        for f in 0..<2000 {
            let tags = (0..<3).map { #""tag\#((f * 7 + $0 * 131) % 500)": "\#(f)""# }
            features.append(#"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [\#(f), 0]}, "properties": {"name": "n\#(f)", \#(tags.joined(separator: ","))}}"#)
        }
        let t = try GeoJSONReader.read(string: #"{"type": "FeatureCollection", "features": [\#(features.joined(separator: ",\n"))]}"#).table
        #expect(t.properties.keys.count == 501)
        for f in stride(from: 0, to: 2000, by: 37) {
            var expected: JSONObject = ["name": .string("n\(f)")]
            for k in 0..<3 { expected["tag\((f * 7 + k * 131) % 500)"] = .string("\(f)") }
            #expect(t.properties.object(row: f) == expected)
            let column = t.properties.columnIndex(of: "tag\((f * 7) % 500)")!
            #expect(t.properties.value(column: column, row: f) == .string("\(f)"))
            #expect(t.properties.value(column: column, row: (f + 1) % 2000) == nil)
        }
    }

    @Test func skipsProblemFeaturesInLenientModeAndCountsThem() throws {
        let text = """
        {"type": "FeatureCollection", "features": [
         {"type": "Feature", "properties": {"only": 1}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[0,0]]]}},
         {"type": "Feature", "properties": {"ok": true}, "geometry": {"type": "Point", "coordinates": [1, 1]}},
         {"type": "Feature", "properties": {"ok": false}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1]]]}},
         {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": ["1", 2]}},
         {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1e400, 2]}},
         {"type": "Feature", "properties": 5, "geometry": null},
         {"type": "Feature", "properties": {}},
         {"type": "Feature", "geometry": {"type": "Circle", "radius": 2}, "properties": {}},
         {"type": "Feature", "geometry": {"type": "Point", "coordinates": [2, 2]}, "properties": {"ok": null}}
        ]}
        """
        let doc = try GeoJSONReader.read(string: text)
        #expect(doc.table.count == 2)
        #expect(doc.table.properties.keys == ["ok"])
        #expect(doc.table.properties.value("ok", row: 0) == true)
        #expect(doc.table.properties.value("ok", row: 1) == .some(.null))
        #expect(doc.skipped.map(\.feature) == [0, 2, 3, 4, 5, 6, 7])
        #expect(doc.skipped.map(\.line) == [2, 4, 5, 6, 7, 8, 9])
        #expect(doc.skipped[0].message == "a polygon ring needs at least 4 positions, this one has 3")
        #expect(doc.skipped[1].message == "the polygon ring is not closed: its last position differs from its first")
        #expect(doc.skipped[2].message == "expected a number in the coordinates of a Point, found the string \"1\"")
        #expect(doc.skipped[3].message.contains("not a finite number"))
        #expect(doc.skipped[4].message == "expected an object or null for properties, found '5'")
        #expect(doc.skipped[5].message.contains("no \"geometry\" member"))
        #expect(doc.skipped[6].message.contains("found \"Circle\""))
        #expect(doc.warning == "skipped 7 features that GeoJSON does not allow; the first: feature 0 at 2:97: a polygon ring needs at least 4 positions, this one has 3")
    }

    @Test func failsOnTheFirstProblemInStrictModeWithTheFeatureIndex() {
        let text = """
        {"type": "FeatureCollection", "features": [
         {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [0, 0]}},
         {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[0,0]]}}
        ]}
        """
        do {
            _ = try GeoJSONReader.read(string: text, options: GeoJSONOptions(strict: true))
            Issue.record("no error")
        } catch {
            #expect(error.message == "feature 1: a line needs at least 2 positions, this one has 1")
            #expect(error.line == 3 && error.column == 90)  // the line's list of positions
        }
    }

    @Test func limitsNestingDepth() {
        let deep = String(repeating: #"{"type": "GeometryCollection", "geometries": ["#, count: 80) + String(repeating: "]}", count: 80)
        do {
            _ = try GeoJSONReader.read(string: deep)
            Issue.record("no error")
        } catch {
            #expect(error.message == "geometry collections nested deeper than 64 levels")
        }
        let properties = #"{"type": "Feature", "geometry": null, "properties": {"p": "# + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}}"
        do {
            _ = try GeoJSONReader.read(string: properties)
            Issue.record("no error")
        } catch {
            #expect(error.message == "nesting deeper than 64 levels")
        }
    }

    @Test func readsFilesAndNamesThemInErrors() throws {
        let directory = TestFiles.temporaryDirectory()
        let good = directory + "/good.geojson"
        let bad = directory + "/bad.geojson"
        try TestFiles.write(#"{"type": "Point", "coordinates": [1, 2]}"#, to: good)
        try TestFiles.write("{\"type\": \"Point\",\n \"coordinates\": [1, 2}", to: bad)
        #expect(try GeoJSONReader.read(path: good).table.coordinates == [1, 2])
        do {
            _ = try GeoJSONReader.read(path: bad)
            Issue.record("no error")
        } catch {
            #expect("\(error)" == "\(bad):2:22: expected ']' or ',' after a number of a position, found '}'")
        }
        do {
            _ = try GeoJSONReader.read(path: directory + "/missing.geojson")
            Issue.record("no error")
        } catch {
            #expect("\(error)" == "\(directory)/missing.geojson: No such file or directory")
        }
    }
}
