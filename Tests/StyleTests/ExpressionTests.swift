import Geometry
import JSON
import Testing
@testable import Style

@Suite("Expressions")
struct ExpressionTests {
    /// Evaluates `expression` for one feature with `properties` at `zoom`.
    func evaluate(_ expression: String, _ properties: String = "{}", zoom: Double = 0, expected: ExpressionType? = nil) throws -> Value {
        let e = try ParsingContext.compile(JSONParser.parse(expression), expected: expected)
        let doc = try GeoJSONReader.read(string: #"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}, "properties": \#(properties)}"#)
        let ctx = EvaluationContext(zoom: zoom, feature: FeatureReference(FeatureProperties(doc.table), row: 0))
        return try e.evaluate(ctx)
    }

    @Test func getMatchAndCase() throws {
        let m = #"["match", ["get", "kind"], "town", 15, ["village", "hamlet"], 11, 9]"#
        #expect(try evaluate(m, #"{"kind": "town"}"#) == .number(15))
        #expect(try evaluate(m, #"{"kind": "hamlet"}"#) == .number(11))
        #expect(try evaluate(m, #"{"kind": 3}"#) == .number(9))
        #expect(try evaluate(m) == .number(9))
        let c = #"["case", ["!", ["has", "pop"]], "none", [">", ["get", "pop"], 2000], "big", "small"]"#
        #expect(try evaluate(c, #"{"pop": 2100}"#) == .string("big"))
        #expect(try evaluate(c, #"{"pop": 10}"#) == .string("small"))
        #expect(try evaluate(c) == .string("none"))
        // As in MapLibre, ordering a missing property is an evaluation error.
        #expect(throws: EvaluationError.self) { try evaluate(#"[">", ["get", "pop"], 2000]"#) }
    }

    @Test func matchWithManyLabelsComputedInputAndOutputs() throws {
        let labels = (0..<20).map { #""k\#($0)", \#($0)"# }.joined(separator: ", ")
        let many = #"["match", ["get", "kind"], \#(labels), -1]"#
        #expect(try evaluate(many, #"{"kind": "k17"}"#) == .number(17))
        #expect(try evaluate(many, #"{"kind": "k20"}"#) == .number(-1))
        let computed = #"["match", ["+", ["get", "n"], 1], [1, 2], ["*", ["get", "n"], 10], 3, ["get", "n"], 0]"#
        #expect(try evaluate(computed, #"{"n": 1}"#) == .number(10))
        #expect(try evaluate(computed, #"{"n": 2}"#) == .number(2))
        #expect(try evaluate(computed, #"{"n": 5}"#) == .number(0))
    }

    @Test func interpolateAndStepFollowZoom() throws {
        let i = #"["interpolate", ["linear"], ["zoom"], 10, 2, 12, 6]"#
        #expect(try evaluate(i, zoom: 11) == .number(4))
        #expect(try evaluate(i, zoom: 9) == .number(2))
        #expect(try evaluate(i, zoom: 13) == .number(6))
        let e = #"["interpolate", ["exponential", 2], ["zoom"], 0, 0, 2, 3]"#
        #expect(try evaluate(e, zoom: 1) == .number(1))
        let s = #"["step", ["zoom"], "a", 5, "b", 10, "c"]"#
        #expect(try evaluate(s, zoom: 4.9) == .string("a"))
        #expect(try evaluate(s, zoom: 5) == .string("b"))
        #expect(try evaluate(s, zoom: 12) == .string("c"))
    }

    @Test func colorsCoerceFromStrings() throws {
        let v = try evaluate(##"["match", ["get", "k"], "a", "#ff0000", "rgba(0, 0, 255, 0.5)"]"##, expected: .color)
        #expect(v == .color(Color(r: 0, g: 0, b: 1, a: 0.5)))
        #expect(Color(css: "#f80") == Color(r: 1, g: 0x88 / 255, b: 0))
        #expect(Color(css: "hsl(120, 100%, 50%)") == Color(r: 0, g: 1, b: 0))
        #expect(Color(css: "steelblue") != nil)
        #expect(Color(css: "notacolor") == nil)
    }

    @Test func compileErrorsNameThePlace() {
        do {
            _ = try ParsingContext.compile(JSONParser.parse(#"["match", ["get", "x"], [], "a", "b"]"#))
            Issue.record("no error")
        } catch let error as ExpressionError {
            #expect(error.key == "[2]")
            #expect(error.message == "Expected at least one branch label.")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func constantsAreFoldedAtCompileTime() throws {
        let e = try ParsingContext.compile(JSONParser.parse(#"["+", 1, ["*", 2, 3]]"#))
        #expect((e as? Literal)?.value == .number(7))
    }
}
