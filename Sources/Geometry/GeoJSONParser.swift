import JSON

/// The state of one GeoJSON parse. Geometry is parsed type-directed: when an object's
/// `type` comes before its `coordinates` (as every common writer does) the coordinates go
/// straight into the table; otherwise their bytes are skipped and parsed again once the
/// type is known.
struct GeoJSONParser {
    var s: JSONScanner
    let options: GeoJSONOptions
    var table = FeatureTable()
    var skipped: [GeometryProblem] = []
    /// Index of the feature being parsed, in the file's order.
    var featureIndex = 0
    /// The first problem with the feature being parsed, if any.
    var problem: (offset: Int, message: String)?

    init(bytes: UnsafeRawBufferPointer, options: GeoJSONOptions) {
        s = JSONScanner(bytes: bytes)
        self.options = options
        // Text GeoJSON is at least ~10 bytes per coordinate pair; reserving for it avoids
        // copying a growing buffer of a large file over and over.
        table.reserve(points: bytes.count / 24)
    }

    // MARK: Document

    mutating func parseDocument() throws(SourceError) -> GeoJSONDocument {
        JSONParser.skipByteOrderMark(&s)
        guard s.peek() == UInt8(ascii: "{") else {
            throw s.unexpected(expected: "a GeoJSON object ('{')")
        }
        let start = s.offset
        s.offset += 1
        var type: String?
        var sawFeatures = false
        var bbox: [Double]?
        var members = PendingMembers()
        var geometry = PendingGeometry()
        var foreign: [JSONObject.Entry] = []
        if !s.consume(UInt8(ascii: "}")) {
            repeat {
                let keyOffset = s.offset
                let key = try readKey()
                switch key {
                case "type": type = try readTypeName()
                case "features":
                    try parseFeatureArray()
                    sawFeatures = true
                case "bbox": bbox = try readBBox()
                case "geometry", "properties", "id":
                    try members.read(key, from: &self, keyOffset: keyOffset)
                case "coordinates", "geometries":
                    try geometry.read(key, from: &self)
                default:
                    foreign.append(.init(key: key, value: try JSONParser.parseValue(&s, depth: 1, maxDepth: options.maxDepth)))
                }
            } while try s.commaOrClose(UInt8(ascii: "}"), " after a member of the GeoJSON object")
        }
        s.skipWhitespace()
        if !s.isAtEnd { throw s.unexpected(expected: "end of file after the GeoJSON object") }

        guard let type else { throw s.error("GeoJSON object has no \"type\" member", at: start) }
        switch type {
        case "FeatureCollection":
            guard sawFeatures else { throw s.error("FeatureCollection has no \"features\" member", at: start) }
        case "Feature":
            guard members.sawGeometry else { throw s.error("Feature has no \"geometry\" member", at: start) }
            try finishFeature(type: members.geometryType, members: members, foreign: foreign)
            foreign = []
        default:
            guard let geometryType = GeometryType(name: type) else {
                throw s.error("unknown GeoJSON type \"\(type)\"; expected FeatureCollection, Feature or a geometry type", at: start)
            }
            let parsed = try geometry.finish(as: geometryType, in: &self, objectOffset: start)
            try finishFeature(type: parsed, members: PendingMembers(), foreign: [])
        }
        return GeoJSONDocument(table: table, bbox: bbox, foreignMembers: JSONObject(foreign), skipped: skipped)
    }

    mutating func parseFeatureArray() throws(SourceError) {
        try s.expect(UInt8(ascii: "["), "'[' to start the features array")
        if s.consume(UInt8(ascii: "]")) { return }
        repeat {
            try parseFeature()
            featureIndex += 1
        } while try s.commaOrClose(UInt8(ascii: "]"), " after a feature")
    }

    // MARK: Features

    mutating func parseFeature() throws(SourceError) {
        guard s.peek() == UInt8(ascii: "{") else { throw s.unexpected(expected: "a Feature object ('{')") }
        let start = s.offset
        s.offset += 1
        var type: String?
        var members = PendingMembers()
        var foreign: [JSONObject.Entry] = []
        if !s.consume(UInt8(ascii: "}")) {
            repeat {
                let keyOffset = s.offset
                let key = try readKey()
                switch key {
                case "type": type = try readTypeName()
                case "geometry", "properties", "id": try members.read(key, from: &self, keyOffset: keyOffset)
                case "bbox": _ = try readBBox()
                default:
                    foreign.append(.init(key: key, value: try JSONParser.parseValue(&s, depth: 1, maxDepth: options.maxDepth)))
                }
            } while try s.commaOrClose(UInt8(ascii: "}"), " after a member of a Feature")
        }
        guard type == "Feature" else {
            throw s.error(type.map { "expected a Feature in features, found type \"\($0)\"" } ?? "feature has no \"type\": \"Feature\"", at: start)
        }
        guard members.sawGeometry else { throw s.error("Feature has no \"geometry\" member", at: start) }
        try finishFeature(type: members.geometryType, members: members, foreign: foreign)
    }

    /// Closes the open feature, or drops it if its geometry had a problem.
    mutating func finishFeature(type: GeometryType?, members: PendingMembers, foreign: [JSONObject.Entry]) throws(SourceError) {
        if let problem {
            self.problem = nil
            if options.strict {
                throw s.error("feature \(featureIndex): \(problem.message)", at: problem.offset)
            }
            let (line, column) = lineAndColumn(of: problem.offset, in: s.bytes)
            skipped.append(GeometryProblem(feature: featureIndex, line: line, column: column, message: problem.message))
            table.discardOpenFeature()
            return
        }
        table.endFeature(type: type, id: members.id, properties: members.properties,
                         foreign: foreign.isEmpty ? nil : JSONObject(foreign))
    }

    mutating func report(_ message: String, at offset: Int) {
        if problem == nil { problem = (offset, message) }
    }

    // MARK: Small pieces

    mutating func readKey() throws(SourceError) -> String {
        guard s.peek() == UInt8(ascii: "\"") else { throw s.unexpected(expected: "a string key") }
        let key = try s.readString()
        try s.expect(UInt8(ascii: ":"), "':' after the key \"\(key)\"")
        return key
    }

    mutating func readTypeName() throws(SourceError) -> String {
        guard s.peek() == UInt8(ascii: "\"") else { throw s.unexpected(expected: "a type name string") }
        return try s.readString()
    }

    mutating func readBBox() throws(SourceError) -> [Double] {
        try s.expect(UInt8(ascii: "["), "'[' to start a bbox")
        var values: [Double] = []
        if s.consume(UInt8(ascii: "]")) { throw s.error("bbox is empty; expected 4 or 6 numbers") }
        repeat {
            values.append(try s.readNumber())
        } while try s.commaOrClose(UInt8(ascii: "]"), " in bbox")
        guard values.count == 4 || values.count == 6 else {
            throw s.error("bbox has \(values.count) numbers; expected 4 or 6")
        }
        return values
    }

    mutating func readID() throws(SourceError) -> FeatureID? {
        switch s.peek() ?? 0 {
        case UInt8(ascii: "\""): return .string(try s.readString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try s.readNumber())
        case UInt8(ascii: "n"):
            _ = try s.readLiteral()
            return nil
        default: throw s.unexpected(expected: "a string or number id")
        }
    }

    mutating func readProperties() throws(SourceError) -> [JSONObject.Entry] {
        if s.peek() == UInt8(ascii: "n") {
            _ = try s.readLiteral()
            return []
        }
        try s.expect(UInt8(ascii: "{"), "an object or null for properties")
        var entries: [JSONObject.Entry] = []
        if s.consume(UInt8(ascii: "}")) { return entries }
        repeat {
            let key = try readKey()
            entries.append(.init(key: key, value: try JSONParser.parseValue(&s, depth: 1, maxDepth: options.maxDepth)))
        } while try s.commaOrClose(UInt8(ascii: "}"), " in properties")
        return entries
    }
}

/// The `geometry`, `properties` and `id` members of a feature, as they arrive.
struct PendingMembers {
    var sawGeometry = false
    var geometryType: GeometryType?
    var properties: [JSONObject.Entry] = []
    var id: FeatureID?

    mutating func read(_ key: String, from p: inout GeoJSONParser, keyOffset: Int) throws(SourceError) {
        switch key {
        case "geometry":
            if sawGeometry { throw p.s.error("repeated \"geometry\" member", at: keyOffset) }
            sawGeometry = true
            geometryType = try p.parseGeometryOrNull(depth: 0)
        case "properties": properties = try p.readProperties()
        default: id = try p.readID()
        }
    }
}
