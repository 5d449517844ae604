import JSON

/// How strictly to treat geometry that is well-formed JSON but not valid GeoJSON
/// (a ring of three positions, an unclosed ring, a non-finite coordinate).
public struct GeoJSONOptions: Sendable {
    /// Fail on the first invalid geometry instead of skipping the feature.
    public var strict: Bool
    /// Deepest nesting accepted in properties and geometry collections.
    public var maxDepth: Int

    public init(strict: Bool = false, maxDepth: Int = 64) {
        self.strict = strict
        self.maxDepth = maxDepth
    }
}

/// A feature that was skipped because its geometry is invalid.
public struct GeometryProblem: Sendable, Equatable, CustomStringConvertible {
    /// Index of the feature in the file's `features` array.
    public var feature: Int
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "feature \(feature) at \(line):\(column): \(message)" }
}

/// A parsed GeoJSON file: its features as one table, plus what else the top level held.
public struct GeoJSONDocument: Sendable {
    public var table: FeatureTable
    /// The top-level `bbox` member, if the file has one.
    public var bbox: [Double]?
    /// Top-level members other than type, features, bbox (and a lone feature's own members).
    public var foreignMembers: JSONObject
    /// Features skipped in lenient mode, in file order.
    public var skipped: [GeometryProblem]
}

/// Reads RFC 7946 GeoJSON (a FeatureCollection, a Feature or a bare geometry) straight from
/// bytes into a `FeatureTable`, without building a tree of the document.
public enum GeoJSONReader {
    /// Reads a file, memory-mapped: the pages already parsed are released as the parse
    /// goes on, so that what stays resident is the table, not the file.
    public static func read(path: String, options: GeoJSONOptions = .init()) throws -> GeoJSONDocument {
        let file = try MappedFile(path: path)
        var parser = GeoJSONParser(bytes: file.bytes, options: options, releaseConsumed: file.release(upTo:))
        do {
            return try parser.parseDocument()
        } catch {
            throw error.inFile(path)
        }
    }

    public static func read(string: String, options: GeoJSONOptions = .init()) throws(SourceError) -> GeoJSONDocument {
        let bytes = Array(string.utf8)
        return try withUnsafeBytes(of: bytes) { (buffer) throws(SourceError) in try read(bytes: buffer, options: options) }
    }

    public static func read(bytes: UnsafeRawBufferPointer, options: GeoJSONOptions = .init()) throws(SourceError) -> GeoJSONDocument {
        var parser = GeoJSONParser(bytes: bytes, options: options)
        return try parser.parseDocument()
    }
}
