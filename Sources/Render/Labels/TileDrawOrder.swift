#if canImport(Glibc)
import Glibc
#endif

/// The order MapLibre draws a symbol layer's labels in when they come from vector tiles:
/// tile by tile (`getRenderTilesSortedByYPosition`: by the tile's position turned with the
/// map, top row first, then left to right), each tile's halos before its text, so that a
/// later tile's halos cover an earlier tile's letters where labels overlap. A label belongs
/// to the tile its anchor is in (MapLibre keeps only the anchors inside a tile).
struct TileDrawOrder {
    /// The position MapLibre sorts a tile by: its column and row turned with the map.
    struct Key: Comparable, Hashable {
        var y: Double
        var x: Double
        static func < (a: Key, b: Key) -> Bool { (a.y, a.x) < (b.y, b.x) }
    }

    private let tilesPerUnit: Double
    private let toMap: PixelTransform
    private let cosine: Double, sine: Double

    /// Nil unless the source was cut from tiles of the map's own grid (a Web Mercator map).
    init?(_ source: RenderSource, frame: MapFrame, transform: PixelTransform) {
        guard let z = source.tileZoom, frame.crs.identifier == "EPSG:3857" else { return nil }
        tilesPerUnit = Double(1 << z) / (2 * Double.pi * 6378137)
        toMap = transform.inverted
        let turn = frame.bearing * .pi / 180
        cosine = cos(turn)
        sine = sin(turn)
    }

    /// The key of the tile holding the device-pixel point (x, y).
    func key(_ x: Double, _ y: Double) -> Key {
        let p = toMap.apply(x, y)
        let half = Double.pi * 6378137
        let column = ((p.x + half) * tilesPerUnit).rounded(.down), row = ((half - p.y) * tilesPerUnit).rounded(.down)
        return Key(y: row * cosine - column * sine, x: column * cosine + row * sine)
    }
}
