#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte-level JSON lexer over a buffer the caller keeps alive.
///
/// It is the one place that knows JSON's grammar for strings, numbers and literals. The
/// generic `JSONParser` builds `JSONValue` trees with it; the GeoJSON reader drives it
/// directly so that coordinates go straight into columnar storage without a tree in between.
/// Every error carries the byte offset where it happened; `error(_:)` turns that into
/// line:column.
public struct JSONScanner {
    public let bytes: UnsafeRawBufferPointer
    public var offset: Int

    public init(bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    public var isAtEnd: Bool { offset >= bytes.count }

    // MARK: Whitespace and punctuation

    @inline(__always)
    public mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    /// The next significant byte, after whitespace, or nil at the end of the input.
    @inline(__always)
    public mutating func peek() -> UInt8? {
        skipWhitespace()
        return offset < bytes.count ? bytes[offset] : nil
    }

    /// Consumes `byte` if it is next (after whitespace).
    @inline(__always)
    public mutating func consume(_ byte: UInt8) -> Bool {
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
    @inline(__always)
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

    /// What is at the current position, for messages: `'}'`, `"name"`, `end of file`.
    public func foundDescription() -> String {
        guard offset < bytes.count else { return "end of file" }
        let b = bytes[offset]
        if b == UInt8(ascii: "\"") { return "a string" }
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { return "whitespace" }
        return String(format0x: b)
    }

    public func unexpected(expected: String) -> SourceError {
        error("expected \(expected), found \(foundDescription())")
    }

    public func error(_ message: String, at position: Int? = nil) -> SourceError {
        let (line, column) = lineAndColumn(of: position ?? offset, in: bytes)
        return SourceError(line: line, column: column, message: message)
    }

    // MARK: Literals

    /// Reads `true`, `false` or `null` (the first byte has been peeked).
    public mutating func readLiteral() throws(SourceError) -> JSONValue {
        skipWhitespace()
        if matches("true") { offset += 4; return .bool(true) }
        if matches("false") { offset += 5; return .bool(false) }
        if matches("null") { offset += 4; return .null }
        throw unexpected(expected: "a value")
    }

    private func matches(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard offset + n <= bytes.count else { return false }
        let w = word.utf8Start
        for i in 0..<n where bytes[offset + i] != w[i] { return false }
        // A literal must not run on into letters ("nullx").
        if offset + n < bytes.count {
            let next = bytes[offset + n]
            if (next | 0x20) >= UInt8(ascii: "a") && (next | 0x20) <= UInt8(ascii: "z") { return false }
        }
        return true
    }

    // MARK: Numbers

    private static let exactPowersOfTen: [Double] = (0...22).map { p in
        var v = 1.0
        for _ in 0..<p { v *= 10 }
        return v
    }

    /// Reads a JSON number, giving exactly the Double that `strtod` gives for its text.
    ///
    /// Most coordinates have at most 17 significant digits and a small exponent; those are
    /// converted exactly with one multiplication or division (Clinger's fast path). Anything
    /// else goes to `strtod`.
    @inline(__always)
    public mutating func readNumber() throws(SourceError) -> Double {
        skipWhitespace()
        let start = offset
        var i = offset
        let count = bytes.count
        var negative = false
        if i < count && bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        guard i < count, bytes[i] &- 0x30 < 10 else {
            offset = i
            throw unexpected(expected: "a digit")
        }
        var mantissa: UInt64 = 0
        var digits = 0  // significant digits accumulated in mantissa
        var dropped = 0  // integer digits that did not fit
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < count, bytes[i] &- 0x30 < 10 {
                offset = i
                throw error("numbers must not have leading zeros")
            }
        } else {
            while i < count {
                let d = bytes[i] &- 0x30
                if d >= 10 { break }
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    if mantissa != 0 { digits += 1 }
                } else {
                    dropped += 1
                }
                i += 1
            }
        }
        var exponent = dropped
        if i < count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < count {
                let d = bytes[i] &- 0x30
                if d >= 10 { break }
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                } else {
                    dropped += 1
                }
                i += 1
            }
            if i == fractionStart {
                offset = i
                throw unexpected(expected: "a digit after the decimal point")
            }
        }
        if i < count && (bytes[i] | 0x20) == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < count, bytes[i] &- 0x30 < 10 else {
                offset = i
                throw unexpected(expected: "a digit in the exponent")
            }
            var e = 0
            while i < count {
                let d = bytes[i] &- 0x30
                if d >= 10 { break }
                if e < 100_000 { e = e * 10 + Int(d) }
                i += 1
            }
            exponent += expNegative ? -e : e
        }
        offset = i
        if digits + dropped <= 19 && dropped == 0 && mantissa <= (1 << 53) {
            if exponent == 0 {
                let v = Double(mantissa)
                return negative ? -v : v
            }
            if exponent > 0 && exponent <= 22 {
                let v = Double(mantissa) * Self.exactPowersOfTen[exponent]
                return negative ? -v : v
            }
            if exponent < 0 && exponent >= -22 {
                let v = Double(mantissa) / Self.exactPowersOfTen[-exponent]
                return negative ? -v : v
            }
        }
        return slowNumber(from: start, to: i)
    }

    private func slowNumber(from start: Int, to end: Int) -> Double {
        let length = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for k in 0..<length { buffer[k] = CChar(bitPattern: bytes[start + k]) }
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }

    // MARK: Strings

    /// Reads a string (the opening quote is next, after whitespace).
    public mutating func readString() throws(SourceError) -> String {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
            throw unexpected(expected: "a string")
        }
        let quote = offset
        offset += 1
        let start = offset
        var ascii = true
        while offset < bytes.count {
            let b = bytes[offset]
            if b == UInt8(ascii: "\"") {
                let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<offset])
                offset += 1
                if ascii { return String(decoding: slice, as: UTF8.self) }
                guard let s = String(validating: slice, as: UTF8.self) else {
                    throw error("invalid UTF-8 in string", at: firstInvalidUTF8(in: slice, base: start))
                }
                return s
            }
            if b == UInt8(ascii: "\\") { return try readEscapedString(from: start, quote: quote) }
            if b < 0x20 { throw error("control character U+\(hex4(UInt16(b))) in string; escape it") }
            if b >= 0x80 { ascii = false }
            offset += 1
        }
        throw error("unterminated string", at: quote)
    }

    /// The slow path: a string with escapes is copied into a buffer and decoded.
    private mutating func readEscapedString(from start: Int, quote: Int) throws(SourceError) -> String {
        var buffer: [UInt8] = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<offset]))
        while offset < bytes.count {
            let b = bytes[offset]
            if b == UInt8(ascii: "\"") {
                offset += 1
                guard let s = String(validating: buffer, as: UTF8.self) else {
                    throw error("invalid UTF-8 in string", at: start)
                }
                return s
            }
            if b < 0x20 { throw error("control character U+\(hex4(UInt16(b))) in string; escape it") }
            if b != UInt8(ascii: "\\") {
                buffer.append(b)
                offset += 1
                continue
            }
            let escapeStart = offset
            offset += 1
            guard offset < bytes.count else { break }
            let e = bytes[offset]
            offset += 1
            switch e {
            case UInt8(ascii: "\""): buffer.append(0x22)
            case UInt8(ascii: "\\"): buffer.append(0x5C)
            case UInt8(ascii: "/"): buffer.append(0x2F)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = UInt32(try readHex4(escapeStart))
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
                          bytes[offset + 1] == UInt8(ascii: "u")
                    else { throw error("unpaired surrogate \\u\(hex4(UInt16(scalar)))", at: escapeStart) }
                    offset += 2
                    let low = UInt32(try readHex4(escapeStart))
                    guard low >= 0xDC00 && low < 0xE000 else {
                        throw error("unpaired surrogate \\u\(hex4(UInt16(scalar)))", at: escapeStart)
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw error("unpaired surrogate \\u\(hex4(UInt16(scalar)))", at: escapeStart)
                }
                appendUTF8(Unicode.Scalar(scalar)!, to: &buffer)
            default:
                throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in string", at: escapeStart)
            }
        }
        throw error("unterminated string", at: quote)
    }

    private mutating func readHex4(_ escapeStart: Int) throws(SourceError) -> UInt16 {
        guard offset + 4 <= bytes.count else { throw error("incomplete \\u escape", at: escapeStart) }
        var v: UInt16 = 0
        for _ in 0..<4 {
            let c = bytes[offset]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: throw error("invalid \\u escape: expected 4 hex digits", at: escapeStart)
            }
            v = v << 4 | UInt16(d)
            offset += 1
        }
        return v
    }

    private func firstInvalidUTF8(in slice: UnsafeRawBufferPointer, base: Int) -> Int {
        var i = 0
        while i < slice.count {
            let b = slice[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return base + i
            }
            if i + length > slice.count { return base + i }
            if length > 1,
               String(validating: UnsafeRawBufferPointer(rebasing: slice[i..<i + length]), as: UTF8.self) == nil {
                return base + i
            }
            i += length
        }
        return base
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
                _ = try readString()
                try expect(UInt8(ascii: ":"), "':' after an object key")
                try skipValue(depth: depth + 1, maxDepth: maxDepth)
            } while try commaOrClose(UInt8(ascii: "}"), " in object")
        case UInt8(ascii: "["):
            guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
            offset += 1
            if consume(UInt8(ascii: "]")) { return }
            repeat {
                try skipValue(depth: depth + 1, maxDepth: maxDepth)
            } while try commaOrClose(UInt8(ascii: "]"), " in array")
        case UInt8(ascii: "\""): _ = try readString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try readNumber()
        default: _ = try readLiteral()
        }
    }
}

func appendUTF8(_ scalar: Unicode.Scalar, to buffer: inout [UInt8]) {
    let v = scalar.value
    switch v {
    case 0..<0x80: buffer.append(UInt8(v))
    case 0x80..<0x800:
        buffer.append(UInt8(0xC0 | (v >> 6)))
        buffer.append(UInt8(0x80 | (v & 0x3F)))
    case 0x800..<0x10000:
        buffer.append(UInt8(0xE0 | (v >> 12)))
        buffer.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        buffer.append(UInt8(0x80 | (v & 0x3F)))
    default:
        buffer.append(UInt8(0xF0 | (v >> 18)))
        buffer.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        buffer.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        buffer.append(UInt8(0x80 | (v & 0x3F)))
    }
}

func hex4(_ v: UInt16) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(v >> 12 & 0xF)], digits[Int(v >> 8 & 0xF)], digits[Int(v >> 4 & 0xF)], digits[Int(v & 0xF)]])
}

private extension String {
    init(format0x byte: UInt8) {
        let digits = Array("0123456789ABCDEF")
        self = "byte 0x" + String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
