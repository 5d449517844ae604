/// Parses JSON text into a `JSONValue`, with line:column errors and a nesting limit.
public enum JSONParser {
    /// Nesting deeper than this is refused rather than risking the stack.
    public static let defaultMaxDepth = 256

    /// Parses one JSON value filling the whole buffer (whitespace and a UTF-8 byte order mark
    /// allowed around it); a syntax error gives its line and column.
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws(SourceError) -> JSONValue {
        var scanner = JSONScanner(bytes: bytes)
        skipByteOrderMark(&scanner)
        let value = try parseValue(&scanner, depth: 0, maxDepth: maxDepth)
        scanner.skipWhitespace()
        if !scanner.isAtEnd { throw scanner.unexpected(expected: "end of file after the JSON value") }
        return value
    }

    /// Parses one JSON value from bytes held in an array.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(SourceError) -> JSONValue {
        try withUnsafeBytes(of: bytes) { (buffer) throws(SourceError) in try parse(buffer, maxDepth: maxDepth) }
    }

    /// Parses one JSON value from a string: a style or layout written inline, a test's input.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(SourceError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }

    /// Parses a file; a syntax error names the file as well as the line and column.
    public static func parse(contentsOf path: String, maxDepth: Int = defaultMaxDepth) throws -> JSONValue {
        let file = try MappedFile(path: path)
        return try withExtendedLifetime(file) { () throws -> JSONValue in
            do {
                return try parse(file.bytes, maxDepth: maxDepth)
            } catch let error as SourceError {
                throw error.inFile(path)
            }
        }
    }

    /// Skips a UTF-8 byte order mark, which some Windows tools write.
    public static func skipByteOrderMark(_ scanner: inout JSONScanner) {
        let b = scanner.bytes
        if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { scanner.offset = 3 }
    }

    /// Parses the value at the scanner's position and leaves the scanner just after it, so that
    /// readers of larger formats (GeoJSON's `properties`) can take a value out of a stream.
    public static func parseValue(_ s: inout JSONScanner, depth: Int, maxDepth: Int) throws(SourceError) -> JSONValue {
        guard let b = s.peek() else { throw s.unexpected(expected: "a value") }
        switch b {
        case UInt8(ascii: "{"):
            guard depth < maxDepth else { throw s.error("nesting deeper than \(maxDepth) levels") }
            s.offset += 1
            var entries: [JSONObject.Entry] = []
            if s.consume(UInt8(ascii: "}")) { return .object(JSONObject()) }
            repeat {
                guard s.peek() == UInt8(ascii: "\"") else { throw s.unexpected(expected: "a string key") }
                let key = try s.readString()
                try s.expect(UInt8(ascii: ":"), "':' after the key \"\(key)\"")
                entries.append(.init(key: key, value: try parseValue(&s, depth: depth + 1, maxDepth: maxDepth)))
            } while try s.commaOrClose(UInt8(ascii: "}"), " after an object member")
            return .object(JSONObject(entries))
        case UInt8(ascii: "["):
            guard depth < maxDepth else { throw s.error("nesting deeper than \(maxDepth) levels") }
            s.offset += 1
            var elements: [JSONValue] = []
            if s.consume(UInt8(ascii: "]")) { return .array([]) }
            repeat {
                elements.append(try parseValue(&s, depth: depth + 1, maxDepth: maxDepth))
            } while try s.commaOrClose(UInt8(ascii: "]"), " after an array element")
            return .array(elements)
        case UInt8(ascii: "\""):
            return .string(try s.readString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try s.readNumber())
        default:
            return try s.readLiteral()
        }
    }
}

/// `Array.withUnsafeBytes` for a body with a typed error (the standard one only rethrows).
public func withUnsafeBytes<R, E: Error>(of bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
    let result = bytes.withUnsafeBytes { buffer in Result { () throws(E) -> R in try body(buffer) } }
    return try result.get()
}
