import Testing
@testable import Cartouche

/// `SceneBuilder.maxLabels`: past the limit, features' labels are left out in priority
/// order and the scene says how many.
@Suite("Label limit")
struct LabelLimitTests {
    static func data(points: Int) throws -> MapData {
        let features = (0..<points).map { i in
            #"{"type": "Feature", "properties": {"n": "\#(i)"}, "geometry": {"type": "Point", "coordinates": [\#(113.9 + Double(i % 20) * 0.01), \#(33.5 + Double(i / 20) * 0.01)]}}"#
        }.joined(separator: ",")
        let style = """
        {"version": 8, "center": [114.0, 33.55], "zoom": 11,
         "sources": {"s": {"type": "geojson", "data": {"type": "FeatureCollection", "features": [\(features)]}}},
         "layers": [{"id": "labels", "type": "symbol", "source": "s",
                     "layout": {"text-field": ["get", "n"], "text-allow-overlap": true, "text-ignore-placement": true}}]}
        """
        return try MapData(style: StyleParser.parse(JSONParser.parse(style)))
    }

    static func labels(_ scene: Scene) -> Int {
        scene.layers.reduce(0) { n, layer in
            n + layer.commands.filter { if case .label = $0 { true } else { false } }.count
        }
    }

    @Test func labelsPastTheLimitAreLeftOutWithAWarning() throws {
        let renderer = MapRenderer(data: try Self.data(points: 200))
        let (frame, projected) = try renderer.frame(for: MapRequest(width: 800, height: 600))
        var builder = SceneBuilder(style: renderer.data.style, sources: projected.sources, frame: frame)
        #expect(Self.labels(builder.build()) == 200)
        #expect(builder.build().warnings.isEmpty)
        builder.maxLabels = 50
        let scene = builder.build()
        #expect(Self.labels(scene) == 50)
        #expect(scene.warnings == ["the labels of 150 features were left out: a map shows at most 50 labels, in priority order"])
    }

    @Test func theDefaultIsFiftyThousand() {
        #expect(SceneBuilder.defaultMaxLabels == 50_000)
    }
}
