import Cartouche
import Geometry
import JSON
import Projection
import Render
import Tiles

/// Draws raster tiles from a style in Web Mercator: a metatile at a time, with a buffer
/// around it so that lines and symbols near its edge are drawn whole, then cut into PNGs.
///
/// A 256-pixel tile at zoom z shows what MapLibre shows at zoom z − 1 (MapLibre's world is
/// 512·2^zoom pixels wide), so that a Leaflet map of these tiles matches a MapLibre map of
/// the style at the same scale; zoom expressions see z − 1, as tileserver-gl does.
public struct MetatileRenderer: Sendable {
    /// The renderer of the style the tiles are drawn from.
    public let renderer: MapRenderer
    /// Tiles on a side of a metatile.
    public var metatileSize: Int
    /// CSS pixels drawn around a metatile and thrown away.
    public var buffer: Int
    /// The side of a tile in CSS pixels (times `scale` in device pixels).
    public static let tileSize = 256

    /// A renderer drawing blocks of `metatileSize` tiles with `buffer` pixels around them.
    public init(renderer: MapRenderer, metatileSize: Int = 4, buffer: Int = 64) {
        self.renderer = renderer
        self.metatileSize = max(1, metatileSize)
        self.buffer = max(0, buffer)
    }

    /// The frame of a metatile with its buffer, at `scale` device pixels per CSS pixel.
    public func frame(for meta: Metatile, scale: Int) throws -> MapFrame {
        let first = TileID(z: meta.z, x: meta.x, y: meta.y).bounds
        let last = TileID(z: meta.z, x: meta.x + meta.size - 1, y: meta.y + meta.size - 1).bounds
        let cx = (first.minX + last.maxX) / 2, cy = (first.maxY + last.minY) / 2
        let side = Double(meta.size * Self.tileSize + 2 * buffer)
        let centre = try Transformer(from: .webMercator, to: .wgs84).transform(x: cx, y: cy) ?? (0, 0)
        return MapFrame(crs: .webMercator, width: side, height: side, pixelRatio: Double(scale), centerX: cx, centerY: cy,
                        unitsPerPixel: TileGrid.metresPerPixel(z: meta.z, tileSize: Self.tileSize), bearing: 0,
                        zoom: Double(meta.z) - 1, centerLongitude: centre.x, centerLatitude: centre.y)
    }

    /// Every tile of the metatile as PNG bytes, in `meta.tiles` order, and what the scene
    /// reported. The scene is built as every map's is (`MapData.scene`): datasets read for
    /// the metatile's extent, rasters drawn.
    public func render(_ meta: Metatile, scale: Int = 1, globalState: JSONObject = JSONObject()) throws -> MetatileTiles {
        let frame = try frame(for: meta, scale: scale)
        let projected = try renderer.data.projected(to: .webMercator)
        // Through MapData, as every map: vector datasets, tiles and rasters are read for
        // the metatile's frame (the GeoJSON sources alone left hillshade out of the tiles).
        let scene = try renderer.data.scene(frame: frame, projected: projected, globalState: globalState).scene
        let warnings = scene.warnings
        let tile = Self.tileSize * scale, offset = buffer * scale
        let tiles = meta.tiles
        let rects = tiles.map { t in
            CairoBackend.PixelRect(x: offset + (t.x - meta.x) * tile, y: offset + (t.y - meta.y) * tile, width: tile, height: tile)
        }
        let pngs = try CairoBackend.pngCuts(scene, rects, dpi: 96 * Double(scale), compressionLevel: 1)
        return MetatileTiles(tiles: Array(zip(tiles, pngs)), warnings: warnings)
    }
}

/// A metatile's tiles as PNG bytes, and the warnings of its scene (labels left out, tiles
/// or features a dataset skipped).
public struct MetatileTiles: Sendable {
    public var tiles: [(TileID, [UInt8])]
    public var warnings: [String]
}
