import JSON

/// The state of one GeoJSON parse: the scanner, the table being filled, and what is known
/// about the feature being read.
///
/// Errors come in two kinds. A syntax error (the bytes are not JSON) ends the parse. A
/// problem confined to one feature while the JSON stays well-formed (a ring of three
/// positions, an unclosed ring, a non-finite number, a missing or mistyped member) is
/// `report`ed: the feature's remaining bytes are skipped, and when it ends the parse fails
/// (strict) or drops the feature and records the problem (lenient).
struct GeoJSONParser {
    var s: JSONScanner
    let options: GeoJSONOptions
    var table = FeatureTable()
    var skipped: [GeometryProblem] = []
    /// Index of the feature being parsed, in the file's order.
    var featureIndex = 0
    /// The first problem with the feature being parsed: where, and what.
    var problem: (offset: Int, message: String)?
    /// Turns the offsets of skipped features into line:column, counting on from the last.
    var locator: LineLocator
    /// The property columns the feature being parsed has set values in.
    var touchedColumns: [Int] = []
    var keyCache = PropertyKeyCache()
    /// The type whose coordinates are being read, for messages.
    var coordinatesType = GeometryType.point
    /// Tells a memory-mapped file that the bytes before an offset will not be read again.
    let releaseConsumed: ((Int) -> Void)?
    var releasedUpTo = 0

    init(bytes: UnsafeRawBufferPointer, options: GeoJSONOptions, releaseConsumed: ((Int) -> Void)? = nil) {
        s = JSONScanner(bytes: bytes)
        self.options = options
        self.releaseConsumed = releaseConsumed
        locator = LineLocator(bytes: bytes)
        // A position takes at least 16 bytes of text in nearly every file; reserving for
        // that (address space, not memory, until written) saves copying the buffer as it grows.
        table.reserve(points: bytes.count / 16)
    }

    // MARK: Document

    mutating func parseDocument() throws(SourceError) -> GeoJSONDocument {
        JSONParser.skipByteOrderMark(&s)
        guard s.peek() == UInt8(ascii: "{") else {
            throw s.unexpected(expected: "a GeoJSON object ('{')")
        }
        let start = s.offset
        s.offset += 1
        var top = TopLevelMembers(typeOffset: start)
        // Members that came before `type`, to read once it is known.
        var early: [(member: GeoJSONMember, keyOffset: Int, valueOffset: Int)] = []
        if !s.consume(UInt8(ascii: "}")) {
            repeat {
                let keyOffset = valueStart()
                let member = try s.readMemberName()
                let valueOffset = valueStart()
                switch member {
                case .type:
                    top.type = try s.readTypeName()
                    top.typeOffset = valueOffset
                    if case .geometry(let t) = top.type { top.geometry.type = t }
                case .bbox:
                    // A bad bbox at the top is an error in every mode: there is no feature to skip.
                    let hadProblem = problem != nil
                    top.bbox = try readBBox()
                    if !hadProblem, let problem { throw s.error(problem.message, at: problem.offset) }
                case .other(let name):
                    top.foreign.append(.init(key: name, value: try JSONParser.parseValue(&s, depth: 1, maxDepth: options.maxDepth)))
                default:
                    if top.type == nil {
                        early.append((member, keyOffset, valueOffset))
                        try s.skipValue(maxDepth: options.maxDepth)
                    } else {
                        try readTopLevelMember(member, keyOffset: keyOffset, into: &top)
                    }
                }
            } while try s.commaOrClose(UInt8(ascii: "}"), " after a member of the GeoJSON object")
        }
        s.skipWhitespace()
        if !s.isAtEnd { throw s.unexpected(expected: "end of file after the GeoJSON object") }
        guard let type = top.type else {
            throw s.error("the GeoJSON object has no \"type\" member; expected \"FeatureCollection\", \"Feature\" or a geometry type", at: start)
        }
        for (member, keyOffset, valueOffset) in early {
            s.offset = valueOffset
            try readTopLevelMember(member, keyOffset: keyOffset, into: &top)
        }

        var documentForeign = JSONObject(top.foreign)
        switch type {
        case .featureCollection:
            guard top.sawFeatures else { throw s.error("the FeatureCollection has no \"features\" member", at: start) }
        case .feature:
            top.feature.sawType = true
            try finishFeature(top.feature, foreign: top.foreign, objectOffset: start)
            documentForeign = JSONObject()
        case .geometry(let t):
            try top.geometry.finish(in: &self, objectOffset: start)
            try finishFeature(FeatureMembers(sawType: true, sawGeometry: true, geometryType: t), foreign: [], objectOffset: start)
        case .unknown(let name):
            throw s.error("unknown GeoJSON type \"\(name)\"; expected \"FeatureCollection\", \"Feature\" or a geometry type", at: top.typeOffset)
        }
        return GeoJSONDocument(table: table, bbox: top.bbox, foreignMembers: documentForeign, skipped: skipped)
    }

    /// A top-level member that means something for some type, read for the document's
    /// type: `features` of a FeatureCollection, `geometry`, `properties` and `id` of a
    /// Feature, `coordinates` or `geometries` of a geometry. For another type it is a
    /// foreign member.
    mutating func readTopLevelMember(_ member: GeoJSONMember, keyOffset: Int, into top: inout TopLevelMembers) throws(SourceError) {
        switch (top.type, member) {
        case (.featureCollection?, .features):
            try parseFeatureArray()
            top.sawFeatures = true
        case (.feature?, .geometry), (.feature?, .properties), (.feature?, .id):
            try top.feature.read(member, from: &self, keyOffset: keyOffset)
        case (.geometry?, .coordinates), (.geometry?, .geometries):
            try top.geometry.read(member, from: &self)
        default:
            top.foreign.append(.init(key: member.name, value: try JSONParser.parseValue(&s, depth: 1, maxDepth: options.maxDepth)))
        }
    }

    mutating func parseFeatureArray() throws(SourceError) {
        try s.expect(UInt8(ascii: "["), "'[' to start the features array")
        if s.consume(UInt8(ascii: "]")) { return }
        repeat {
            try parseFeature()
            featureIndex += 1
            releaseConsumedBytes()
        } while try s.commaOrClose(UInt8(ascii: "]"), " after a feature")
    }

    /// Every 4 MB, between features, lets the file drop the pages already parsed: a
    /// memory-mapped file is then never resident as a whole, only the table built from it.
    /// (Bytes read again later, for a message's line:column or a remembered property name,
    /// come back from the page cache.)
    mutating func releaseConsumedBytes() {
        guard let releaseConsumed, s.offset - releasedUpTo > 4 << 20 else { return }
        releasedUpTo = s.offset
        releaseConsumed(releasedUpTo)
    }

    // MARK: Features

    mutating func parseFeature() throws(SourceError) {
        let start = valueStart()
        guard s.peek() == UInt8(ascii: "{") else {
            try skipMistyped(expected: "a Feature object ('{')")
            try finishFeature(FeatureMembers(sawType: true, sawGeometry: true), foreign: [], objectOffset: start)
            return
        }
        s.offset += 1
        var members = FeatureMembers()
        var foreign: [JSONObject.Entry] = []
        if !s.consume(UInt8(ascii: "}")) {
            repeat {
                let keyOffset = valueStart()
                let member = try s.readMemberName()
                let valueOffset = valueStart()
                switch member {
                case .type:
                    members.sawType = true
                    let type = try s.readTypeName()
                    if type != .feature { report("expected \"type\": \"Feature\" for a member of features, found \(type.quoted)", at: valueOffset) }
                case .geometry, .properties, .id:
                    try members.read(member, from: &self, keyOffset: keyOffset)
                case .bbox:
                    _ = try readBBox()
                case .features, .coordinates, .geometries:
                    report("a Feature has no \"\(member.name)\" member; is this a geometry or a FeatureCollection?", at: keyOffset)
                    try s.skipValue(maxDepth: options.maxDepth)
                case .other(let name):
                    foreign.append(.init(key: name, value: try JSONParser.parseValue(&s, depth: 1, maxDepth: options.maxDepth)))
                }
            } while try s.commaOrClose(UInt8(ascii: "}"), " after a member of a Feature")
        }
        try finishFeature(members, foreign: foreign, objectOffset: start)
    }

    /// Closes the open feature, or drops it if it had a problem.
    mutating func finishFeature(_ members: FeatureMembers, foreign: [JSONObject.Entry], objectOffset: Int) throws(SourceError) {
        if !members.sawType { report("the Feature has no \"type\": \"Feature\" member", at: objectOffset) }
        if !members.sawGeometry { report("the Feature has no \"geometry\" member (write \"geometry\": null for none)", at: objectOffset) }
        defer { touchedColumns.removeAll(keepingCapacity: true) }
        if let problem {
            self.problem = nil
            if options.strict {
                throw s.error("feature \(featureIndex): \(problem.message)", at: problem.offset)
            }
            let (line, column) = locator.location(of: problem.offset)
            skipped.append(GeometryProblem(feature: featureIndex, line: line, column: column, message: problem.message))
            table.discardOpenFeature()
            let columns = table.properties.keys.count
            table.properties.discardOpenRow(touched: touchedColumns, newColumns: members.columnsBefore ?? columns)
            if table.properties.keys.count < columns { keyCache.forgetAll() }
            return
        }
        table.endFeature(type: members.geometryType, id: members.id, foreign: foreign.isEmpty ? nil : JSONObject(foreign))
    }

    /// Records a problem with the feature being parsed (the first one is kept).
    mutating func report(_ message: String, at offset: Int) {
        if problem == nil { problem = (offset, message) }
    }

    /// A value of the wrong kind where a feature needs another: reported, and skipped if it
    /// is well-formed JSON; anything else is a syntax error.
    mutating func skipMistyped(expected: String) throws(SourceError) {
        guard let b = s.peek(), startsValue(b) else { throw s.unexpected(expected: expected) }
        report("expected \(expected), found \(s.foundDescription())", at: s.offset)
        try s.skipValue(maxDepth: options.maxDepth)
    }

    /// The offset of the next significant byte.
    @inline(__always)
    mutating func valueStart() -> Int {
        s.skipWhitespace()
        return s.offset
    }

    // MARK: Small members

    /// A `bbox`: 2n numbers for n dimensions (4 or 6).
    mutating func readBBox() throws(SourceError) -> [Double]? {
        let start = valueStart()
        guard s.peek() == UInt8(ascii: "[") else {
            try skipMistyped(expected: "an array of 4 or 6 numbers for bbox")
            return nil
        }
        s.offset += 1
        var values: [Double] = []
        if !s.consume(UInt8(ascii: "]")) {
            repeat {
                guard let b = s.peek(), b == UInt8(ascii: "-") || b &- 0x30 < 10 else {
                    try skipMistyped(expected: "a number in bbox")
                    continue
                }
                values.append(try s.readNumber())
            } while try s.commaOrClose(UInt8(ascii: "]"), " in bbox")
        }
        guard values.count == 4 || values.count == 6 else {
            report("bbox has \(values.count) number\(values.count == 1 ? "" : "s"); expected 4 (2D) or 6 (3D)", at: start)
            return nil
        }
        return values
    }

    mutating func readID() throws(SourceError) -> FeatureID? {
        switch s.peek() {
        case UInt8(ascii: "\"")?: return .string(try s.readString())
        case UInt8(ascii: "-")?, (UInt8(ascii: "0")...UInt8(ascii: "9"))?: return .number(try s.readNumber())
        case UInt8(ascii: "n")?:
            _ = try s.readLiteral()  // null: no id
            return nil
        default:
            try skipMistyped(expected: "a string or a number for id")
            return nil
        }
    }
}

/// Whether `b` can start a JSON value: a wrong kind of value is a problem with a feature,
/// anything else a syntax error.
@inline(__always)
func startsValue(_ b: UInt8) -> Bool {
    switch b {
    case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"),
         UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
        true
    default:
        false
    }
}

/// The members of the top-level object, as they arrive.
struct TopLevelMembers {
    var type: GeoJSONTypeName?
    var typeOffset: Int
    var sawFeatures = false
    var bbox: [Double]?
    /// For a lone Feature.
    var feature = FeatureMembers()
    /// For a bare geometry.
    var geometry = GeometryMembers(depth: 0)
    var foreign: [JSONObject.Entry] = []
}

/// The `type`, `geometry`, `properties` and `id` members of a feature, as they arrive.
struct FeatureMembers {
    var sawType = false
    var sawGeometry = false
    var geometryType: GeometryType?
    var id: FeatureID?
    /// How many property columns the table had before this feature's properties.
    var columnsBefore: Int?

    mutating func read(_ member: GeoJSONMember, from p: inout GeoJSONParser, keyOffset: Int) throws(SourceError) {
        switch member {
        case .geometry:
            if sawGeometry {
                p.report("repeated \"geometry\" member", at: keyOffset)
                try p.s.skipValue(maxDepth: p.options.maxDepth)
                return
            }
            sawGeometry = true
            geometryType = try p.parseGeometryOrNull(depth: 0)
        case .properties:
            if columnsBefore == nil { columnsBefore = p.table.properties.keys.count }
            try p.parseProperties()
        default:
            id = try p.readID()
        }
    }
}
