import JSON

/// How to read a text file's bytes: `automatic` takes UTF-8 (with or without a byte order
/// mark), UTF-16 with a byte order mark (Excel's "Unicode text"), and otherwise GB18030,
/// which is what Excel's "CSV" gives on Chinese Windows (GBK, of which GB18030 is a
/// superset); or an encoding named by the person (anything iconv knows: UTF-8, GB18030,
/// GBK, Big5, UTF-16LE, ...).
public enum TextEncoding: Sendable, Equatable, CustomStringConvertible {
    /// UTF-8, UTF-16 with a byte order mark, else GB18030.
    case automatic
    /// An encoding iconv knows, by the name the person gave.
    case named(String)

    /// The names offered in messages.
    public static let usualNames = "UTF-8, GB18030, GBK, Big5, UTF-16"

    /// Fails with a message for a name iconv does not know.
    public init(name: String) throws(UnknownEncodingError) {
        let trimmed = name.trimmingSpaces()
        if trimmed.lowercased() == "auto" || trimmed.lowercased() == "automatic" {
            self = .automatic
            return
        }
        guard IConv.isKnown(trimmed) else {
            throw UnknownEncodingError(description: "unknown encoding \"\(trimmed)\"; use one of \(Self.usualNames) or another name iconv knows (iconv -l)")
        }
        self = .named(trimmed)
    }

    /// "automatic", or the name given.
    public var description: String {
        switch self {
        case .automatic: "automatic"
        case .named(let name): name
        }
    }

    var isUTF8: Bool {
        if case .named(let name) = self { return ["utf-8", "utf8"].contains(name.lowercased()) }
        return false
    }
}

/// An encoding name iconv does not know.
public struct UnknownEncodingError: Error, Sendable, CustomStringConvertible {
    /// The message, with the usual names to choose from.
    public var description: String
}

/// The bytes to parse (UTF-8) and what was done to get them.
struct DecodedText {
    var utf8: [UInt8]?
    /// Set when the encoding was guessed rather than declared, for a notice.
    var guessed: String?
}

enum TextDecoder {
    /// UTF-8 bytes of the text, or nil when `bytes` may be parsed as they are (UTF-8, or not
    /// UTF-8 and not anything else either, so that the UTF-8 parser reports where).
    static func decode(_ bytes: UnsafeRawBufferPointer, _ encoding: TextEncoding) throws(SourceError) -> DecodedText {
        switch encoding {
        case .named(let name) where !encoding.isUTF8:
            return DecodedText(utf8: try convert(bytes, from: name), guessed: nil)
        case .named:
            return DecodedText(utf8: nil, guessed: nil)
        case .automatic:
            if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
                // iconv's "UTF-16" reads the byte order mark and drops it.
                return DecodedText(utf8: try convert(bytes, from: "UTF-16"), guessed: nil)
            }
            if let order = utf16ByteOrderWithoutMark(bytes) {
                throw SourceError(line: 1, column: 1, message: "the file looks like UTF-16 without a byte order mark; name its encoding, \(order)",
                                  setting: .textEncoding)
            }
            if isUTF8(bytes) { return DecodedText(utf8: nil, guessed: nil) }
            if let converted = try? IConv.utf8(from: bytes, encoding: "GB18030") {
                return DecodedText(utf8: converted, guessed: "GB18030")
            }
            return DecodedText(utf8: nil, guessed: nil)
        }
    }

    /// "UTF-16LE" or "UTF-16BE" when the first line's ASCII characters come with NUL bytes
    /// after or before them (no CSV text has NULs); nil otherwise.
    static func utf16ByteOrderWithoutMark(_ bytes: UnsafeRawBufferPointer) -> String? {
        let n = min(bytes.count, 256) & ~1
        guard n >= 4 else { return nil }
        var evenNULs = 0, oddNULs = 0
        for i in stride(from: 0, to: n, by: 2) {
            if bytes[i] == 0 { evenNULs += 1 }
            if bytes[i + 1] == 0 { oddNULs += 1 }
        }
        let pairs = n / 2
        if oddNULs * 2 > pairs && evenNULs == 0 { return "UTF-16LE" }
        if evenNULs * 2 > pairs && oddNULs == 0 { return "UTF-16BE" }
        return nil
    }

    static func isUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        String(validating: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self) != nil
    }

    private static func convert(_ bytes: UnsafeRawBufferPointer, from name: String) throws(SourceError) -> [UInt8] {
        let converted: [UInt8], offset: Int
        do throws(IConv.Failure) {
            return try IConv.utf8(from: bytes, encoding: name)
        } catch {
            guard case .invalid(let c, let o) = error else {
                throw SourceError(line: 1, column: 1, message: "unknown encoding \"\(name)\"; use one of \(TextEncoding.usualNames)")
            }
            (converted, offset) = (c, o)
        }
        // Lines and columns (characters) of the good part are those of the file.
        var line = 1, column = 1
        for b in converted {
            if b == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }
        let byte = offset < bytes.count ? " (byte 0x\(String(bytes[offset], radix: 16, uppercase: true)))" : " (the file ends inside a character)"
        throw SourceError(line: line, column: column, message: "not valid \(name) text\(byte); name the file's encoding or save it as UTF-8 CSV",
                          setting: .textEncoding)
    }
}
