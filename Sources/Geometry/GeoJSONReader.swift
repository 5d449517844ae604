import JSON

/// How to treat a feature that is well-formed JSON but not valid GeoJSON: a ring of three
/// positions, an unclosed ring, a non-finite coordinate, a value of the wrong kind (a
/// string for a coordinate, a number for `properties`), a missing `geometry`.
public struct GeoJSONOptions: Sendable {
    /// Fail on the first such feature (with its index and line:column) instead of
    /// skipping it and recording it in `GeoJSONDocument.skipped`.
    public var strict: Bool
    /// Deepest nesting accepted in properties and geometry collections; deeper input is an
    /// error rather than a risk to the stack.
    public var maxDepth: Int
    /// A feature with more positions than this is a problem like any other (skipped, or
    /// an error when strict): one feature's stroke is one Cairo call that cannot be cut
    /// short, at about 3.5 µs a segment, so this bounds a single draw to about half a minute.
    public var maxPointsPerFeature: Int

    /// Ten million positions: far more than any real feature, a bound on one draw call.
    public static let defaultMaxPointsPerFeature = 10_000_000

    /// Lenient reading with the default limits, unless said otherwise.
    public init(strict: Bool = false, maxDepth: Int = 64, maxPointsPerFeature: Int = defaultMaxPointsPerFeature) {
        self.strict = strict
        self.maxDepth = maxDepth
        self.maxPointsPerFeature = maxPointsPerFeature
    }
}

/// A feature that was skipped (lenient mode) and why: `feature 12 at 120:17: the polygon
/// ring is not closed: its last position differs from its first`.
public struct GeometryProblem: Sendable, Equatable, CustomStringConvertible {
    /// Index of the feature in the file's `features` array.
    public var feature: Int
    /// Where the problem is: the ring, position or member at fault.
    public var line: Int
    /// The column of the problem on that line, in characters.
    public var column: Int
    /// What is wrong with the feature.
    public var message: String

    /// The one line printed: `feature N at line:column: message`.
    public var description: String { "feature \(feature) at \(line):\(column): \(message)" }
}

/// A parsed GeoJSON file: its features as one table, plus what else the top level held.
public struct GeoJSONDocument: Sendable {
    /// The features read, in file order (skipped ones left out).
    public var table: FeatureTable
    /// The top-level `bbox` member, if the file has one.
    public var bbox: [Double]?
    /// Top-level members other than type, features and bbox (for a lone Feature, its
    /// foreign members are the table's, not these).
    public var foreignMembers: JSONObject
    /// Features skipped in lenient mode, in file order.
    public var skipped: [GeometryProblem]

    /// One line for the user when features were skipped, nil otherwise: the count and the
    /// first problem, so that a file with ten thousand bad rings warns once, not ten
    /// thousand times.
    public var warning: String? {
        guard let first = skipped.first else { return nil }
        let count = skipped.count == 1 ? "1 feature" : "\(skipped.count) features"
        return "skipped \(count) that GeoJSON does not allow; the first: \(first)"
    }
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

    /// Reads GeoJSON held in a string; a syntax error has line and column but no file.
    public static func read(string: String, options: GeoJSONOptions = .init()) throws(SourceError) -> GeoJSONDocument {
        let bytes = Array(string.utf8)
        return try withUnsafeBytes(of: bytes) { (buffer) throws(SourceError) in try read(bytes: buffer, options: options) }
    }

    /// Reads GeoJSON from bytes the caller keeps alive (a network body, a mapped file).
    public static func read(bytes: UnsafeRawBufferPointer, options: GeoJSONOptions = .init()) throws(SourceError) -> GeoJSONDocument {
        var parser = GeoJSONParser(bytes: bytes, options: options)
        return try parser.parseDocument()
    }
}
