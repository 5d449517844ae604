// A user's file imports Foundation beside Cartouche: every name the façade re-exports must
// still resolve unqualified. (Foundation's `Expression`, the #Expression macro's type,
// is why the compiled style expression is `StyleExpression`.) This file compiling is
// most of the test.
import Cartouche
import Foundation
import Testing

@Suite struct FoundationNamesTests {
    @Test func reexportedNamesResolveBesideFoundation() throws {
        let style: Style = try StyleParser.parse(JSONParser.parse("""
        {"version": 8, "sources": {"s": {"type": "geojson", "data": {"type": "FeatureCollection", "features": []}}},
         "layers": [{"id": "l", "type": "line", "source": "s", "paint": {"line-color": "#ff0000"}}]}
        """))
        let layer: Layer = try #require(style.layers.first)
        let source: Source = try #require(style.sources["s"])
        let color: Color = try #require(Color(css: "#ff0000"))
        let expression: StyleExpression = try ParsingContext.compile(["+", 1, 2], expected: .number)
        let value: Value = try expression.evaluate(EvaluationContext())
        let scene = Scene(width: 4, height: 4, pixelRatio: 1)
        #expect(layer.id == "l" && source.kind == .geojson && color.r == 1 && scene.width == 4)
        #expect(value == .number(3))
        // The bare name `Expression` is Foundation's, unambiguously.
        let foundation: Any.Type = Expression<Int, Int>.self
        #expect("\(foundation)".hasPrefix("Expression<"))
    }
}
