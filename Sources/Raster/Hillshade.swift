#if canImport(Glibc)
import Glibc
#endif

/// A `hillshade` layer's paint, with colours premultiplied as MapLibre's uniforms are.
public struct HillshadePaint: Sendable {
    /// A colour as the shader takes it: premultiplied components in 0...1.
    public typealias RGBA = (r: Float, g: Float, b: Float, a: Float)
    /// `hillshade-exaggeration`, 0 to 1: how strongly slopes are shaded.
    public var exaggeration: Double
    /// Degrees clockwise from north (from the top of the viewport when `viewportAnchor`).
    public var direction: Double
    /// Whether the light turns with the map (`hillshade-illumination-anchor: viewport`, the
    /// default) or stays fixed to north (`map`).
    public var viewportAnchor: Bool
    /// `hillshade-shadow-color`: slopes facing away from the light.
    public var shadow: RGBA
    /// `hillshade-highlight-color`: slopes facing the light.
    public var highlight: RGBA
    /// `hillshade-accent-color`: steep terrain, whatever its aspect.
    public var accent: RGBA

    /// A paint with the style specification's defaults for what is not given.
    public init(exaggeration: Double = 0.5, direction: Double = 335, viewportAnchor: Bool = true,
                shadow: RGBA = (0, 0, 0, 1), highlight: RGBA = (1, 1, 1, 1), accent: RGBA = (0, 0, 0, 1)) {
        self.exaggeration = exaggeration
        self.direction = direction
        self.viewportAnchor = viewportAnchor
        self.shadow = shadow
        self.highlight = highlight
        self.accent = accent
    }

    /// The colour of a point whose slope is `deriv` (MapLibre's scaled x and y derivatives,
    /// east and south), divided by `scaleFactor` (the cosine of the latitude for Web
    /// Mercator tiles, whose derivatives are taken over the equator's metres), as
    /// premultiplied ARGB. `bearing` in degrees.
    @inline(__always)
    func shade(dx: Float, dy: Float, scaleFactor: Float, bearing: Double) -> UInt32 {
        let slope = atan(1.25 * (dx * dx + dy * dy).squareRoot() / scaleFactor)
        let aspect: Float = dx != 0 ? atan2(dy, -dx) : .pi / 2 * (dy > 0 ? 1 : -1)
        let intensity = Float(exaggeration)
        var azimuth = Float(direction * .pi / 180)
        if viewportAnchor { azimuth -= Float(bearing * .pi / 180) }
        azimuth += .pi
        let base = 1.875 - intensity * 1.75
        let maxValue = 0.5 * Float.pi
        let scaledSlope = intensity != 0.5 ? ((pow(base, slope) - 1) / (pow(base, maxValue) - 1)) * maxValue : slope
        let accentAmount = cos(scaledSlope)
        let k = min(max(intensity * 2, 0), 1)
        let ac = (1 - accentAmount) * k
        var shadeT = ((aspect + azimuth) / .pi + 0.5).truncatingRemainder(dividingBy: 2)
        if shadeT < 0 { shadeT += 2 }
        shadeT = abs(shadeT - 1)
        let sk = sin(scaledSlope) * k
        let sr = (shadow.r + (highlight.r - shadow.r) * shadeT) * sk
        let sg = (shadow.g + (highlight.g - shadow.g) * shadeT) * sk
        let sb = (shadow.b + (highlight.b - shadow.b) * shadeT) * sk
        let sa = (shadow.a + (highlight.a - shadow.a) * shadeT) * sk
        let keep = 1 - sa
        @inline(__always) func byte(_ x: Float) -> UInt32 { UInt32(min(max(x * 255 + 0.5, 0), 255)) }
        let a = byte(accent.a * ac * keep + sa)
        return a << 24 | min(byte(accent.r * ac * keep + sr), a) << 16 | min(byte(accent.g * ac * keep + sg), a) << 8
            | min(byte(accent.b * ac * keep + sb), a)
    }
}

/// How a terrain tile's colours encode elevation: metres = r·R + g·G + b·B − shift, with
/// channels in 0...255.
public struct DEMEncoding: Sendable, Equatable {
    /// The weights of the red, green and blue channels, and the offset taken off, in metres.
    public var red, green, blue, shift: Double

    /// Mapbox Terrain-RGB (`"encoding": "mapbox"`, the default): 0.1 m steps from −10 000 m.
    public static let mapbox = DEMEncoding(red: 6553.6, green: 25.6, blue: 0.1, shift: 10000)
    /// Terrarium (`"encoding": "terrarium"`): 1/256 m steps from −32 768 m.
    public static let terrarium = DEMEncoding(red: 256, green: 1, blue: 1 / 256, shift: 32768)

    /// An encoding of a source's `redFactor`, `greenFactor`, `blueFactor` and `baseShift`.
    public init(red: Double, green: Double, blue: Double, shift: Double) {
        (self.red, self.green, self.blue, self.shift) = (red, green, blue, shift)
    }
}

/// Terrain tiles (`raster-dem` with `tiles`): each tile's slopes worked out once, as
/// MapLibre's hillshade "prepare" pass does (Sobel over the tile with a one-pixel border
/// taken from its neighbours, scaled by zoom, kept in 8 bits per axis), then sampled under
/// each pixel and shaded.
public final class DEMTiles: Sendable {
    /// The tiles the elevations are read from.
    public let raster: TiledRaster
    /// How the tiles' colours encode metres.
    public let encoding: DEMEncoding
    /// The deepest level with tiles.
    public let maxZoom: Int

    /// Terrain tiles from `raster`, decoded with `encoding`.
    public init(raster: TiledRaster, encoding: DEMEncoding) {
        self.raster = raster
        self.encoding = encoding
        maxZoom = raster.maxZoom
    }

    /// The warnings collected since the last call (tiles that could not be decoded), handed
    /// over once.
    public func takeWarnings() -> [String] { raster.takeWarnings() }

    /// Elevations of a tile with a one-pixel border: neighbours' edges where they exist,
    /// the tile's own edges elsewhere (MapLibre backfills the border the same way).
    func elevations(_ image: RasterImage, _ key: TiledRaster.TileKey) -> [Float] {
        let dim = image.width, stride = dim + 2
        var e = [Float](repeating: 0, count: stride * stride)
        func decode(_ v: UInt32) -> Float {
            Float((Double((v >> 16) & 255) * encoding.red + Double((v >> 8) & 255) * encoding.green
                   + Double(v & 255) * encoding.blue - encoding.shift) / 4)
        }
        for y in 0..<image.height where y < dim {
            for x in 0..<dim { e[(y + 1) * stride + x + 1] = decode(image.pixels[y * dim + x]) }
        }
        // Edges copied outwards first, then neighbours where they are.
        for i in 0..<stride {
            let c = min(max(i, 1), dim)
            e[i] = e[stride + c]
            e[(stride - 1) * stride + i] = e[dim * stride + c]
            e[i * stride] = e[c * stride + 1]
            e[i * stride + stride - 1] = e[c * stride + dim]
        }
        let n = 1 << key.z
        for dy in -1...1 {
            for dx in -1...1 where dx != 0 || dy != 0 {
                let ny = key.y + dy
                guard ny >= 0, ny < n else { continue }
                let neighbour = TiledRaster.TileKey(z: key.z, x: ((key.x + dx) % n + n) % n, y: ny)
                guard let other = raster.tile(neighbour), other.width == dim else { continue }
                let xs = dx == -1 ? [-1] : dx == 1 ? [dim] : Array(0..<dim)
                let ys = dy == -1 ? [-1] : dy == 1 ? [dim] : Array(0..<dim)
                for y in ys {
                    for x in xs {
                        let ox = x - dx * dim, oy = y - dy * dim
                        e[(y + 1) * stride + x + 1] = decode(other.pixels[oy * dim + ox])
                    }
                }
            }
        }
        return e
    }

    /// The slope texture of a tile: 8-bit x and y derivatives in red and green.
    func prepare(_ image: RasterImage, _ key: TiledRaster.TileKey) -> RasterImage {
        let dim = image.width, stride = dim + 2
        let e = elevations(image, key)
        // Elevations (a quarter of the metres here) beyond any on Earth mean the tile is in
        // another encoding: named, and drawn flat.
        if let low = e.min(), let high = e.max(), low * 4 < -12_000 || high * 4 > 9_000 {
            raster.warn("\(raster.tiles.name) tile \(key.z)/\(key.x)/\(key.y): elevations from \(Int(low * 4)) to \(Int(high * 4)) m are not terrain; is the source's \"encoding\" right (\(encoding == .terrarium ? "terrarium" : encoding == .mapbox ? "mapbox" : "custom"))? The tile is skipped")
            return RasterImage(width: dim, height: dim, pixels: [UInt32](repeating: 255 << 24 | 128 << 16 | 128 << 8, count: dim * dim))
        }
        let z = Float(key.z)
        let exaggeration: Float = z < 2 ? 0.4 : z < 4.5 ? 0.35 : 0.3
        let divisor = pow(2, (z - Float(maxZoom)) * exaggeration + 19.2562 - z)
        var out = RasterImage(width: dim, height: dim)
        for y in 0..<dim {
            for x in 0..<dim {
                let i = (y + 1) * stride + x + 1
                let a = e[i - stride - 1], b = e[i - stride], c = e[i - stride + 1]
                let d = e[i - 1], f = e[i + 1]
                let g = e[i + stride - 1], h = e[i + stride], k = e[i + stride + 1]
                let dx = ((c + f + f + k) - (a + d + d + g)) / divisor
                let dy = ((g + h + h + k) - (a + b + b + c)) / divisor
                @inline(__always) func byte(_ v: Float) -> UInt32 { UInt32(min(max((v / 2 + 0.5) * 255 + 0.5, 0), 255)) }
                out.pixels[y * dim + x] = 255 << 24 | byte(dx) << 16 | byte(dy) << 8
            }
        }
        return out
    }

    /// Shaded relief for the target, premultiplied.
    public func hillshade(_ target: RasterTarget, paint: HillshadePaint) throws -> RasterImage {
        let bearing = target.bearing
        return try raster.render(target, resampling: .linear, prepare: { self.prepare($0, $1) }, shade: { value, key, v in
            let dx = Float((value >> 16) & 255) / 255 * 2 - 1, dy = Float((value >> 8) & 255) / 255 * 2 - 1
            let n = Double(1 << key.z)
            func lat(_ y: Double) -> Double { atan(sinh(.pi * (1 - 2 * y / n))) * 180 / .pi }
            let lat0 = lat(Double(key.y)), lat1 = lat(Double(key.y + 1))
            let scale = Float(cos(((lat0 - lat1) * (1 - v) + lat1) * .pi / 180))
            return paint.shade(dx: dx, dy: dy, scaleFactor: scale, bearing: bearing)
        })
    }
}
