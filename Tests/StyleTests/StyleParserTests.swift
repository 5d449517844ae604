import JSON
import Testing
@testable import Style

@Suite("Style parser")
struct StyleParserTests {
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]

    @Test func loadsTheDemoStyle() throws {
        let style = try StyleParser.load(path: "\(Self.root)/Styles/yuanhui.json")
        #expect(style.crs == "EPSG:4547")
        #expect(style.layers.count >= 15)
        #expect(style.sources.count == 8)
        #expect(style.warnings.isEmpty, "\(style.warnings)")
    }

    func diagnostics(_ text: String) throws -> [StyleDiagnostic] {
        StyleParser.validate(try JSONParser.parse(text))
    }

    @Test func reportsErrorsWithPointers() throws {
        let d = try diagnostics("""
        {"version": 8, "sources": {"s": {"type": "geojson", "data": {"type": "FeatureCollection", "features": []}}},
         "layers": [
          {"id": "bg", "type": "background"},
          {"id": "l", "type": "line", "source": "s", "paint": {"line-width": "wide", "line-colour": "red"}},
          {"id": "l", "type": "line", "source": "nowhere"},
          {"id": "c", "type": "circle", "source": "s", "layout": {"line-cap": "round"}, "paint": {"circle-radius": -1}},
          {"id": "f", "type": "fill", "source": "s", "filter": ["==", ["get", "a"]]}
         ]}
        """)
        let errors = d.filter { $0.severity == .error }.map(\.description)
        let warnings = d.filter { $0.severity == .warning }.map(\.description)
        #expect(errors.contains("/layers/1/paint/line-width: expected number or expression, found \"wide\""))
        #expect(errors.contains("/layers/2/id: duplicate layer id \"l\""))
        #expect(errors.contains("/layers/2/source: source \"nowhere\" is not defined in /sources"))
        #expect(errors.contains("/layers/3/paint/circle-radius: -1 is less than the minimum value 0"))
        #expect(errors.contains("/layers/4/filter: Expected two or three arguments."))
        #expect(warnings.contains("/layers/1/paint/line-colour: unknown paint property for a line layer, ignored"))
        #expect(warnings.contains("/layers/3/layout/line-cap: unknown layout property for a circle layer, ignored"))
    }

    @Test func rejectsWrongVersions() throws {
        #expect(try diagnostics(#"{"version": 7, "sources": {}, "layers": []}"#).map(\.description) == ["/version: expected 8, found 7"])
    }
}
