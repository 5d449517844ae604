import JSON

/// The member names GeoJSON gives meaning to, recognised from their bytes so that the
/// reader does not make a String for each of the millions of keys in a large file.
enum GeoJSONMember {
    case type, features, geometry, properties, id, bbox, coordinates, geometries
    /// Any other member (a foreign member, kept or skipped by context).
    case other(String)

    var name: String {
        switch self {
        case .type: "type"
        case .features: "features"
        case .geometry: "geometry"
        case .properties: "properties"
        case .id: "id"
        case .bbox: "bbox"
        case .coordinates: "coordinates"
        case .geometries: "geometries"
        case .other(let name): name
        }
    }
}

/// The values of `type`, recognised from their bytes.
enum GeoJSONTypeName: Equatable {
    case featureCollection, feature
    case geometry(GeometryType)
    case unknown(String)

    /// The name as written in a file, for messages: `"Feature"`.
    var quoted: String {
        switch self {
        case .featureCollection: "\"FeatureCollection\""
        case .feature: "\"Feature\""
        case .geometry(let type): "\"\(type.name)\""
        case .unknown(let name): "\"\(name)\""
        }
    }
}

extension JSONScanner {
    /// Reads an object member's name and the `:` after it.
    mutating func readMemberName() throws(SourceError) -> GeoJSONMember {
        guard peek() == UInt8(ascii: "\"") else { throw unexpected(expected: "a string key") }
        let member: GeoJSONMember
        if let known = matchKnownMember() {
            member = known
        } else {
            member = .other(try readString())
        }
        try expect(UInt8(ascii: ":"), "':' after an object key")
        return member
    }

    /// Reads a `type` value.
    mutating func readTypeName() throws(SourceError) -> GeoJSONTypeName {
        guard peek() == UInt8(ascii: "\"") else { throw unexpected(expected: "a type name string") }
        if let known = matchKnownType() { return known }
        let name = try readString()
        if let type = GeometryType(name: name) { return .geometry(type) }  // written with escapes
        if name == "Feature" { return .feature }
        if name == "FeatureCollection" { return .featureCollection }
        return .unknown(name)
    }

    private mutating func matchKnownMember() -> GeoJSONMember? {
        guard offset + 1 < bytes.count else { return nil }
        switch bytes[offset + 1] {
        case UInt8(ascii: "t"): return matchQuoted("type") ? .type : nil
        case UInt8(ascii: "f"): return matchQuoted("features") ? .features : nil
        case UInt8(ascii: "g"): return matchQuoted("geometry") ? .geometry : matchQuoted("geometries") ? .geometries : nil
        case UInt8(ascii: "p"): return matchQuoted("properties") ? .properties : nil
        case UInt8(ascii: "i"): return matchQuoted("id") ? .id : nil
        case UInt8(ascii: "b"): return matchQuoted("bbox") ? .bbox : nil
        case UInt8(ascii: "c"): return matchQuoted("coordinates") ? .coordinates : nil
        default: return nil
        }
    }

    private mutating func matchKnownType() -> GeoJSONTypeName? {
        guard offset + 1 < bytes.count else { return nil }
        switch bytes[offset + 1] {
        case UInt8(ascii: "F"):
            return matchQuoted("Feature") ? .feature : matchQuoted("FeatureCollection") ? .featureCollection : nil
        case UInt8(ascii: "P"):
            return matchQuoted("Point") ? .geometry(.point) : matchQuoted("Polygon") ? .geometry(.polygon) : nil
        case UInt8(ascii: "L"): return matchQuoted("LineString") ? .geometry(.lineString) : nil
        case UInt8(ascii: "M"):
            if matchQuoted("MultiPoint") { return .geometry(.multiPoint) }
            if matchQuoted("MultiLineString") { return .geometry(.multiLineString) }
            return matchQuoted("MultiPolygon") ? .geometry(.multiPolygon) : nil
        case UInt8(ascii: "G"): return matchQuoted("GeometryCollection") ? .geometry(.geometryCollection) : nil
        default: return nil
        }
    }

    /// Consumes `"word"` if it is next, exactly.
    private mutating func matchQuoted(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard offset + n + 2 <= bytes.count, bytes[offset + n + 1] == UInt8(ascii: "\"") else { return false }
        let w = word.utf8Start
        for i in 0..<n where bytes[offset + 1 + i] != w[i] { return false }
        offset += n + 2
        return true
    }
}
