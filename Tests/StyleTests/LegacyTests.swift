import Geometry
import JSON
import Testing
@testable import Style

@Suite("Legacy functions and filters")
struct LegacyTests {
    func converted(_ function: String, _ spec: ExpressionSpec) throws -> JSONValue {
        try LegacyFunction.convert(JSONParser.parse(function), spec: spec)
    }

    static let lineWidth = LayerType.line.properties["line-width"]!.expressionSpec
    static let lineCap = LayerType.line.properties["line-cap"]!.expressionSpec
    static let fillColor = LayerType.fill.properties["fill-color"]!.expressionSpec

    @Test func zoomFunctionsBecomeZoomCurves() throws {
        #expect(try converted(#"{"base": 1.5, "stops": [[8, 1], [20, 8]]}"#, Self.lineWidth)
            == JSONParser.parse(#"["interpolate", ["exponential", 1.5], ["zoom"], 8, 1, 20, 8]"#))
        // Properties that do not interpolate get a step; repeated stops are dropped.
        #expect(try converted(#"{"stops": [[0, "butt"], [11, "round"], [11, "square"]]}"#, Self.lineCap)
            == JSONParser.parse(#"["step", ["zoom"], "butt", 11, "round"]"#))
    }

    @Test func propertyFunctionsReadTheFeature() throws {
        #expect(try converted(#"{"property": "kind", "type": "categorical", "stops": [["road", "red"]], "default": "gray"}"#, Self.fillColor)
            == JSONParser.parse(#"["match", ["get", "kind"], "road", "red", "gray"]"#))
        #expect(try converted(#"{"property": "lanes", "type": "interval", "stops": [[1, 1], [4, 3]], "default": 0.5}"#, Self.lineWidth)
            == JSONParser.parse(#"["case", ["==", ["typeof", ["get", "lanes"]], "number"], ["step", ["number", ["get", "lanes"]], 1, 4, 3], 0.5]"#))
        #expect(try converted(#"{"property": "c", "type": "identity"}"#, Self.fillColor) == JSONParser.parse(#"["get", "c"]"#))
    }

    @Test func zoomAndPropertyFunctionsNestPropertyCurvesInAZoomCurve() throws {
        let f = #"{"property": "p", "stops": [[{"zoom": 0, "value": 0}, 0], [{"zoom": 0, "value": 10}, 1], [{"zoom": 10, "value": 0}, 2]]}"#
        #expect(try converted(f, Self.lineWidth) == JSONParser.parse("""
            ["interpolate", ["linear"], ["zoom"],
             0, ["interpolate", ["linear"], ["number", ["get", "p"]], 0, 0, 10, 1],
             10, ["interpolate", ["linear"], ["number", ["get", "p"]], 0, 2]]
            """))
    }

    @Test func convertedFunctionsEvaluate() throws {
        let compiled = try PropertyExpression.compile(
            JSONParser.parse("{\"property\": \"kind\", \"type\": \"categorical\", \"stops\": [[\"road\", \"red\"]], \"default\": \"lime\"}"),
            spec: Self.fillColor)
        let doc = try GeoJSONReader.read(string: #"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": {"kind": "road"}}, {"type": "Feature", "geometry": null, "properties": {"kind": "path"}}]}"#)
        let properties = FeatureProperties(doc.table)
        #expect(try compiled.expression.evaluate(EvaluationContext(feature: FeatureReference(properties, row: 0))) == .color(Color(r: 1, g: 0, b: 0)))
        #expect(try compiled.expression.evaluate(EvaluationContext(feature: FeatureReference(properties, row: 1))) == .color(Color(r: 0, g: 1, b: 0)))
    }

    @Test func tokensInZoomFunctionsBecomeConcat() throws {
        let textField = LayerType.symbol.properties["text-field"]!.expressionSpec
        #expect(try converted(#"{"stops": [[0, "{name} ({ref})"]]}"#, textField)
            == JSONParser.parse(#"["step", ["zoom"], ["concat", ["get", "name"], " (", ["get", "ref"], ")"], 0, ["concat", ["get", "name"], " (", ["get", "ref"], ")"]]"#))
    }

    @Test func legacyFiltersAreRecognised() throws {
        for legacy in [#"["==", "class", "park"]"#, #"["in", "$type", "Point"]"#, #"["!has", "name"]"#,
                       #"["all", ["==", "a", 1], [">", "b", 2]]"#, #"["none", ["==", "a", 1]]"#, #"["has", "$id"]"#] {
            #expect(!LegacyFilter.isExpression(try JSONParser.parse(legacy)), "\(legacy)")
        }
        for expression in [#"["==", ["get", "class"], "park"]"#, #"["has", "name"]"#, #"["in", "a", ["literal", ["a"]]]"#, "true"] {
            #expect(LegacyFilter.isExpression(try JSONParser.parse(expression)), "\(expression)")
        }
    }

    /// Evaluates a legacy filter on each feature of a small collection.
    func matches(_ filter: String) throws -> [Bool] {
        let expression = try ParsingContext.compile(LegacyFilter.convert(JSONParser.parse(filter)), expected: .boolean)
        let doc = try GeoJSONReader.read(string: """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "id": 1, "geometry": {"type": "Point", "coordinates": [0, 0]}, "properties": {"class": "park", "area": 5}},
              {"type": "Feature", "id": "b", "geometry": {"type": "MultiLineString", "coordinates": [[[0, 0], [1, 1]], [[2, 2], [3, 3]]]}, "properties": {"class": "road", "area": "5"}},
              {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}, "properties": {"name": null}}
            ]}
            """)
        let properties = FeatureProperties(doc.table)
        return try (0..<doc.table.count).map { row in
            try expression.evaluate(EvaluationContext(feature: FeatureReference(properties, row: row))).boolValue ?? false
        }
    }

    @Test func legacyFiltersKeepTheirSemantics() throws {
        #expect(try matches(#"["==", "class", "park"]"#) == [true, false, false])
        #expect(try matches(#"["!=", "class", "park"]"#) == [false, true, true])
        // An ordering of different types is false, not an error.
        #expect(try matches(#"[">=", "area", 5]"#) == [true, false, false])
        #expect(try matches(#"["in", "class", "park", "road"]"#) == [true, true, false])
        #expect(try matches(#"["!in", "class", "park"]"#) == [false, true, true])
        #expect(try matches(#"["has", "name"]"#) == [false, false, true])
        #expect(try matches(#"["!has", "class"]"#) == [false, false, true])
        #expect(try matches(#"["==", "$type", "LineString"]"#) == [false, true, false])
        #expect(try matches(#"["in", "$type", "Point", "Polygon"]"#) == [true, false, true])
        #expect(try matches(#"["==", "$id", "b"]"#) == [false, true, false])
        #expect(try matches(#"["has", "$id"]"#) == [true, true, false])
        #expect(try matches(#"["all", ["==", "class", "road"], ["==", "area", "5"]]"#) == [false, true, false])
        #expect(try matches(#"["any", ["==", "class", "road"], ["has", "name"]]"#) == [false, true, true])
        #expect(try matches(#"["none", ["==", "class", "road"], ["has", "name"]]"#) == [true, false, false])
        #expect(try matches(#"["in", "class"]"#) == [false, false, false])
    }

    @Test func stylesConvertLegacyFiltersAndFunctionsOnLoad() throws {
        let style = try StyleParser.parse(JSONParser.parse("""
            {"version": 8, "sources": {"s": {"type": "geojson", "data": {"type": "FeatureCollection", "features": []}}},
             "layers": [{"id": "l", "type": "line", "source": "s", "filter": ["==", "class", "road"],
                         "paint": {"line-width": {"stops": [[10, 1], [12, 3]]}}}]}
            """))
        let layer = style.layers[0]
        #expect(layer.paint["line-width"]?.evaluate(EvaluationContext(zoom: 11)) == .number(2))
        #expect(layer.filter != nil)
        #expect(layer.filter?.isFeatureConstant == false)
    }
}
