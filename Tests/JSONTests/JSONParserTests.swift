import Foundation
import Testing
@testable import JSON

@Suite("JSON parser")
struct JSONParserTests {
    @Test func parsesNestedValues() throws {
        let v = try JSONParser.parse(#"{"a": [1, 2.5, -3e2, true, false, null], "b": {"c": "d"}, "e": ""}"#)
        #expect(v["a"] == [1, 2.5, -300, true, false, nil])
        #expect(v["b"]?["c"] == "d")
        #expect(v["e"] == "")
        #expect(v.objectValue?.keys == ["a", "b", "e"])
    }

    @Test(arguments: [
        "0", "-0", "0.1", "0.30000000000000004", "1e-7", "123456789012345678901234567890", "2.2250738585072014e-308",
        "1.7976931348623157e308", "5e-324", "4.9406564584124654e-324", "9007199254740993", "114.0234567891234",
        "33.5712345678901234567", "1E+2", "1e400", "-1e-400", "0.000001234", "12345678901234567e-10",
    ])
    func numbersMatchStrtod(_ text: String) throws {
        let parsed = try JSONParser.parse(text)
        let expected = strtod(text, nil)
        #expect(parsed.numberValue?.bitPattern == expected.bitPattern, "\(text)")
    }

    @Test func randomDecimalsMatchStrtod() throws {
        var rng = SeededGenerator(seed: 1)
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...20, using: &rng)
            var s = Bool.random(using: &rng) ? "-" : ""
            s += String(Int.random(in: 1...9, using: &rng))
            for _ in 0..<digits { s += String(Int.random(in: 0...9, using: &rng)) }
            let point = Int.random(in: 1...s.count, using: &rng)
            if point < s.count, s[s.index(s.startIndex, offsetBy: point - 1)] != "-" {
                s.insert(".", at: s.index(s.startIndex, offsetBy: point))
            }
            if Bool.random(using: &rng) { s += "e\(Int.random(in: -30...30, using: &rng))" }
            let parsed = try JSONParser.parse(s).numberValue!
            #expect(parsed.bitPattern == strtod(s, nil).bitPattern, "\(s)")
        }
    }

    @Test func stringsDecodeEveryEscape() throws {
        let v = try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\u6E90\ud83d\ude00""#)
        #expect(v == .string("a\"b\\c/d\u{08}\u{0C}\n\r\té源😀"))
        #expect(try JSONParser.parse("\"源汇区\"") == "源汇区")
    }

    @Test(arguments: [
        (#"{"a": [1, 2}"#, 1, 12, "expected ']' or ','"),
        ("{\n  \"a\": tru\n}", 2, 8, "expected a value"),
        (#"{"a" 1}"#, 1, 6, "expected ':'"),
        (#"[1, 2"#, 1, 6, "found end of file"),
        (#""abc"#, 1, 1, "unterminated string"),
        (#""a\x""#, 1, 3, "invalid escape"),
        (#""\ud800""#, 1, 2, "unpaired surrogate"),
        (#"[01]"#, 1, 3, "leading zeros"),
        (#"[1.]"#, 1, 4, "digit after the decimal point"),
        (#"{"a": 1} x"#, 1, 10, "end of file"),
        ("\"a\tb\"", 1, 3, "control character"),
        ("{\"名\": [1,,2]}", 1, 10, "expected a value"),
    ])
    func syntaxErrorsNameThePlace(_ text: String, _ line: Int, _ column: Int, _ message: String) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.column == column, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = Array("[\"ab".utf8) + [0xC3, 0x28] + Array("\"]".utf8)
        #expect(throws: SourceError.self) { try JSONParser.parse(bytes) }
    }

    @Test func limitsNesting() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        do {
            _ = try JSONParser.parse(deep)
            Issue.record("no error")
        } catch {
            #expect(error.message.contains("nesting deeper than"))
        }
    }

    @Test func skipsByteOrderMark() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == [1])
    }
}

@Suite("JSON writer")
struct JSONWriterTests {
    @Test(arguments: [
        (1.0, "1"), (0.1, "0.1"), (1e21, "1e+21"), (1e-7, "1e-7"), (123.456, "123.456"), (-0.0005, "-0.0005"),
        (1.5e300, "1.5e+300"), (2.5e-300, "2.5e-300"), (100, "100"), (1e20, "100000000000000000000"),
        (0.000001, "0.000001"), (114.02, "114.02"),
    ])
    func formatsNumbersLikeJavaScript(_ n: Double, _ text: String) {
        #expect(formatJSONNumber(n) == text)
    }

    @Test func roundTrips() throws {
        let text = #"{"name":"源汇区","n":[1,2.5,-3,1e-7],"o":{"x":null,"t":true},"s":"a\"b\n"}"#
        let v = try JSONParser.parse(text)
        #expect(JSONWriter().string(v) == text)
        #expect(try JSONParser.parse(JSONWriter(indent: 2).string(v)) == v)
    }

    @Test func pointersEscapeTokens() {
        #expect((JSONPointer.root / "layers" / 3 / "paint" / "a/b~c").description == "/layers/3/paint/a~1b~0c")
    }
}
