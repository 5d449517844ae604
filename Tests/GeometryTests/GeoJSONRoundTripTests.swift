import JSON
import Testing
@testable import Geometry

/// read → write → read gives the same table, for hand-written documents and for random
/// ones: every geometry type (empty, nested, with elevation), ids, properties of every JSON
/// type and every kind of string, foreign members, numbers of every magnitude.
@Suite("GeoJSON round trip")
struct GeoJSONRoundTripTests {
    static let strict = GeoJSONOptions(strict: true)

    @Test func roundTripsAHandWrittenDocument() throws {
        let text = """
        {"type": "FeatureCollection", "bbox": [102, 0.5, 105, 3], "name": "sample", "features": [
         {"type": "Feature", "id": 1, "properties": {"name": "前朱村", "pop": 2100.5, "tags": ["a", "b"], "none": null},
          "geometry": {"type": "MultiPolygon", "coordinates": [[[[102.1, 2.2], [103.0, 2.0], [103.0, 3.0], [102.1, 2.2]]]]}},
         {"type": "Feature", "id": "x\\u0001\\"", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": [[0.1, 0.2], [0.3, 0.4]]}},
         {"type": "Feature", "properties": {"k": {"deep": [true, false]}}, "geometry": null, "extra": {"kept": 1}},
         {"type": "Feature", "properties": null, "geometry": {"type": "GeometryCollection", "geometries": [
           {"type": "Point", "coordinates": [1e-7, -1.7976931348623157e308]},
           {"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]},
           {"type": "GeometryCollection", "geometries": [{"type": "LineString", "coordinates": [[0, 0], [1, 1, 9]]}]}]}}
        ]}
        """
        let first = try GeoJSONReader.read(string: text, options: Self.strict)
        let written = GeoJSONWriter.string(first)
        let second = try GeoJSONReader.read(string: written, options: Self.strict)
        #expect(second.table == first.table)
        #expect(second.bbox == first.bbox)
        #expect(second.foreignMembers == first.foreignMembers)
        #expect(GeoJSONWriter.string(second) == written)
        #expect(first.table.foreignMembers[2] == ["extra": ["kept": 1]])
    }

    @Test func tablesDifferWhenAnythingDiffers() throws {
        let base = try GeoJSONReader.read(string: #"{"type": "Feature", "id": 1, "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"a": 1}, "f": 0}"#).table
        let variants = [
            #"{"type": "Feature", "id": 1, "geometry": {"type": "Point", "coordinates": [1, 3]}, "properties": {"a": 1}, "f": 0}"#,
            #"{"type": "Feature", "id": 2, "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"a": 1}, "f": 0}"#,
            #"{"type": "Feature", "id": 1, "geometry": {"type": "MultiPoint", "coordinates": [[1, 2]]}, "properties": {"a": 1}, "f": 0}"#,
            #"{"type": "Feature", "id": 1, "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"a": 2}, "f": 0}"#,
            #"{"type": "Feature", "id": 1, "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"b": 1}, "f": 0}"#,
            #"{"type": "Feature", "id": 1, "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"a": 1}, "f": 1}"#,
        ]
        for variant in variants {
            #expect(try GeoJSONReader.read(string: variant).table != base, "\(variant)")
        }
    }

    /// Random documents, written by the generic JSON writer, read, written by the GeoJSON
    /// writer and read again.
    @Test func roundTripsRandomDocuments() throws {
        var rng = SeededGenerator(seed: 7946)
        for _ in 0..<300 {
            var generator = RandomGeoJSON(rng: rng)
            let document = generator.featureCollection()
            rng = generator.rng
            let text = JSONWriter(indent: Bool.random(using: &rng) ? 2 : nil).string(document.json)

            let first = try GeoJSONReader.read(string: text, options: Self.strict)
            ReaderRobustnessTests.expectConsistent(first.table)
            #expect(first.table.count == document.features.count)
            #expect(first.table.geometryTypes == document.features.map(\.type))
            #expect(first.table.coordinates == document.features.flatMap(\.coordinates))
            #expect(first.table.partKinds == document.features.flatMap(\.parts))
            #expect(first.table.ids == document.features.map(\.id))
            for (row, feature) in document.features.enumerated() {
                #expect(first.table.properties.object(row: row) == feature.properties)
            }

            let written = GeoJSONWriter.string(first)
            let second = try GeoJSONReader.read(string: written, options: Self.strict)
            #expect(second.table == first.table)
            #expect(second.bbox == first.bbox)
            #expect(second.foreignMembers == first.foreignMembers)
            #expect(GeoJSONWriter.string(second) == written)
        }
    }
}

/// A random GeoJSON FeatureCollection, with what the reader should make of it.
struct RandomGeoJSON {
    struct Feature {
        var type: GeometryType?
        var parts: [PartKind] = []
        var coordinates: [Double] = []
        var id: FeatureID?
        var properties = JSONObject()
    }

    struct Document {
        var json: JSONValue
        var features: [Feature]
    }

    var rng: SeededGenerator

    mutating func featureCollection() -> Document {
        var features: [Feature] = []
        var jsonFeatures: [JSONValue] = []
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            var feature = Feature()
            var members: JSONObject = ["type": "Feature"]
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: feature.id = .string(string())
            case 1: feature.id = .number(number())
            default: break
            }
            switch feature.id {
            case .string(let s)?: members["id"] = .string(s)
            case .number(let n)?: members["id"] = .number(n)
            case nil: break
            }
            if Int.random(in: 0..<10, using: &rng) == 0 {
                members["geometry"] = .some(.null)  // (a bare nil would remove the member)
            } else {
                let type = GeometryType.allCases.randomElement(using: &rng)!
                feature.type = type
                members["geometry"] = geometry(type, depth: 0, into: &feature)
            }
            if Bool.random(using: &rng) {
                for _ in 0..<Int.random(in: 0...6, using: &rng) { feature.properties[string()] = value(depth: 0) }
                members["properties"] = .object(feature.properties)
            } else {
                members["properties"] = Bool.random(using: &rng) ? .some(.null) : .some([:])
            }
            if Int.random(in: 0..<4, using: &rng) == 0 { members["x-" + string()] = value(depth: 1) }
            features.append(feature)
            jsonFeatures.append(.object(members))
        }
        var top: JSONObject = ["type": "FeatureCollection"]
        if Bool.random(using: &rng) { top["bbox"] = [.number(number()), .number(number()), .number(number()), .number(number())] }
        if Bool.random(using: &rng) { top["title"] = .string(string()) }
        top["features"] = .array(jsonFeatures)
        return Document(json: .object(top), features: features)
    }

    /// A geometry of `type`, recording its parts and coordinates in `feature`.
    mutating func geometry(_ type: GeometryType, depth: Int, into feature: inout Feature) -> JSONValue {
        func positions(_ n: Int, closed: Bool, _ self: inout RandomGeoJSON, _ feature: inout Feature) -> JSONValue {
            var list: [JSONValue] = []
            for _ in 0..<n {
                let x = self.number(), y = self.number()
                feature.coordinates += [x, y]
                var position: [JSONValue] = [.number(x), .number(y)]
                if Int.random(in: 0..<5, using: &self.rng) == 0 { position.append(.number(self.number())) }
                list.append(.array(position))
            }
            if closed, let first = list.first {
                feature.coordinates += feature.coordinates.suffix(2 * n).prefix(2)
                list.append(first)
            }
            return .array(list)
        }
        func line(_ self: inout RandomGeoJSON, _ feature: inout Feature) -> JSONValue {
            feature.parts.append(.line)
            return positions(Int.random(in: 2...5, using: &self.rng), closed: false, &self, &feature)
        }
        func polygon(_ self: inout RandomGeoJSON, _ feature: inout Feature) -> JSONValue {
            feature.parts.append(.polygon)
            return .array((0..<Int.random(in: 1...3, using: &self.rng)).map { _ in
                positions(Int.random(in: 3...6, using: &self.rng), closed: true, &self, &feature)
            })
        }
        let coordinates: JSONValue
        switch type {
        case .point:
            feature.parts.append(.point)
            coordinates = positions(1, closed: false, &self, &feature).arrayValue![0]
        case .multiPoint:
            let n = Int.random(in: 0...4, using: &rng)
            if n > 0 { feature.parts.append(.point) }
            coordinates = positions(n, closed: false, &self, &feature)
        case .lineString:
            coordinates = line(&self, &feature)
        case .multiLineString:
            coordinates = .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in line(&self, &feature) })
        case .polygon:
            coordinates = polygon(&self, &feature)
        case .multiPolygon:
            coordinates = .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in polygon(&self, &feature) })
        case .geometryCollection:
            var members: [JSONValue] = []
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                let options = depth < 2 ? GeometryType.allCases : GeometryType.allCases.filter { $0 != .geometryCollection }
                members.append(geometry(options.randomElement(using: &rng)!, depth: depth + 1, into: &feature))
            }
            return ["type": "GeometryCollection", "geometries": .array(members)]
        }
        return ["type": .string(type.name), "coordinates": coordinates]
    }

    /// Numbers of every kind a file may hold: short decimals, full-precision doubles,
    /// integers, huge and tiny magnitudes.
    mutating func number() -> Double {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: return (Double.random(in: -180...180, using: &rng) * 1e6).rounded() / 1e6
        case 1: return Double.random(in: -1e7...1e7, using: &rng)
        case 2: return Double(Int.random(in: -1000...1000, using: &rng))
        case 3: return Double(sign: .plus, exponent: Int.random(in: -1074...1023, using: &rng), significand: Double.random(in: 1..<2, using: &rng))
        case 4: return -Double.random(in: 0..<1e-300, using: &rng)
        default: return Double.random(in: -90...90, using: &rng)
        }
    }

    /// Strings with what needs escaping: quotes, backslashes, controls, non-ASCII, emoji.
    mutating func string() -> String {
        let pieces = ["a", "name", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{1F}", "é", "源汇区", "😀", "e\u{301}", " ", "\u{7F}", "\u{FFFF}"]
        return (0..<Int.random(in: 0...5, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    mutating func value(depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth < 3 ? 6 : 4), using: &rng) {
        case 0: return nil
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .number(number())
        case 3: return .string(string())
        case 4: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(depth: depth + 1) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...3, using: &rng) { object[string()] = value(depth: depth + 1) }
            return .object(object)
        }
    }
}
