/// The GeoJSON geometry type of a feature.
public enum GeometryType: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// The seven geometry types of RFC 7946.
    case point, multiPoint, lineString, multiLineString, polygon, multiPolygon, geometryCollection

    /// The RFC 7946 name: "Point", "MultiPolygon", ...
    public var name: String {
        switch self {
        case .point: "Point"
        case .multiPoint: "MultiPoint"
        case .lineString: "LineString"
        case .multiLineString: "MultiLineString"
        case .polygon: "Polygon"
        case .multiPolygon: "MultiPolygon"
        case .geometryCollection: "GeometryCollection"
        }
    }

    /// The type an RFC 7946 name names ("MultiPolygon"), or nil; names are case-sensitive, as in
    /// the RFC.
    public init?(name: String) {
        guard let t = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = t
    }

    /// The RFC 7946 name.
    public var description: String { name }
}

/// What one part of a feature's geometry is. A feature is a list of parts:
/// a Point or MultiPoint is one `.point` part holding all its positions in one ring,
/// a LineString one `.line` part, a MultiLineString one `.line` part per line,
/// a Polygon one `.polygon` part whose first ring is the shell and the rest holes,
/// a MultiPolygon one `.polygon` part per polygon, and a GeometryCollection the parts of its
/// members in order (nested collections are flattened).
public enum PartKind: UInt8, Sendable {
    /// A set of points (one ring holds them all), a line, or a polygon (shell, then holes).
    case point, line, polygon
}

/// A feature's `id`: RFC 7946 allows a string or a number.
public enum FeatureID: Sendable, Hashable, CustomStringConvertible {
    /// A string id.
    case string(String)
    /// A number id; integral values are printed without a fraction.
    case number(Double)

    /// The id as text: the string, or the number as an integer when it is one (`7`, not `7.0`).
    public var description: String {
        switch self {
        case .string(let s): s
        case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        }
    }
}
