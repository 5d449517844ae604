import Testing
@testable import JSON

@Suite("JSON strings")
struct StringScanningTests {
    static func parse(_ bytes: [UInt8]) throws(SourceError) -> String {
        try withUnsafeBytes(of: bytes) { (buffer) throws(SourceError) in
            var scanner = JSONScanner(bytes: buffer)
            return try scanner.readString()
        }
    }

    static func parse(_ text: String) throws(SourceError) -> String { try parse(Array(text.utf8)) }

    @Test(arguments: [
        (#""plain""#, "plain"), (#""""#, ""), (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{08}\u{0C}\n\r\t"),
        (#""\u0000\u001f\u007F""#, "\u{00}\u{1F}\u{7F}"), (#""\u00e9\u00E9""#, "éé"), (#""\u6E90\u6c47""#, "源汇"),
        (#""\uD83D\uDE00 \ud834\udd1e""#, "😀 𝄞"), (#""\uDBFF\uDFFF""#, "\u{10FFFF}"), (#""源汇区""#, "源汇区"),
        (#""a\u0062c""#, "abc"), (#""é\n源""#, "é\n源"), (#""\uFFFF""#, "\u{FFFF}"),
    ])
    func decodesEveryEscape(_ text: String, _ expected: String) throws {
        #expect(try Self.parse(text) == expected)
    }

    /// Every scalar, written raw or as an escape (a surrogate pair above U+FFFF), reads back.
    @Test func everyScalarRoundTrips() throws {
        var escaped = "\""
        var raw = "\""
        var expected = ""
        for v in stride(from: 0, through: 0x10FFFF, by: 13) {
            guard let scalar = Unicode.Scalar(v) else { continue }
            expected.unicodeScalars.append(scalar)
            if v < 0x10000 {
                escaped += "\\u" + hex4(UInt16(v))
            } else {
                let u = v - 0x10000
                escaped += "\\u" + hex4(UInt16(0xD800 + (u >> 10))) + "\\u" + hex4(UInt16(0xDC00 + (u & 0x3FF)))
            }
            var written = ""
            JSONWriter.writeString(String(scalar), into: &written)
            raw.unicodeScalars.append(contentsOf: written.unicodeScalars.dropFirst().dropLast())
        }
        // Compared scalar by scalar: String's == would accept canonically equivalent text.
        #expect(try Array(Self.parse(escaped + "\"").unicodeScalars) == Array(expected.unicodeScalars))
        #expect(try Array(Self.parse(raw + "\"").unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test(arguments: [
        ([0x22, 0x61, 0xC3, 0x28, 0x22], 3),  // a lead byte without its continuation
        ([0x22, 0x80, 0x22], 2),  // a lone continuation byte
        ([0x22, 0xC0, 0xAF, 0x22], 2),  // an overlong '/'
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 2),  // a surrogate encoded in UTF-8
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 2),  // above U+10FFFF
        ([0x22, 0x61, 0x5C, 0x6E, 0xE6, 0xBA, 0x22], 5),  // a truncated 源, after an escape
        ([0x22, 0xFF, 0x22], 2),
    ] as [([UInt8], Int)])
    func rejectsInvalidUTF8AtTheByte(_ bytes: [UInt8], _ column: Int) {
        do {
            let s = try Self.parse(bytes)
            Issue.record("accepted \(bytes) as \(s)")
        } catch {
            #expect(error.message == "invalid UTF-8 in string")
            #expect(error.line == 1 && error.column == column, "\(error)")
        }
    }

    @Test(arguments: [
        (#""\ud800""#, 2, "unpaired surrogate \\uD800: a high surrogate must be followed"),
        (#""\ud800\u0041""#, 2, "followed by \\u0041, not a low surrogate"),
        (#""\udc00""#, 2, "a low surrogate must follow a high one"),
        (#""\u12""#, 6, "expected 4 hex digits after \\u, found the string"),
        (#""\u12G4""#, 6, "expected 4 hex digits after \\u, found 'G'"),
        (#""\x41""#, 2, "invalid escape '\\x'"),
        ("\"a\nb\"", 3, "control character U+000A in string; write it as \\u000A or \\n"),
        (#""abc"#, 1, "unterminated string"),
        (#""abc\"#, 1, "unterminated string"),
        (#""\u00"#, 2, "unterminated \\u escape"),
    ])
    func rejectsBadEscapesAtTheirPlace(_ text: String, _ column: Int, _ message: String) {
        do {
            let s = try Self.parse(text)
            Issue.record("accepted \(text) as \(s)")
        } catch {
            #expect(error.message.contains(message), "\(error)")
            #expect(error.column == column, "\(error)")
        }
    }

    @Test(arguments: [
        ("[1, tru]", "expected a value, found 'tru'"),
        ("[1 \"x\"]", "expected ']' or ',' after an array element, found the string \"x\""),
        ("[1 源]", "found '源'"),
        ("[1 \u{1}]", "found byte 0x01"),
        ("{\"a\": 1,}", "expected a string key, found '}'"),
    ])
    func messagesSayWhatWasFound(_ text: String, _ message: String) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.message.contains(message), "\(error)")
        }
    }
}
