extension JSONScanner {
    /// Reads a string (the opening quote is next, after whitespace), decoding every escape
    /// of RFC 8259, joining surrogate pairs, and rejecting invalid UTF-8, unpaired
    /// surrogates and raw control characters, each at its own position.
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
                    throw error("invalid UTF-8 in string", at: firstInvalidUTF8(from: start, to: offset - 1))
                }
                return s
            }
            if b == UInt8(ascii: "\\") { return try readEscapedString(from: start, quote: quote) }
            if b < 0x20 { throw controlCharacterError(b) }
            if b >= 0x80 { ascii = false }
            offset += 1
        }
        throw error("unterminated string", at: quote)
    }

    /// The slow path: a string with escapes is decoded into a buffer.
    private mutating func readEscapedString(from start: Int, quote: Int) throws(SourceError) -> String {
        var buffer: [UInt8] = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<offset]))
        while offset < bytes.count {
            let b = bytes[offset]
            if b == UInt8(ascii: "\"") {
                offset += 1
                // Escapes always decode to whole, valid sequences, so invalid UTF-8 can only
                // come from the raw bytes, where it is found for the message.
                guard let s = String(validating: buffer, as: UTF8.self) else {
                    throw error("invalid UTF-8 in string", at: firstInvalidUTF8(from: start, to: offset - 1))
                }
                return s
            }
            if b < 0x20 { throw controlCharacterError(b) }
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
            case UInt8(ascii: "u"): appendUTF8(try readUnicodeEscape(escapeStart), to: &buffer)
            default:
                offset = escapeStart
                throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in string; "
                    + "JSON escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX")
            }
        }
        throw error("unterminated string", at: quote)
    }

    /// The scalar of a `\uXXXX` escape (the `\u` is consumed), joining a surrogate pair.
    private mutating func readUnicodeEscape(_ escapeStart: Int) throws(SourceError) -> Unicode.Scalar {
        let unit = try readHex4(escapeStart)
        switch unit {
        case 0xD800..<0xDC00:
            guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                throw error("unpaired surrogate \\u\(hex4(unit)): a high surrogate must be followed by a \\u escape of a low one (DC00–DFFF)", at: escapeStart)
            }
            let lowStart = offset
            offset += 2
            let low = try readHex4(lowStart)
            guard low >= 0xDC00 && low < 0xE000 else {
                throw error("unpaired surrogate \\u\(hex4(unit)): it is followed by \\u\(hex4(low)), not a low surrogate (DC00–DFFF)", at: escapeStart)
            }
            return Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))!
        case 0xDC00..<0xE000:
            throw error("unpaired surrogate \\u\(hex4(unit)): a low surrogate must follow a high one", at: escapeStart)
        default:
            return Unicode.Scalar(unit)!
        }
    }

    private mutating func readHex4(_ escapeStart: Int) throws(SourceError) -> UInt16 {
        var v: UInt16 = 0
        for _ in 0..<4 {
            guard offset < bytes.count else { throw error("unterminated \\u escape", at: escapeStart) }
            let c = bytes[offset]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: throw unexpected(expected: "4 hex digits after \\u")
            }
            v = v << 4 | UInt16(d)
            offset += 1
        }
        return v
    }

    private func controlCharacterError(_ b: UInt8) -> SourceError {
        error("control character U+\(hex4(UInt16(b))) in string; write it as \\u\(hex4(UInt16(b)))"
            + (b == 0x0A ? " or \\n (or is a closing quote missing?)" : b == 0x09 ? " or \\t" : ""))
    }

    /// The offset of the first byte in `start..<end` that does not begin a valid UTF-8
    /// sequence (`end` if there is none).
    private func firstInvalidUTF8(from start: Int, to end: Int) -> Int {
        var i = start
        while i < end {
            let length = utf8SequenceLength(bytes[i])
            if length == 0 || i + length > end { return i }
            if length > 1,
               String(validating: UnsafeRawBufferPointer(rebasing: bytes[i..<(i + length)]), as: UTF8.self) == nil {
                return i
            }
            i += length
        }
        return end
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
