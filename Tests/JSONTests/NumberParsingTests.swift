import Foundation
import Testing
@testable import JSON
// SeededGenerator, for every file of these tests.
@_exported import TestSupport

/// Numbers must parse to exactly the Double that `strtod` gives, on every path: Clinger's
/// fast path, Eisel–Lemire, and the `strtod` fallback for long mantissas.
@Suite("JSON numbers")
struct NumberParsingTests {
    /// Reads the number that is all of `text`, followed in the buffer by `after` (the
    /// digits are read eight bytes at a time when the buffer has eight more bytes, one at a
    /// time near its end; both ways are checked).
    static func parse(_ text: String, followedBy after: String = "") throws(SourceError) -> Double {
        let bytes = Array((text + after).utf8)
        return try withUnsafeBytes(of: bytes) { (buffer) throws(SourceError) in
            var scanner = JSONScanner(bytes: buffer)
            let value = try scanner.readNumber()
            guard scanner.offset == text.utf8.count else { throw scanner.unexpected(expected: "end of the number") }
            return value
        }
    }

    static func expectSameAsStrtod(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = strtod(text, nil)
        for after in ["", ",12345678]"] {
            let parsed = try parse(text, followedBy: after)
            #expect(parsed.bitPattern == expected.bitPattern, "\(text): \(parsed) != strtod \(expected)", sourceLocation: sourceLocation)
        }
    }

    /// Ties, subnormals, the edges of the exponent range, and mantissas around 2^53 and 2^64.
    @Test(arguments: [
        "9007199254740992", "9007199254740993", "9007199254740995", "18014398509481985", "18014398509481987",
        "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
        "1e23", "8.98846567431158e307", "1.7976931348623157e308", "1.7976931348623158e308",
        "1.7976931348623159e308", "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308",
        "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-324", "3e-324",
        "7.2057594037927933e16", "0.1", "0.2", "0.3", "-0", "-0.0", "0e10", "0.000000000000000000000000001",
        "1.00000000000000011102230246251565404236316680908203125", "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126", "100000000000000000000000000000000000000000e-20",
        "-57.840002473401341", "-34.47999900541754", "114.0234567891234", "33.571234567890123456789",
        "1e-342", "1e-343", "1e308", "1e309", "9999999999999999999e-361", "9999999999999999999e290",
        "1234567890123456789e-5", "0.1234567890123456789", "123456789012345678.9", "5e-324", "2.5e-324",
    ])
    func hardCasesMatchStrtod(_ text: String) throws {
        try Self.expectSameAsStrtod(text)
    }

    /// Mantissas of 1 to 19 digits (the Clinger and Eisel–Lemire paths) with exponents over
    /// the whole range of Double and beyond.
    @Test func randomDecimalsMatchStrtod() throws {
        var rng = SeededGenerator(seed: 20_240_601)
        for _ in 0..<50_000 {
            let digits = Int.random(in: 1...19, using: &rng)
            var mantissa = String(Int.random(in: 1...9, using: &rng))
            for _ in 1..<digits { mantissa += String(Int.random(in: 0...9, using: &rng)) }
            let exponent = Int.random(in: -360...330, using: &rng)
            let point = Int.random(in: 0...digits, using: &rng)
            var text = point == 0 ? "0." + mantissa : String(mantissa.prefix(point))
            if point > 0 && point < digits { text += "." + mantissa.dropFirst(point) }
            if Bool.random(using: &rng) { text = "-" + text }
            try Self.expectSameAsStrtod(text + "e\(exponent)")
        }
    }

    /// Every Double written in its shortest form and with 17 digits reads back as itself.
    @Test func randomDoublesRoundTrip() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<30_000 {
            let value = Double(bitPattern: rng.next() & ~(0x7FF << 52) | (UInt64.random(in: 0..<0x7FF, using: &rng) << 52))
            #expect(try Self.parse(value.description) == value, "\(value)")
            try Self.expectSameAsStrtod(String(format: "%.17g", value))
            try Self.expectSameAsStrtod(formatJSONNumber(value))
        }
    }

    /// Coordinates as files write them: 6 to 17 significant digits, degrees or metres.
    @Test func randomCoordinatesMatchStrtod() throws {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<30_000 {
            let value = Double.random(in: -180...180, using: &rng) * (Bool.random(using: &rng) ? 1 : 30_000)
            try Self.expectSameAsStrtod(String(format: "%.\(Int.random(in: 0...16, using: &rng))f", value))
        }
    }

    @Test(arguments: [
        ("-", "expected a digit after '-', found end of file"), ("-x", "expected a digit after '-', found 'x'"),
        ("+1", "expected a number, found '+'"), (".5", "expected a number, found '.'"),
        ("1.", "expected a digit after the decimal point"), ("1e", "expected a digit in the exponent"),
        ("1e+", "expected a digit in the exponent"), ("01", "leading zeros"), ("NaN", "expected a number, found 'NaN'"),
    ])
    func malformedNumbersAreRejected(_ text: String, _ message: String) {
        do {
            let value = try Self.parse(text)
            Issue.record("\(text) parsed as \(value)")
        } catch {
            #expect(error.message.contains(message), "\(error)")
        }
    }
}
