#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Projection

/// A tiled raster in Web Mercator (`tiles` templates or a tile archive): which level to
/// read for a map, the tiles it needs (each missing tile stood in for by its nearest
/// ancestor that exists, as MapLibre does while drawing), decoded once per process and
/// kept, and the image warped into the map.
public final class TiledRaster: Sendable {
    /// Where the encoded tiles come from.
    public let tiles: any TileBytesSource
    /// The tiles' size in CSS pixels (`tileSize`, 512 unless the source says 256): it sets which
    /// level a map reads.
    public let tileSize: Double
    /// The lowest level with tiles.
    public let minZoom: Int
    /// The deepest level with tiles; closer maps draw its tiles enlarged.
    public let maxZoom: Int
    /// West, south, east, north in degrees: no tiles are read outside.
    public let bounds: (Double, Double, Double, Double)?
    private let cache = Locked<[TileKey: RasterImage?]>([:])
    private let warned = Locked<[String]>([])

    struct TileKey: Hashable { var z, x, y: Int }

    /// A tiled raster over `tiles`, with the source's `tileSize`, zooms and `bounds`.
    public init(tiles: any TileBytesSource, tileSize: Double = 512, minZoom: Int = 0, maxZoom: Int = 22,
                bounds: (Double, Double, Double, Double)? = nil) {
        self.tiles = tiles
        self.tileSize = tileSize
        self.minZoom = minZoom
        self.maxZoom = maxZoom
        self.bounds = bounds
    }

    static let world = 2 * Double.pi * 6378137

    /// MapLibre's covering level for raster sources: the camera zoom shifted by the tile
    /// size and rounded; nil below the source's minzoom; never above its maxzoom (tiles
    /// are then overzoomed).
    public func level(forZoom zoom: Double) -> Int? {
        let z = max(0, Int((zoom + log2(512 / tileSize)).rounded()))
        return z < minZoom ? nil : min(z, maxZoom)
    }

    /// The decoded tile, or nil if the set has none or it does not decode (a warning,
    /// given once).
    func tile(_ key: TileKey) -> RasterImage? {
        if let cached = cache.withLock({ $0[key] }) { return cached }
        var image: RasterImage?
        do {
            if let bytes = try tiles.tileBytes(z: key.z, x: key.x, y: key.y) {
                image = try ImageDecoder.decode(bytes, name: "\(tiles.name) tile \(key.z)/\(key.x)/\(key.y)")
            }
        } catch let error as RasterError {
            warned.withLock { $0.append("\(error.description); the tile is skipped") }
        } catch {
            warned.withLock { $0.append("\(tiles.name) tile \(key.z)/\(key.x)/\(key.y): \(error); the tile is skipped") }
        }
        cache.withLock { $0[key] = image }
        return image
    }

    /// Records a warning about a tile (a DEM tile that does not decode as its encoding).
    func warn(_ message: String) { warned.withLock { $0.append(message) } }

    /// Warnings about tiles skipped so far, each once.
    public func takeWarnings() -> [String] { warned.withLock { w in defer { w.removeAll() }; return w } }

    func inBounds(_ key: TileKey) -> Bool {
        guard let (w, s, e, n) = bounds else { return true }
        let count = Double(1 << key.z)
        func lon(_ x: Double) -> Double { x / count * 360 - 180 }
        func lat(_ y: Double) -> Double { atan(sinh(.pi * (1 - 2 * y / count))) * 180 / .pi }
        return lon(Double(key.x)) < e && lon(Double(key.x + 1)) > w && lat(Double(key.y)) > s && lat(Double(key.y + 1)) < n
    }

    /// How many levels up a missing tile looks for a stand-in (MapLibre's `maxOverzooming`):
    /// a tile stretched 1024 times is no picture of the place.
    static let maxFallbackLevels = 10

    /// A tile to draw where tile `key` belongs: itself or its nearest ancestor that exists,
    /// with that ancestor's level.
    func resolve(_ key: TileKey) -> (image: RasterImage, key: TileKey)? {
        guard inBounds(key) else { return nil }
        var k = key
        while k.z >= max(minZoom, key.z - Self.maxFallbackLevels) {
            if let image = tile(k) { return (image, k) }
            guard k.z > 0 else { break }
            k = TileKey(z: k.z - 1, x: k.x >> 1, y: k.y >> 1)
        }
        return nil
    }

    /// Tiles drawn for the target: the level, and per tile of that level in view (wrapped
    /// column, row) the tile standing in for it. Nil when nothing shows at this zoom.
    struct Cover {
        var z: Int
        var grid: CoordinateGrid
        var first: (x: Int, y: Int)
        var columns: Int
        var rows: Int
        var tiles: [(image: RasterImage, key: TileKey)?]
    }

    func cover(_ target: RasterTarget) throws -> Cover? {
        guard let z = level(forZoom: target.zoom) else { return nil }
        let grid = try CoordinateGrid(target: target, sourceCRS: .webMercator)
        guard let env = grid.sourceEnvelope else { return nil }
        let n = 1 << z
        let scale = tileSize * Double(n) / Self.world
        let x0 = Int(((env.minX + Self.world / 2) * scale / tileSize).rounded(.down)) - 1
        let x1 = Int(((env.maxX + Self.world / 2) * scale / tileSize).rounded(.down)) + 1
        let y0 = max(0, Int(((Self.world / 2 - env.maxY) * scale / tileSize).rounded(.down)) - 1)
        let y1 = min(n - 1, Int(((Self.world / 2 - env.minY) * scale / tileSize).rounded(.down)) + 1)
        let xFirst = x0, columns = min(x1 - x0 + 1, n)
        guard y1 >= y0, columns > 0, columns * (y1 - y0 + 1) <= 4096 else { return nil }
        let keys = (0..<(columns * (y1 - y0 + 1))).map { i -> TileKey in
            let x = ((xFirst + i % columns) % n + n) % n
            return TileKey(z: z, x: x, y: y0 + i / columns)
        }
        let tiles = Parallel.map(keys.count) { resolve(keys[$0]) }
        return Cover(z: z, grid: grid, first: (xFirst, y0), columns: columns, rows: y1 - y0 + 1, tiles: tiles)
    }

    /// The raster warped into the target: premultiplied colour per device pixel, sampled
    /// from the tile under each pixel's centre; transparent outside the tiles.
    public func render(_ target: RasterTarget, resampling: Resampling) throws -> RasterImage {
        try render(target, resampling: resampling, prepare: nil, shade: nil)
    }

    /// `prepare` turns each tile into the texture that is sampled (hillshade's slopes);
    /// `shade` turns a sample into the pixel's colour, given the tile and the sample's
    /// position down the tile (0 at its top, 1 at its bottom).
    func render(_ target: RasterTarget, resampling: Resampling, prepare: ((RasterImage, TileKey) -> RasterImage)?,
                shade: ((UInt32, TileKey, Double) -> UInt32)?) throws -> RasterImage {
        var out = RasterImage(width: target.width, height: target.height)
        guard var cover = try cover(target) else { return out }
        if let prepare {
            let raw = cover.tiles
            cover.tiles = Parallel.map(raw.count) { i in raw[i].map { (prepare($0.image, $0.key), $0.key) } }
        }
        let n = 1 << cover.z
        let ts = tileSize
        let scale = ts * Double(n) / Self.world
        out.pixels.withUnsafeMutableBufferPointer { pixels in
            let dst = UnsafeSendable(pixels)
            let bands = (target.height + 31) / 32
            Parallel.forEach(bands) { band in
                var xs = [Double](repeating: 0, count: target.width), ys = xs
                for y in (band * 32)..<min(target.height, band * 32 + 32) {
                    cover.grid.row(y, xs: &xs, ys: &ys)
                    for x in 0..<target.width {
                        let wx = (xs[x] + Self.world / 2) * scale, wy = (Self.world / 2 - ys[x]) * scale
                        guard wy >= 0, wy < ts * Double(n), wx.isFinite else { continue }
                        let tx = Int((wx / ts).rounded(.down)), ty = Int((wy / ts).rounded(.down))
                        let wrap = Int((Double(tx) / Double(n)).rounded(.down))
                        let row = ty - cover.first.y
                        let column = ((tx - cover.first.x) % n + n) % n
                        guard column < cover.columns, row >= 0, row < cover.rows,
                              let (image, key) = cover.tiles[row * cover.columns + column] else { continue }
                        let down = Double(1 << (cover.z - key.z))
                        let u = ((wx - Double(wrap * n) * ts) / down - Double(key.x) * ts) * Double(image.width) / ts
                        let v = (wy / down - Double(key.y) * ts) * Double(image.height) / ts
                        let value = image.pixels.withUnsafeBufferPointer {
                            sample($0, width: image.width, height: image.height, u: u, v: v, resampling)
                        }
                        dst.value[y * target.width + x] = shade.map { $0(value, key, v / Double(image.height)) } ?? value
                    }
                }
            }
        }
        return out
    }
}
