import CCairo
import Geometry
import JSON
import Style
import Testing
@testable import Render

/// Lines from vector tiles keep each tile's buffer and are clipped to their tile's square
/// when drawn, as MapLibre's stencil clips each tile.
@Suite("Tile clips")
struct TileClipTests {
    /// Two tiles side by side, west and east of x = 0 (Web Mercator metres); each holds a
    /// line along y = 0 that reaches 200 km into the other's square (its buffer).
    static func tiles() -> FeatureTable {
        func tile(from x0: Double, to x1: Double, colour: String) -> FeatureTable {
            var t = FeatureTable()
            t.addPoint(x: x0, y: 0)
            t.addPoint(x: x1, y: 0)
            t.endRing()
            t.endPart(.line)
            t.endFeature(type: .lineString, id: nil, properties: [JSONObject.Entry(key: "colour", value: .string(colour))])
            return t
        }
        var table = FeatureTable()
        table.append(contentsOf: tile(from: -800_000, to: 200_000, colour: "red"),
                     fromTile: FeatureTiles.Square(box: Box(minX: -1e6, minY: -1e6, maxX: 0, maxY: 1e6), overscaling: 1))
        table.append(contentsOf: tile(from: -200_000, to: 800_000, colour: "blue"),
                     fromTile: FeatureTiles.Square(box: Box(minX: 0, minY: -1e6, maxX: 1e6, maxY: 1e6), overscaling: 1))
        return table
    }

    func draw(_ paint: String) throws -> (pixels: [UInt32], width: Int) {
        let style = try StyleParser.parse(JSONParser.parse("""
        {"version": 8, "sources": {"s": {"type": "vector", "tiles": ["file:tiles/{z}/{x}/{y}.pbf"]}}, "layers": [
            {"id": "l", "type": "line", "source": "s", "source-layer": "roads", "paint": \(paint)}]}
        """))
        let width = 200, height = 100
        let frame = try MapFrame.camera(crs: .webMercator, longitude: 0, latitude: 0, zoom: 3, width: Double(width), height: Double(height))
        let key = RenderSourceKey.make(source: "s", layer: "roads")
        let source = RenderSource(id: key, table: Self.tiles(), tolerance: 0, tiled: true)
        let scene = SceneBuilder(style: style, sources: [key: source], frame: frame).build()
        return (scenePixels(scene), width)
    }

    @Test func eachTilesLineStopsAtItsTilesEdge() throws {
        let (p, width) = try draw(#"{"line-width": 6, "line-color": ["get", "colour"]}"#)
        // 1000 km is about 51 pixels at zoom 3: the tiles meet at x = 100, and each line
        // reaches 10 pixels into the other tile, where the other tile's line is drawn.
        let red: UInt32 = 0xFFFF_0000, blue: UInt32 = 0xFF00_00FF
        for x in [60, 95, 99] { #expect(p[50 * width + x] == red, "x = \(x): \(String(p[50 * width + x], radix: 16))") }
        for x in [100, 105, 140] { #expect(p[50 * width + x] == blue, "x = \(x): \(String(p[50 * width + x], radix: 16))") }
    }

    @Test func tileClipsAreWholePixelsWhoseCentresAreInside() {
        let clip = TileClip(Box(minX: 0, minY: 0, maxX: 10, maxY: 10),
                            transform: PixelTransform(a: 1, b: 0, c: 0, d: -1, tx: 0.6, ty: 20.2))
        // x runs 0.6 … 10.6: centres 1.5 … 10.5 are in; y runs 10.2 … 20.2: centres 10.5 … 19.5.
        #expect(clip.pixels == Box(minX: 1, minY: 10, maxX: 11, maxY: 20))
    }

    @Test func dashEndsFadeOverAPixelEachSide() {
        let dash = DashField(lengths: [5, 5], offset: 0)
        #expect(dash.coverage(at: 2.5) == 1, "the middle of a dash")
        #expect(dash.coverage(at: 7.5) == 0, "the middle of a gap")
        #expect(abs(dash.coverage(at: 5) - 0.5) < 1e-9, "a dash's end")
        #expect(dash.coverage(at: 10.5) > 0.5 && dash.coverage(at: 10.5) < 1, "just into the next dash")
    }
}
