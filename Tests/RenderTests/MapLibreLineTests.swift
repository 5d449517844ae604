#if canImport(Glibc)
import Glibc
#endif
import CCairo
import Geometry
import JSON
import Projection
import Style
import Testing
@testable import Render

/// Lines and fills drawn as MapLibre draws them where the picture differs: translucent
/// lines over themselves, translucent fill edges, dashes cut by the view's edge.
@Suite("MapLibre lines")
struct MapLibreLineTests {
    /// The scene's pixels (premultiplied ARGB) for one layer over `data`.
    func pixels(_ layer: String, _ data: String, width: Int = 200, height: Int = 100, zoom: Double = 3) throws -> [UInt32] {
        let style = try StyleParser.parse(JSONParser.parse("""
        {"version": 8, "sources": {"s": {"type": "geojson", "data": \(data)}}, "layers": [\(layer)]}
        """))
        var table = try GeoJSONReader.read(string: data).table
        _ = table.transform(with: try Transformer(from: .wgs84, to: .webMercator))
        let frame = try MapFrame.camera(crs: .webMercator, longitude: 0, latitude: 0, zoom: zoom, width: Double(width),
                                        height: Double(height))
        let scene = SceneBuilder(style: style, sources: ["s": RenderSource(id: "s", table: table)], frame: frame).build()
        return scenePixels(scene)
    }

    func alpha(_ p: [UInt32], _ x: Int, _ y: Int, width: Int = 200) -> Int { Int(p[y * width + x] >> 24) }

    @Test func aTranslucentLineIsDarkerWhereItDoublesBack() throws {
        // East from −10° to 10°, then back to 0°: the eastern half is covered twice.
        let p = try pixels(#"{"id": "l", "type": "line", "source": "s", "paint": {"line-width": 8, "line-opacity": 0.5}}"#,
                           #"{"type": "LineString", "coordinates": [[-10, 0], [10, 0], [0, 0]]}"#)
        #expect(abs(alpha(p, 80, 50) - 128) <= 1)
        #expect(abs(alpha(p, 120, 50) - 191) <= 2)
        // Straight on, a translucent line is blended once, with soft edges.
        #expect(alpha(p, 80, 45) == 0 || alpha(p, 80, 45) < 128)
    }

    @Test func aTranslucentFillsEdgeIsCoveredTwiceInsideAndSoftOutside() throws {
        let p = try pixels(#"{"id": "f", "type": "fill", "source": "s", "paint": {"fill-opacity": 0.5}}"#,
                           #"{"type": "Polygon", "coordinates": [[[-5, -3], [5, -3], [5, 3], [-5, 3], [-5, -3]]]}"#)
        // The middle: once; the pixel inside the left edge: fill and outline.
        #expect(abs(alpha(p, 100, 50) - 128) <= 1)
        let x0 = (0..<200).first { alpha(p, $0, 50) > 0 }!
        #expect((x0..<(x0 + 3)).contains { alpha(p, $0, 50) > 140 })
    }

    @Test func dashesKeepTheirPlaceWhereTheViewCutsTheLine() throws {
        // The same long dashed line in a narrow and a wide view: the view's edge (and so
        // where the clip cuts the line) differs, the dashes in the middle do not.
        let layer = #"{"id": "l", "type": "line", "source": "s", "paint": {"line-width": 3, "line-dasharray": [2, 3]}}"#
        let line = #"{"type": "LineString", "coordinates": [[-170, 0], [170, 0]]}"#
        let narrow = try pixels(layer, line, width: 200), wide = try pixels(layer, line, width: 300)
        let middle = (80..<120).map { alpha(narrow, $0, 50) }
        let same = (80..<120).map { alpha(wide, $0 + 50, 50, width: 300) }
        #expect(middle.contains(0) && middle.contains(255))
        #expect(middle == same)
    }

    @Test func aFillLayerFillsLineStringsAsRingsAndPointsNotAtAll() throws {
        let features = #"""
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[-4, -3], [0, 3], [4, -3]]}},
          {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [8, 0]}},
          {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[9, 1]]}},
          {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[-9, -2], [-7, -2], [-7, 2], [-9, 2], [-9, -2]]]}}]}
        """#
        let p = try pixels(#"{"id": "f", "type": "fill", "source": "s", "paint": {"fill-color": "blue"}}"#, features)
        // The triangle the line would close, and the square beside it; nothing at the point.
        #expect(alpha(p, 100, 55) == 255)
        #expect(alpha(p, 9, 50) == 255)
        #expect(alpha(p, 145, 50) == 0)
    }
}
