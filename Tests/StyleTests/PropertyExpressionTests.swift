import Geometry
import JSON
import Testing
@testable import Style

@Suite("Zoom- and data-driven properties")
struct PropertyExpressionTests {
    /// A one-layer style whose line layer has `paint`, and a table of features with `properties`.
    func layer(paint: String = "{}", layout: String = "{}") throws -> Layer {
        try StyleParser.parse(JSONParser.parse("""
            {"version": 8, "sources": {"s": {"type": "geojson", "data": {"type": "FeatureCollection", "features": []}}},
             "layers": [{"id": "l", "type": "line", "source": "s", "paint": \(paint), "layout": \(layout)}]}
            """)).layers[0]
    }

    func features(_ properties: String...) throws -> FeatureProperties {
        let members = properties.map { #"{"type": "Feature", "geometry": null, "properties": \#($0)}"# }
        return FeatureProperties(try GeoJSONReader.read(string: #"{"type": "FeatureCollection", "features": [\#(members.joined(separator: ","))]}"#).table)
    }

    @Test func zoomCurvesFollowTheZoom() throws {
        let l = try layer(paint: #"{"line-width": ["interpolate", ["linear"], ["zoom"], 10, 1, 14, 5]}"#)
        #expect(l.paint.number("line-width", EvaluationContext(zoom: 12)) == 3)
        #expect(l.paint.number("line-width", EvaluationContext(zoom: 20)) == 5)
        #expect(l.paint["line-width"]?.isZoomConstant == false)
        #expect(l.paint["line-width"]?.isFeatureConstant == true)
    }

    @Test func dataDrivenPropertiesReadEachFeature() throws {
        let l = try layer(paint: #"{"line-width": ["interpolate", ["linear"], ["zoom"], 10, ["*", 1, ["get", "lanes"]], 14, ["*", 2, ["get", "lanes"]]]}"#)
        let f = try features(#"{"lanes": 2}"#, #"{"lanes": 4}"#)
        #expect(l.paint.number("line-width", EvaluationContext(zoom: 14, feature: FeatureReference(f, row: 0))) == 4)
        #expect(l.paint.number("line-width", EvaluationContext(zoom: 14, feature: FeatureReference(f, row: 1))) == 8)
        #expect(l.paint["line-width"]?.isFeatureConstant == false)
    }

    @Test func failedEvaluationsFallBackToTheDefault() throws {
        let l = try layer(paint: #"{"line-width": ["get", "width"], "line-color": ["get", "color"]}"#, layout: #"{"line-join": ["get", "join"]}"#)
        let f = try features(#"{"width": "wide", "color": "nonsense", "join": "pointy"}"#, #"{"width": 3, "color": "red", "join": "round"}"#)
        let bad = EvaluationContext(feature: FeatureReference(f, row: 0))
        let good = EvaluationContext(feature: FeatureReference(f, row: 1))
        #expect(l.paint.number("line-width", bad) == 1)
        #expect(l.paint.color("line-color", bad) == .black)
        #expect(l.layout.string("line-join", bad) == "miter")
        #expect(l.paint.number("line-width", good) == 3)
        #expect(l.paint.color("line-color", good) == Color(r: 1, g: 0, b: 0))
        #expect(l.layout.string("line-join", good) == "round")
    }

    @Test func theSpecDecidesWhatMayVary() throws {
        let constantOnly = ExpressionSpec(typeName: "number", isDataDriven: false, isZoomDependent: false)
        #expect(throws: ExpressionError(key: "", message: "data expressions not supported")) {
            try PropertyExpression.compile(JSONParser.parse(#"["get", "x"]"#), spec: constantOnly)
        }
        #expect(throws: ExpressionError(key: "", message: "zoom expressions not supported")) {
            try PropertyExpression.compile(JSONParser.parse(#"["step", ["zoom"], 1, 5, 2]"#), spec: constantOnly)
        }
        let stepOnly = ExpressionSpec(typeName: "number", isInterpolated: false)
        #expect(throws: ExpressionError(key: "", message: "\"interpolate\" expressions cannot be used with this property")) {
            try PropertyExpression.compile(JSONParser.parse(#"["interpolate", ["linear"], ["zoom"], 1, 5, 2, 6]"#), spec: stepOnly)
        }
        #expect(throws: ExpressionError(key: "", message: "Only one zoom-based \"step\" or \"interpolate\" subexpression may be used in an expression.")) {
            try PropertyExpression.compile(JSONParser.parse(
                #"["coalesce", ["step", ["zoom"], 1, 5, 2], ["step", ["zoom"], 3, 5, 4]]"#), spec: stepOnly)
        }
        // Under let and coalesce a zoom curve is still top-level.
        let e = try PropertyExpression.compile(JSONParser.parse(#"["let", "w", 2, ["step", ["zoom"], ["var", "w"], 5, 4]]"#), spec: stepOnly)
        #expect(try e.expression.evaluate(EvaluationContext(zoom: 6)) == .number(4))
    }

    @Test func stringPropertiesCoerceAndEnumsAssert() throws {
        let text = try PropertyExpression.compile(JSONParser.parse(#"["get", "n"]"#), spec: ExpressionSpec(typeName: "string"))
        let f = try features(#"{"n": 12}"#)
        #expect(try text.expression.evaluate(EvaluationContext(feature: FeatureReference(f, row: 0))) == .string("12"))
        let choice = try PropertyExpression.compile(JSONParser.parse(#"["get", "n"]"#), spec: ExpressionSpec(typeName: "enum", enumValues: ["a"]))
        #expect(throws: EvaluationError.self) { try choice.expression.evaluate(EvaluationContext(feature: FeatureReference(f, row: 0))) }
    }

    @Test func withinTestsLonLatGeometry() throws {
        let within = try ParsingContext.compile(JSONParser.parse(
            #"["within", {"type": "Polygon", "coordinates": [[[113, 33], [115, 33], [115, 34], [113, 34], [113, 33]]]}]"#))
        let doc = try GeoJSONReader.read(string: """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "geometry": {"type": "Point", "coordinates": [114, 33.5]}, "properties": {}},
              {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[114, 33.5], [116, 33.5]]}, "properties": {}},
              {"type": "Feature", "geometry": {"type": "MultiPoint", "coordinates": [[113.5, 33.2], [114.5, 33.8]]}, "properties": {}},
              {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[114, 33.5], [114.1, 33.5], [114.1, 33.6], [114, 33.5]]]}, "properties": {}}
            ]}
            """)
        let f = FeatureProperties(doc.table)
        let results = try (0..<4).map { try within.evaluate(EvaluationContext(feature: FeatureReference(f, row: $0))) }
        #expect(results == [.bool(true), .bool(false), .bool(true), .bool(false)])
    }

    @Test func sourceSettingsShapeTheFeatures() throws {
        let style = try StyleParser.parse(JSONParser.parse("""
            {"version": 8, "sources": {"s": {"type": "geojson", "promoteId": "code", "filter": [">", ["get", "n"], 1],
              "data": {"type": "FeatureCollection", "features": []}}}, "layers": []}
            """))
        let doc = try GeoJSONReader.read(string: """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}, "properties": {"n": 1, "code": "a"}},
              {"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 1]}, "properties": {"n": 2, "code": "b"}}
            ]}
            """)
        let table = style.sources["s"]!.features(of: doc.table)
        #expect(table.count == 1)
        #expect(table.ids == [.string("b")])
        #expect(table.x(0) == 1)
        let id = try ParsingContext.compile(JSONParser.parse(#"["id"]"#))
        #expect(try id.evaluate(EvaluationContext(feature: FeatureReference(FeatureProperties(table), row: 0))) == .string("b"))
    }
}
