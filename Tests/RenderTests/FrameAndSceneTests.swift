import Geometry
import JSON
import Projection
import Style
import Testing
@testable import Render

@Suite("Frames and scenes")
struct FrameAndSceneTests {
    @Test func webMercatorFrameMatchesMapLibre() throws {
        let f = try MapFrame.camera(crs: .webMercator, longitude: 0, latitude: 0, zoom: 0, width: 512, height: 512)
        // The whole world is 512 pixels wide at zoom 0.
        let t = f.transform
        let west = t.apply(-20037508.342789244, 0), east = t.apply(20037508.342789244, 0)
        #expect(abs(east.x - west.x - 512) < 1e-6)
        #expect(abs(west.x) < 1e-6 && abs(west.y - 256) < 1e-6)
    }

    @Test func bearingTurnsTheMapCounterClockwise() throws {
        let f = try MapFrame.camera(crs: .webMercator, longitude: 0, latitude: 0, zoom: 2, bearing: 90, width: 100, height: 100)
        // With bearing 90 east points up.
        let p = f.transform.apply(1_000_000, 0)
        #expect(abs(p.x - 50) < 1e-6 && p.y < 50)
    }

    func scene(_ layers: String, data: String) throws -> Scene {
        let styleJSON = try JSONParser.parse("""
        {"version": 8, "center": [0, 0], "zoom": 2, "sources": {"s": {"type": "geojson", "data": \(data)}}, "layers": \(layers)}
        """)
        let style = try StyleParser.parse(styleJSON)
        let table = try GeoJSONReader.read(string: data).table
        var projected = table
        _ = projected.transform(with: try Transformer(from: .wgs84, to: .webMercator))
        let frame = try MapFrame.camera(crs: .webMercator, longitude: 0, latitude: 0, zoom: 2, width: 200, height: 100)
        return SceneBuilder(style: style, sources: ["s": RenderSource(id: "s", table: projected)], frame: frame).build()
    }

    @Test func buildsCommandsPerLayerInStyleOrder() throws {
        let data = """
        {"type": "FeatureCollection", "features": [
         {"type": "Feature", "properties": {"k": "a"}, "geometry": {"type": "Polygon", "coordinates": [[[-10,-10],[10,-10],[10,10],[-10,10],[-10,-10]]]}},
         {"type": "Feature", "properties": {"k": "b"}, "geometry": {"type": "LineString", "coordinates": [[-40, 0], [40, 0]]}},
         {"type": "Feature", "properties": {"k": "c"}, "geometry": {"type": "Point", "coordinates": [5, 5]}},
         {"type": "Feature", "properties": {"k": "far"}, "geometry": {"type": "Point", "coordinates": [170, 80]}}
        ]}
        """
        let s = try scene("""
        [{"id": "bg", "type": "background", "paint": {"background-color": "white"}},
         {"id": "f", "type": "fill", "source": "s", "paint": {"fill-color": "red", "fill-opacity": 0.5}},
         {"id": "l", "type": "line", "source": "s", "filter": ["==", ["get", "k"], "b"], "paint": {"line-width": 3}},
         {"id": "c", "type": "circle", "source": "s", "filter": ["==", ["geometry-type"], "Point"], "paint": {"circle-radius": 4}}]
        """, data: data)
        try #require(s.layers.map(\.id) == ["bg", "f", "l", "c"])
        guard case .fill(let subpaths, let paint) = s.layers[1].commands[0] else { Issue.record("no fill"); return }
        #expect(paint.color.a == 0.5)
        // A 20° square at zoom 2 (2048 px world) is about 114 px wide, centred in the image.
        let pts = s.layers[1].paths.points(of: subpaths.lowerBound).map { s.layers[1].paths.points[2 * $0] }
        #expect(abs((pts.max()! - pts.min()!) - 2048 * 20 / 360) < 0.5)
        #expect(s.layers[2].commands.count == 1)
        // The far point is outside the image: only one circle.
        #expect(s.layers[3].commands.count == 1)
        if case .stroke(_, let p) = s.layers[2].commands[0] { #expect(p.width == 3) }
    }
}
