import Geometry
import JSON
import Testing
@testable import Style

/// The operators that only MapLibre's external expression suite covered: number-format,
/// collator comparisons, slice, index-of, at, interpolate-hcl and -lab, to-color. Expected
/// values are MapLibre's (its expression tests), except where docs/CONFORMANCE.md says why
/// Cartouche differs.
@Suite("Expression operators")
struct OperatorTests {
    func evaluate(_ expression: String, _ properties: String = "{}") throws -> Value {
        let e = try ParsingContext.compile(JSONParser.parse(expression), expected: nil)
        let doc = try GeoJSONReader.read(string: #"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}, "properties": \#(properties)}"#)
        return try e.evaluate(EvaluationContext(zoom: 0, feature: FeatureReference(FeatureProperties(doc.table), row: 0)))
    }

    func error(_ expression: String, _ properties: String = "{}") -> String? {
        do {
            _ = try evaluate(expression, properties)
            return nil
        } catch let e as EvaluationError {
            return e.message
        } catch {
            return "\(error)"
        }
    }

    func color(_ value: Value) -> [Double]? {
        guard case .color(let c) = value else { return nil }
        return [c.r, c.g, c.b, c.a]
    }

    @Test func numberFormatGroupsAndRoundsAsTheLocaleSays() throws {
        #expect(try evaluate(#"["number-format", 123456.789, {}]"#) == .string("123,456.789"))
        let precision = #"["number-format", 987654321.234567, {"locale": "en-US", "min-fraction-digits": ["get", "min"], "max-fraction-digits": ["get", "max"]}]"#
        #expect(try evaluate(precision, #"{"min": 2, "max": 4}"#) == .string("987,654,321.2346"))
        guard case .string(let money) = try evaluate(#"["number-format", 1234.5, {"currency": "CNY", "locale": "en-US"}]"#) else {
            Issue.record("a currency format is a string")
            return
        }
        #expect(money.contains("1,234.50"), "\(money)")
    }

    @Test func collatorsIgnoreCaseOrAccentsAsAsked() throws {
        let base = #"["==", ["string", ["get", "lhs"]], ["get", "rhs"], ["collator", {"case-sensitive": false, "diacritic-sensitive": false, "locale": "en"}]]"#
        #expect(try evaluate(base, #"{"lhs": "a", "rhs": "ä"}"#) == .bool(true))
        #expect(try evaluate(base, #"{"lhs": "a", "rhs": "A"}"#) == .bool(true))
        #expect(try evaluate(base, #"{"lhs": "b", "rhs": "ä"}"#) == .bool(false))
        let accentLess = #"["<", ["string", ["get", "lhs"]], ["get", "rhs"], ["collator", {"case-sensitive": true, "diacritic-sensitive": false, "locale": "en"}]]"#
        #expect(try evaluate(accentLess, #"{"lhs": "a", "rhs": "ä"}"#) == .bool(false))
        #expect(try evaluate(accentLess, #"{"lhs": "a", "rhs": "A"}"#) == .bool(true))
        #expect(try evaluate(accentLess, #"{"lhs": "ä", "rhs": "b"}"#) == .bool(true))
        let caseLess = #"["<=", ["string", ["get", "lhs"]], ["get", "rhs"], ["collator", {"case-sensitive": false, "diacritic-sensitive": true, "locale": "en"}]]"#
        #expect(try evaluate(caseLess, #"{"lhs": "ä", "rhs": "a"}"#) == .bool(false))
        #expect(try evaluate(caseLess, #"{"lhs": "A", "rhs": "a"}"#) == .bool(true))
    }

    @Test func sliceTakesFromTheEndWithNegativeIndices() throws {
        let array = #"["slice", ["array", ["get", "val"]], ["get", "i1"], ["get", "i2"]]"#
        let five = #""val": [1, 2, 3, 4, 5]"#
        #expect(try evaluate(array, "{\(five), \"i1\": 2, \"i2\": 4}") == .array([.number(3), .number(4)]))
        #expect(try evaluate(array, "{\(five), \"i1\": 1, \"i2\": 99}") == .array([2, 3, 4, 5].map { .number($0) }))
        #expect(try evaluate(array, "{\(five), \"i1\": -4, \"i2\": -2}") == .array([.number(2), .number(3)]))
        let string = #"["slice", ["get", "val"], ["get", "index"]]"#
        #expect(try evaluate(string, #"{"val": "0123456789", "index": 4}"#) == .string("456789"))
        #expect(try evaluate(string, #"{"val": "0123456789", "index": 99}"#) == .string(""))
        #expect(try evaluate(string, #"{"val": "0123456789", "index": -2}"#) == .string("89"))
        #expect(try evaluate(string, #"{"val": "源汇区漯河", "index": 3}"#) == .string("漯河"))
        #expect(error(#"["slice", ["get", "input"], 1]"#, #"{"input": 12}"#)
                == "Expected first argument to be of type array or string, but found number instead.")
    }

    @Test func indexOfFindsFromAnIndexAndRefusesOtherHaystacks() throws {
        let e = #"["index-of", ["get", "needle"], ["get", "hay"], ["get", "i"]]"#
        #expect(try evaluate(e, #"{"needle": "low", "hay": "helloworldlow", "i": 4}"#) == .number(10))
        #expect(try evaluate(e, #"{"needle": "foo", "hay": "helloworld", "i": 0}"#) == .number(-1))
        #expect(try evaluate(e, #"{"needle": 3, "hay": [1, 2, 3, 4, 3], "i": 3}"#) == .number(4))
        #expect(try evaluate(#"["index-of", "河", "源汇区漯河"]"#) == .number(4))
        #expect(error(#"["index-of", "foo", ["get", "hay"]]"#, #"{"hay": 123}"#)
                == "Expected second argument to be of type array or string, but found number instead.")
    }

    @Test func atReadsAnElementAndRefusesOutOfRange() throws {
        #expect(try evaluate(#"["at", 1, ["literal", [1, 2, 3]]]"#) == .number(2))
        #expect(try evaluate(#"["at", 0, ["array", ["get", "names"]]]"#, #"{"names": ["沙河", "澧河"]}"#) == .string("沙河"))
        #expect(error(#"["at", 3, ["literal", [1, 2, 3]]]"#) != nil)
        #expect(error(#"["at", 1.5, ["literal", [1, 2, 3]]]"#) != nil)
    }

    @Test func toColorTakesTheFirstThatParses() throws {
        let e = #"["to-color", ["get", "x"], ["get", "y"]]"#
        #expect(color(try evaluate(e, ##"{"x": "red", "y": "#000000"}"##)) == [1, 0, 0, 1])
        #expect(color(try evaluate(e, ##"{"x": "invalid", "y": "#000000"}"##)) == [0, 0, 0, 1])
        #expect(color(try evaluate(e, ##"{"x": [0, 255, 0], "y": "#000000"}"##)) == [0, 1, 0, 1])
        #expect(error(#"["to-color", ["get", "x"]]"#, #"{"x": "invalid"}"#) == "Could not parse color from value 'invalid'")
    }

    @Test func labAndHCLInterpolationKeepTheEndsAndDifferFromRGBBetween() throws {
        for space in ["interpolate-lab", "interpolate-hcl"] {
            let e = #"["\#(space)", ["linear"], ["get", "x"], 1, "red", 11, "blue"]"#
            let start = try #require(color(try evaluate(e, #"{"x": 0}"#)))
            let end = try #require(color(try evaluate(e, #"{"x": 11}"#)))
            #expect(zip(start, [1.0, 0, 0, 1]).allSatisfy { abs($0 - $1) < 1e-6 }, "\(space) \(start)")
            #expect(zip(end, [0.0, 0, 1, 1]).allSatisfy { abs($0 - $1) < 1e-6 }, "\(space) \(end)")
            // Halfway, perceptual interpolation is brighter than RGB's (0.5, 0, 0.5).
            let middle = try #require(color(try evaluate(e, #"{"x": 6}"#)))
            #expect(middle[0] + middle[1] + middle[2] > 1.05, "\(space) \(middle)")
        }
    }
}
