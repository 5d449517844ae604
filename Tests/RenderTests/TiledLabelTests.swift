import Geometry
import JSON
import Projection
import Style
import Testing
@testable import Render

/// Labels of features cut from vector tiles, where MapLibre's tile-by-tile work shows.
@Suite("Labels from tiles")
struct TiledLabelTests {
    /// A scene of a GeoJSON `data` read as if cut from tiles of `tileZoom`.
    func builder(_ layer: String, _ data: String, zoom: Double, tileZoom: Int, bearing: Double = 0,
                 longitude: Double = 0, latitude: Double = 0) throws -> SceneBuilder {
        let style = try StyleParser.parse(JSONParser.parse("""
        {"version": 8, "sources": {"s": {"type": "geojson", "data": \(data)}}, "layers": [\(layer)]}
        """))
        var table = try GeoJSONReader.read(string: data).table
        _ = table.transform(with: try Transformer(from: .wgs84, to: .webMercator))
        let frame = try MapFrame.camera(crs: .webMercator, longitude: longitude, latitude: latitude, zoom: zoom,
                                        bearing: bearing, width: 200, height: 200)
        let source = RenderSource(id: "s", table: table, tolerance: 0, tiled: true, tileZoom: tileZoom)
        return SceneBuilder(style: style, sources: ["s": source], frame: frame)
    }

    /// Four points around (0, 0), where four tiles of every zoom meet: one in each tile.
    static let corners = """
    {"type": "FeatureCollection", "features": [
     {"type": "Feature", "properties": {"name": "NW"}, "geometry": {"type": "Point", "coordinates": [-0.001, 0.001]}},
     {"type": "Feature", "properties": {"name": "NE"}, "geometry": {"type": "Point", "coordinates": [0.001, 0.001]}},
     {"type": "Feature", "properties": {"name": "SW"}, "geometry": {"type": "Point", "coordinates": [-0.001, -0.001]}},
     {"type": "Feature", "properties": {"name": "SE"}, "geometry": {"type": "Point", "coordinates": [0.001, -0.001]}}]}
    """

    func drawOrder(bearing: Double) throws -> [(text: String, group: Double?)] {
        let layer = #"{"id": "t", "type": "symbol", "source": "s", "layout": {"text-field": ["get", "name"], "text-size": 40, "text-allow-overlap": true}, "paint": {"text-halo-width": 2, "text-halo-color": "white"}}"#
        let scene = try builder(layer, Self.corners, zoom: 14, tileZoom: 14, bearing: bearing).build()
        return scene.layers.flatMap(\.commands).compactMap {
            if case .label(let label) = $0 { return (label.text, label.sortKey) }
            return nil
        }
    }

    @Test func labelsDrawTileByTileFromTheTopRowOfTheScreen() throws {
        // MapLibre draws a symbol layer tile by tile, each tile's halos before its text:
        // the tiles' labels come in groups, the top row of tiles first, left to right.
        let north = try drawOrder(bearing: 0)
        #expect(north.map(\.text) == ["NW", "NE", "SW", "SE"])
        #expect(north.map(\.group) == [0, 1, 2, 3])
        // Turned so that east is up: the eastern tiles are the top row.
        let east = try drawOrder(bearing: 90)
        #expect(east.map(\.text) == ["NE", "SE", "NW", "SW"])
        #expect(east.map(\.group) == [0, 1, 2, 3])
    }

    @Test func aPolygonLabelFromOverzoomedTilesIsFoundToAPixelOfTheTile() throws {
        // An L-shaped building drawn at zoom 18 from zoom-14 tiles: MapLibre finds its pole
        // of inaccessibility to one tile pixel, 16 map pixels here, not to one map pixel.
        let building = """
        {"type": "Polygon", "coordinates": [[[0, 0], [0.0008, 0], [0.0008, 0.0002], [0.00023, 0.0002], [0.00023, 0.00061], [0, 0.00061], [0, 0]]]}
        """
        let layer = #"{"id": "t", "type": "symbol", "source": "s", "layout": {"text-field": "Hall"}}"#
        let b = try builder(layer, building, zoom: 18, tileZoom: 14, longitude: 0.0004, latitude: 0.0003)
        let source = try #require(b.sources["s"])
        let transform = b.frame.transform
        let anchor = try #require(b.pointAnchors(source.table, 0, transform: transform, source: source).first)
        let rings = [source.table.points(of: source.table.rings(of: source.table.parts(of: 0).lowerBound).lowerBound).flatMap { i in
            let p = transform.apply(source.table.x(i), source.table.y(i))
            return [p.x, p.y]
        }]
        let coarse = LabelPoint.poleOfInaccessibility(rings: rings, precision: 16)
        let fine = LabelPoint.poleOfInaccessibility(rings: rings, precision: 1)
        #expect(abs(anchor.0 - coarse.x) < 1e-9 && abs(anchor.1 - coarse.y) < 1e-9)
        // The two searches part here, so the test tells them apart.
        #expect(abs(coarse.x - fine.x) + abs(coarse.y - fine.y) > 1)
        // A GeoJSON source (not cut from tiles) keeps the one-pixel search.
        let plain = RenderSource(id: "s", table: source.table, tolerance: 0)
        let geojson = try #require(b.pointAnchors(plain.table, 0, transform: transform, source: plain).first)
        #expect(abs(geojson.0 - fine.x) < 1e-9 && abs(geojson.1 - fine.y) < 1e-9)
    }
}
