import JSON

/// Geometry objects, parsed into the open feature of the table.
///
/// The functions that read coordinates return false when they meet a well-formed value of
/// the wrong kind (a number where a position should be, a string for a coordinate): the
/// problem is reported, and `parseCoordinatesOrSkip` skips the whole `coordinates` value.
extension GeoJSONParser {
    /// Reads a geometry object or `null`; returns its type (nil for null).
    mutating func parseGeometryOrNull(depth: Int) throws(SourceError) -> GeometryType? {
        let start = valueStart()
        if s.peek() == UInt8(ascii: "n") {
            _ = try s.readLiteral()
            return nil
        }
        guard s.peek() == UInt8(ascii: "{") else {
            try skipMistyped(expected: "a geometry object or null")
            return nil
        }
        guard depth < options.maxDepth else {
            throw s.error("geometry collections nested deeper than \(options.maxDepth) levels")
        }
        s.offset += 1
        var geometry = GeometryMembers(depth: depth)
        if !s.consume(UInt8(ascii: "}")) {
            repeat {
                let member = try s.readMemberName()
                let valueOffset = valueStart()
                switch member {
                case .type:
                    switch try s.readTypeName() {
                    case .geometry(let type): geometry.type = type
                    case let other:
                        report("expected a geometry type (Point, MultiPoint, LineString, MultiLineString, Polygon, "
                            + "MultiPolygon or GeometryCollection), found \(other.quoted)", at: valueOffset)
                    }
                case .coordinates, .geometries:
                    try geometry.read(member, from: &self)
                case .bbox:
                    _ = try readBBox()
                default:
                    // A geometry has no row of its own in the table to keep foreign members in.
                    try s.skipValue(maxDepth: options.maxDepth)
                }
            } while try s.commaOrClose(UInt8(ascii: "}"), " after a member of a geometry")
        }
        try geometry.finish(in: &self, objectOffset: start)
        return geometry.type
    }

    /// The `geometries` of a GeometryCollection; nested collections add their parts in order.
    mutating func parseGeometryMembers(depth: Int) throws(SourceError) {
        guard s.peek() == UInt8(ascii: "[") else {
            try skipMistyped(expected: "an array of geometries")
            return
        }
        s.offset += 1
        if s.consume(UInt8(ascii: "]")) { return }
        repeat {
            guard s.peek() == UInt8(ascii: "{") else {
                try skipMistyped(expected: "a geometry object in geometries")
                continue
            }
            _ = try parseGeometryOrNull(depth: depth + 1)
        } while try s.commaOrClose(UInt8(ascii: "]"), " after a member of geometries")
    }

    // MARK: Coordinates by type

    mutating func parseCoordinatesOrSkip(of type: GeometryType) throws(SourceError) {
        let start = valueStart()
        coordinatesType = type
        if try !parseCoordinates(of: type) {
            s.offset = start
            try s.skipValue(maxDepth: options.maxDepth)
        }
    }

    private mutating func parseCoordinates(of type: GeometryType) throws(SourceError) -> Bool {
        switch type {
        case .point:
            let start = valueStart()
            guard s.consume(UInt8(ascii: "[")) else { return try mismatch("'[' to start a position") }
            if s.consume(UInt8(ascii: "]")) { return true }  // an empty Point
            s.offset = start
            guard try parsePosition() else { return false }
            table.endRing()
            table.endPart(.point)
        case .multiPoint:
            guard let n = try parsePositionList() else { return false }
            if n > 0 {
                table.endRing()
                table.endPart(.point)
            }
        case .lineString:
            return try parseLine()
        case .multiLineString:
            return try parseList("lines") { (p) throws(SourceError) in try p.parseLine() }
        case .polygon:
            return try parsePolygon()
        case .multiPolygon:
            return try parseList("polygons") { (p) throws(SourceError) in try p.parsePolygon() }
        case .geometryCollection:
            preconditionFailure("a GeometryCollection has geometries, not coordinates")
        }
        return true
    }

    private mutating func parseList(_ what: String, _ element: (inout GeoJSONParser) throws(SourceError) -> Bool) throws(SourceError) -> Bool {
        guard s.consume(UInt8(ascii: "[")) else { return try mismatch("'[' to start the list of \(what)") }
        if s.consume(UInt8(ascii: "]")) { return true }
        repeat {
            guard try element(&self) else { return false }
        } while try s.commaOrClose(UInt8(ascii: "]"), " after one of the \(what)")
        return true
    }

    private mutating func parseLine() throws(SourceError) -> Bool {
        let start = valueStart()
        guard let n = try parsePositionList() else { return false }
        if n == 0 { return true }  // an empty line is an empty geometry
        if n < 2 { report("a line needs at least 2 positions, this one has 1", at: start) }
        table.endRing()
        table.endPart(.line)
        return true
    }

    private mutating func parsePolygon() throws(SourceError) -> Bool {
        guard s.consume(UInt8(ascii: "[")) else { return try mismatch("'[' to start the rings of a polygon") }
        if s.consume(UInt8(ascii: "]")) { return true }
        repeat {
            let start = valueStart()
            let first = table.pointCount
            guard let n = try parsePositionList() else { return false }
            if n < 4 {
                report("a polygon ring needs at least 4 positions, this one has \(n)", at: start)
            } else if table.x(first) != table.x(first + n - 1) || table.y(first) != table.y(first + n - 1) {
                report("the polygon ring is not closed: its last position differs from its first", at: start)
            }
            table.endRing()
        } while try s.commaOrClose(UInt8(ascii: "]"), " after a ring")
        table.endPart(.polygon)
        return true
    }

    /// `[position, ...]`: how many positions it added to the open ring, nil after a mismatch.
    private mutating func parsePositionList() throws(SourceError) -> Int? {
        guard s.consume(UInt8(ascii: "[")) else {
            _ = try mismatch("'[' to start a list of positions")
            return nil
        }
        if s.consume(UInt8(ascii: "]")) { return 0 }
        var n = 0
        repeat {
            guard try parsePosition() else { return nil }
            n += 1
        } while try s.commaOrClose(UInt8(ascii: "]"), " after a position")
        return n
    }

    /// `[x, y]` or `[x, y, z, ...]`: x and y are kept, further numbers (elevation) read and dropped.
    @inline(__always)
    private mutating func parsePosition() throws(SourceError) -> Bool {
        let start = valueStart()
        guard s.consume(UInt8(ascii: "[")) else { return try mismatch("'[' to start a position") }
        guard let x = try s.readNumberIfPresent() else { return try positionProblem(start, numbers: 0) }
        guard s.consume(UInt8(ascii: ",")) else { return try positionProblem(start, numbers: 1) }
        guard let y = try s.readNumberIfPresent() else { return try mismatch("a number") }
        while try s.commaOrClose(UInt8(ascii: "]"), " after a number of a position") {
            guard try s.readNumberIfPresent() != nil else { return try mismatch("a number") }
        }
        if !x.isFinite || !y.isFinite { report("a coordinate is not a finite number (it overflows a Double)", at: start) }
        featurePoints += 1
        if featurePoints == options.maxPointsPerFeature + 1 {
            report("more than \(options.maxPointsPerFeature) positions in one feature (the limit of positions per feature)", at: start)
        }
        table.addPoint(x: x, y: y)
        return true
    }

    /// A position that stops after `numbers` numbers (0 or 1): too short, a value of the
    /// wrong kind, or a syntax error.
    private mutating func positionProblem(_ start: Int, numbers: Int) throws(SourceError) -> Bool {
        if s.peek() == UInt8(ascii: "]") {
            report("a position needs at least 2 numbers (x, y), this one has \(numbers == 0 ? "none" : "1")", at: start)
            return false
        }
        if numbers == 0 { return try mismatch("a number") }
        throw s.unexpected(expected: "',' between the numbers of a position")
    }

    /// A well-formed value of the wrong kind is reported (and false returned, to skip the
    /// coordinates); anything else is a syntax error.
    private mutating func mismatch(_ expected: String) throws(SourceError) -> Bool {
        guard let b = s.peek(), startsValue(b) else { throw s.unexpected(expected: expected) }
        report("expected \(expected) in the coordinates of a \(coordinatesType.name), found \(s.foundDescription())", at: s.offset)
        return false
    }
}

/// A geometry object's `type`, `coordinates` and `geometries` as they arrive. When the type
/// comes first (as every common writer puts it) the coordinates go straight into the
/// table; otherwise their bytes are skipped, checking syntax, and parsed again at the end
/// of the object.
struct GeometryMembers {
    var type: GeometryType?
    let depth: Int
    var coordinatesOffset: Int?
    var geometriesOffset: Int?
    var parsed = false

    init(depth: Int) { self.depth = depth }

    mutating func read(_ member: GeoJSONMember, from p: inout GeoJSONParser) throws(SourceError) {
        let offset = p.valueStart()
        let isCoordinates: Bool
        if case .coordinates = member { isCoordinates = true } else { isCoordinates = false }
        if let type, !parsed, (type == .geometryCollection) != isCoordinates {
            parsed = true
            try parse(type, in: &p)
            return
        }
        if isCoordinates { coordinatesOffset = offset } else { geometriesOffset = offset }
        try p.s.skipValue(maxDepth: p.options.maxDepth)
    }

    mutating func finish(in p: inout GeoJSONParser, objectOffset: Int) throws(SourceError) {
        guard !parsed else { return }
        guard let type else {
            p.report("the geometry has no \"type\" member", at: objectOffset)
            return
        }
        let isCollection = type == .geometryCollection
        guard let offset = isCollection ? geometriesOffset : coordinatesOffset else {
            p.report("the \(type.name) has no \"\(isCollection ? "geometries" : "coordinates")\" member", at: objectOffset)
            return
        }
        let resume = p.s.offset
        p.s.offset = offset
        try parse(type, in: &p)
        p.s.offset = resume
        parsed = true
    }

    private func parse(_ type: GeometryType, in p: inout GeoJSONParser) throws(SourceError) {
        if type == .geometryCollection {
            try p.parseGeometryMembers(depth: depth)
        } else {
            try p.parseCoordinatesOrSkip(of: type)
        }
    }
}
