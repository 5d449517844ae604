/// A byte-level JSON lexer over a buffer the caller keeps alive.
///
/// It is the one place that knows JSON's grammar for strings, numbers and literals. The
/// generic `JSONParser` builds `JSONValue` trees with it; the GeoJSON reader drives it
/// directly so that coordinates go straight into columnar storage without a tree in between.
/// Every error carries the byte offset where it happened; `error(_:)` turns that into
/// line:column. Numbers and strings are read in the extensions next to this file.
public struct JSONScanner {
    /// The text being read, UTF-8; the caller keeps it alive while the scanner is used.
    public let bytes: UnsafeRawBufferPointer
    /// The byte offset of the next byte to read.
    public var offset: Int

    /// A scanner reading `bytes` from `offset`.
    public init(bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { offset >= bytes.count }

    // MARK: Whitespace and punctuation

    /// Moves past spaces, tabs, line feeds and carriage returns, JSON's whitespace.
    @inlinable @inline(__always)
    public mutating func skipWhitespace() {
        var i = offset
        guard i < bytes.count, let base = bytes.baseAddress else { return }
        while i < bytes.count {
            switch base.load(fromByteOffset: i, as: UInt8.self) {
            case 0x20, 0x0A, 0x0D, 0x09: i &+= 1
            default:
                offset = i
                return
            }
        }
        offset = i
    }

    /// The next significant byte, after whitespace, or nil at the end of the input.
    @inlinable @inline(__always)
    public mutating func peek() -> UInt8? {
        skipWhitespace()
        return offset < bytes.count ? bytes[offset] : nil
    }

    /// Consumes `byte` if it is next (after whitespace).
    @inlinable @inline(__always)
    public mutating func consume(_ byte: UInt8) -> Bool {
        if offset < bytes.count && bytes[offset] == byte {  // the common case: no whitespace
            offset += 1
            return true
        }
        skipWhitespace()
        if offset < bytes.count && bytes[offset] == byte {
            offset += 1
            return true
        }
        return false
    }

    /// Consumes `byte` or fails with "expected ... , found ...".
    public mutating func expect(_ byte: UInt8, _ what: @autoclosure () -> String) throws(SourceError) {
        if !consume(byte) { throw unexpected(expected: what()) }
    }

    /// After an element of an array or object: true if a `,` follows, false if `close` does.
    @inlinable @inline(__always)
    public mutating func commaOrClose(_ close: UInt8, _ context: @autoclosure () -> String) throws(SourceError) -> Bool {
        skipWhitespace()
        if offset < bytes.count {
            let b = bytes[offset]
            if b == UInt8(ascii: ",") { offset += 1; return true }
            if b == close { offset += 1; return false }
        }
        throw unexpected(expected: "'\(Character(Unicode.Scalar(close)))' or ','" + context())
    }

    // MARK: Errors

    /// What is at the current position, for messages: `'}'`, `'tru'`, `the string "Featur"`,
    /// `end of file`.
    public func foundDescription() -> String {
        guard offset < bytes.count else { return "end of file" }
        let b = bytes[offset]
        if b == UInt8(ascii: "\"") {
            var end = offset + 1
            while end < bytes.count, end - offset <= 24, bytes[end] != UInt8(ascii: "\""), bytes[end] >= 0x20 { end += 1 }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(offset + 1)..<end]), as: UTF8.self)
            let closed = end < bytes.count && bytes[end] == UInt8(ascii: "\"")
            return "the string \"\(text)\(closed ? "\"" : "…")"
        }
        if isWordByte(b) {
            // A bare word (`tru`, `NaN`, `undefined`) reads better whole.
            var end = offset
            while end < bytes.count, end - offset < 16, isWordByte(bytes[end]) { end += 1 }
            return "'" + String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self) + "'"
        }
        if b == UInt8(ascii: "-") || b &- 0x30 < 10 {
            // A number, whole: `'42'` rather than `'4'`.
            var end = offset + 1
            while end < bytes.count, end - offset < 24, isNumberByte(bytes[end]) { end += 1 }
            return "'" + String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self) + "'"
        }
        if b == UInt8(ascii: "'") { return "\"'\" (JSON strings are in double quotes)" }
        if b == UInt8(ascii: "/") { return "'/' (JSON has no comments)" }
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { return "whitespace" }
        if b >= 0x80, let scalar = scalarAt(offset) { return "'\(Character(scalar))'" }
        return "byte 0x" + hex2(b)
    }

    private func isNumberByte(_ b: UInt8) -> Bool {
        b &- 0x30 < 10 || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
            || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
    }

    private func isWordByte(_ b: UInt8) -> Bool {
        (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z")
    }

    /// The Unicode scalar whose UTF-8 encoding starts at `position`, if it is valid.
    private func scalarAt(_ position: Int) -> Unicode.Scalar? {
        let length = utf8SequenceLength(bytes[position])
        guard length > 0, position + length <= bytes.count else { return nil }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + length)])
        return String(validating: slice, as: UTF8.self)?.unicodeScalars.first
    }

    /// An error at the current position saying what was expected and what was found there:
    /// "expected ']' or ',' in coordinates, found '}'".
    public func unexpected(expected: String) -> SourceError {
        error("expected \(expected), found \(foundDescription())")
    }

    /// An error at `position` (by default the current one), with its line and column.
    public func error(_ message: String, at position: Int? = nil) -> SourceError {
        let (line, column) = lineAndColumn(of: position ?? offset, in: bytes)
        return SourceError(line: line, column: column, message: message)
    }

    // MARK: Literals

    /// Reads `true`, `false` or `null` (the first byte has been peeked).
    public mutating func readLiteral() throws(SourceError) -> JSONValue {
        skipWhitespace()
        switch offset < bytes.count ? bytes[offset] : 0 {
        case UInt8(ascii: "n") where matches("null"):
            offset += 4
            return .null
        case UInt8(ascii: "t") where matches("true"):
            offset += 4
            return .bool(true)
        case UInt8(ascii: "f") where matches("false"):
            offset += 5
            return .bool(false)
        default:
            throw unexpected(expected: "a value")
        }
    }

    private func matches(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard offset + n <= bytes.count else { return false }
        let w = word.utf8Start
        for i in 0..<n where bytes[offset + i] != w[i] { return false }
        // A literal must not run on into letters ("nullx").
        return offset + n == bytes.count || !isWordByte(bytes[offset + n])
    }

    // MARK: Skipping

    /// Skips one value of any kind, checking its syntax, down to `maxDepth` levels.
    public mutating func skipValue(depth: Int = 0, maxDepth: Int) throws(SourceError) {
        guard let b = peek() else { throw unexpected(expected: "a value") }
        switch b {
        case UInt8(ascii: "{"):
            guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
            offset += 1
            if consume(UInt8(ascii: "}")) { return }
            repeat {
                guard peek() == UInt8(ascii: "\"") else { throw unexpected(expected: "a string key") }
                _ = try readString()
                try expect(UInt8(ascii: ":"), "':' after an object key")
                try skipValue(depth: depth + 1, maxDepth: maxDepth)
            } while try commaOrClose(UInt8(ascii: "}"), " after an object member")
        case UInt8(ascii: "["):
            guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
            offset += 1
            if consume(UInt8(ascii: "]")) { return }
            repeat {
                try skipValue(depth: depth + 1, maxDepth: maxDepth)
            } while try commaOrClose(UInt8(ascii: "]"), " after an array element")
        case UInt8(ascii: "\""): _ = try readString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try readNumber()
        default: _ = try readLiteral()
        }
    }
}

/// How many bytes the UTF-8 sequence starting with `lead` has (0 for a byte that cannot
/// start one).
@inline(__always)
func utf8SequenceLength(_ lead: UInt8) -> Int {
    switch lead {
    case 0x00...0x7F: 1
    case 0xC2...0xDF: 2
    case 0xE0...0xEF: 3
    case 0xF0...0xF4: 4
    default: 0
    }
}

private let hexDigits = Array("0123456789ABCDEF")

func hex2(_ v: UInt8) -> String {
    String([hexDigits[Int(v >> 4)], hexDigits[Int(v & 0xF)]])
}

func hex4(_ v: UInt16) -> String {
    hex2(UInt8(v >> 8)) + hex2(UInt8(v & 0xFF))
}
