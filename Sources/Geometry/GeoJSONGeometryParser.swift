import JSON

/// Geometry objects, parsed into the open feature of the table.
extension GeoJSONParser {
    /// Reads a geometry object or `null`; returns its type (nil for null).
    mutating func parseGeometryOrNull(depth: Int) throws(SourceError) -> GeometryType? {
        if s.peek() == UInt8(ascii: "n") {
            _ = try s.readLiteral()
            return nil
        }
        guard s.peek() == UInt8(ascii: "{") else { throw s.unexpected(expected: "a geometry object or null") }
        guard depth < options.maxDepth else { throw s.error("geometry collections nested deeper than \(options.maxDepth) levels") }
        let start = s.offset
        s.offset += 1
        var pending = PendingGeometry()
        var type: GeometryType?
        var parsed = false
        if !s.consume(UInt8(ascii: "}")) {
            repeat {
                let key = try readKey()
                switch key {
                case "type":
                    let typeOffset = s.offset
                    let name = try readTypeName()
                    guard let t = GeometryType(name: name) else {
                        throw s.error("unknown geometry type \"\(name)\"", at: typeOffset)
                    }
                    type = t
                case "coordinates" where type != nil && type != .geometryCollection && !parsed:
                    try parseCoordinates(of: type!)
                    parsed = true
                case "geometries" where type == .geometryCollection && !parsed:
                    try parseGeometryMembers(depth: depth)
                    parsed = true
                case "coordinates", "geometries":
                    try pending.read(key, from: &self)
                case "bbox": _ = try readBBox()
                default: try s.skipValue(maxDepth: options.maxDepth)
                }
            } while try s.commaOrClose(UInt8(ascii: "}"), " after a member of a geometry")
        }
        guard let type else { throw s.error("geometry has no \"type\" member", at: start) }
        if !parsed {
            _ = try pending.finish(as: type, in: &self, objectOffset: start, depth: depth)
        }
        return type
    }

    mutating func parseGeometryMembers(depth: Int) throws(SourceError) {
        try s.expect(UInt8(ascii: "["), "'[' to start geometries")
        if s.consume(UInt8(ascii: "]")) { return }
        repeat {
            guard s.peek() == UInt8(ascii: "{") else { throw s.unexpected(expected: "a geometry object in geometries") }
            _ = try parseGeometryOrNull(depth: depth + 1)
        } while try s.commaOrClose(UInt8(ascii: "]"), " in geometries")
    }

    // MARK: Coordinates by type

    mutating func parseCoordinates(of type: GeometryType) throws(SourceError) {
        switch type {
        case .point:
            try parsePosition()
            table.endRing()
            table.endPart(.point)
        case .multiPoint:
            if try parsePositionList() > 0 {
                table.endRing()
                table.endPart(.point)
            }
        case .lineString:
            try parseLine()
        case .multiLineString:
            try parseList("lines of a MultiLineString") { (p) throws(SourceError) in try p.parseLine() }
        case .polygon:
            try parsePolygon()
        case .multiPolygon:
            try parseList("polygons of a MultiPolygon") { (p) throws(SourceError) in try p.parsePolygon() }
        case .geometryCollection:
            break
        }
    }

    private mutating func parseList(_ what: String, _ element: (inout GeoJSONParser) throws(SourceError) -> Void) throws(SourceError) {
        try s.expect(UInt8(ascii: "["), "'[' to start the \(what)")
        if s.consume(UInt8(ascii: "]")) { return }
        repeat {
            try element(&self)
        } while try s.commaOrClose(UInt8(ascii: "]"), " in the \(what)")
    }

    private mutating func parseLine() throws(SourceError) {
        let start = s.offset
        let n = try parsePositionList()
        if n == 0 { return }  // an empty line is an empty geometry
        if n < 2 { report("LineString has 1 position; a line needs at least 2", at: start) }
        table.endRing()
        table.endPart(.line)
    }

    private mutating func parsePolygon() throws(SourceError) {
        try s.expect(UInt8(ascii: "["), "'[' to start the rings of a Polygon")
        if s.consume(UInt8(ascii: "]")) { return }
        repeat {
            let start = s.offset
            let first = table.pointCount
            let n = try parsePositionList()
            if n < 4 {
                report("ring has \(n) position\(n == 1 ? "" : "s"); a ring needs at least 4", at: start)
            } else if table.x(first) != table.x(first + n - 1) || table.y(first) != table.y(first + n - 1) {
                report("ring is not closed: its first and last positions differ", at: start)
            }
            table.endRing()
        } while try s.commaOrClose(UInt8(ascii: "]"), " in the rings of a Polygon")
        table.endPart(.polygon)
    }

    /// `[position, ...]`; returns how many positions it added to the open ring.
    private mutating func parsePositionList() throws(SourceError) -> Int {
        try s.expect(UInt8(ascii: "["), "'[' to start a list of positions")
        if s.consume(UInt8(ascii: "]")) { return 0 }
        var n = 0
        repeat {
            try parsePosition()
            n += 1
        } while try s.commaOrClose(UInt8(ascii: "]"), " in a list of positions")
        return n
    }

    /// `[x, y]` or `[x, y, z, ...]`: x and y are kept, further numbers (elevation) read and dropped.
    @inline(__always)
    private mutating func parsePosition() throws(SourceError) {
        let start = s.offset
        if !s.consume(UInt8(ascii: "[")) { throw s.unexpected(expected: "'[' to start a position") }
        let x = try s.readNumber()
        if !s.consume(UInt8(ascii: ",")) {
            throw s.peek() == UInt8(ascii: "]")
                ? s.error("position has 1 number; expected at least 2")
                : s.unexpected(expected: "',' between the numbers of a position")
        }
        let y = try s.readNumber()
        while try s.commaOrClose(UInt8(ascii: "]"), " in a position") {
            _ = try s.readNumber()
        }
        if !x.isFinite || !y.isFinite { report("coordinate is not a finite number", at: start) }
        table.addPoint(x: x, y: y)
    }
}

/// `coordinates` or `geometries` that arrived before the object's `type`: their bytes are
/// skipped (checking syntax) and parsed once the type is known.
struct PendingGeometry {
    var coordinatesOffset: Int?
    var geometriesOffset: Int?

    mutating func read(_ key: String, from p: inout GeoJSONParser) throws(SourceError) {
        if key == "coordinates" { coordinatesOffset = p.s.offset } else { geometriesOffset = p.s.offset }
        try p.s.skipValue(maxDepth: p.options.maxDepth)
    }

    func finish(as type: GeometryType, in p: inout GeoJSONParser, objectOffset: Int, depth: Int = 0) throws(SourceError) -> GeometryType {
        let resume = p.s.offset
        defer { p.s.offset = resume }
        if type == .geometryCollection {
            guard let geometriesOffset else { throw p.s.error("GeometryCollection has no \"geometries\" member", at: objectOffset) }
            p.s.offset = geometriesOffset
            try p.parseGeometryMembers(depth: depth)
        } else {
            guard let coordinatesOffset else { throw p.s.error("\(type.name) has no \"coordinates\" member", at: objectOffset) }
            p.s.offset = coordinatesOffset
            try p.parseCoordinates(of: type)
        }
        return type
    }
}
