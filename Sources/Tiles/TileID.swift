#if canImport(Glibc)
import Glibc
#endif
import Geometry

/// A tile of the XYZ grid (row 0 at the north), as MapLibre addresses them.
public struct TileID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The zoom level.
    public var z: Int
    /// The column, from 0 at 180° W.
    public var x: Int
    /// The row, from 0 at the north edge.
    public var y: Int

    /// Tile x/y at zoom z.
    public init(z: Int, x: Int, y: Int) {
        self.z = z
        self.x = x
        self.y = y
    }

    /// The tile as messages and URLs write it: `z/x/y`.
    public var description: String { "\(z)/\(x)/\(y)" }

    /// Zoom, then column, then row: the order tile pyramids are written and listed in.
    public static func < (a: TileID, b: TileID) -> Bool { (a.z, a.x, a.y) < (b.z, b.x, b.y) }

    /// The highest zoom served and pre-rendered: 2^24 tiles on a side, well past street level.
    public static let maxZoom = 24

    /// Whether the tile exists: 0 ≤ z ≤ maxZoom, 0 ≤ x, y < 2^z.
    public var isValid: Bool {
        z >= 0 && z <= Self.maxZoom && x >= 0 && y >= 0 && x < (1 << z) && y < (1 << z)
    }

    /// Half the width of the Web Mercator world, in metres.
    public static let worldHalf = Double.pi * 6378137

    /// The tile's square in Web Mercator metres.
    public var bounds: Box {
        let size = 2 * Self.worldHalf / Double(1 << z)
        let minX = -Self.worldHalf + Double(x) * size
        let maxY = Self.worldHalf - Double(y) * size
        return Box(minX: minX, minY: maxY - size, maxX: minX + size, maxY: maxY)
    }

    /// The row in the TMS scheme (row 0 at the south), as MBTiles and `scheme: "tms"` count.
    public var tmsY: Int { (1 << z) - 1 - y }

    /// The ancestor at zoom `zoom` (≤ z): the tile whose data an overzoomed tile shows.
    public func ancestor(atZoom zoom: Int) -> TileID {
        TileID(z: zoom, x: x >> (z - zoom), y: y >> (z - zoom))
    }

    /// The tiles at zoom `z` that cover `box` (Web Mercator metres), columns wrapped around
    /// the antimeridian and each listed once, rows clamped to the world; nil when there are
    /// more than `limit`.
    public static func covering(_ box: Box, zoom z: Int, limit: Int) -> [TileID]? {
        guard !box.isEmpty else { return [] }
        let n = 1 << z
        let size = 2 * worldHalf / Double(n)
        func index(_ v: Double) -> Double { (v / size).rounded(.down) }
        let minX = max(box.minX, -3 * worldHalf), maxX = min(box.maxX, 3 * worldHalf)
        // Tiles are half-open: a box that ends on a tile's edge does not need the next one.
        let edge = 1e-9
        let x0 = Int(index(minX + worldHalf)), x1 = max(x0, Int(index(maxX + worldHalf - edge * size)))
        let y0 = max(0, Int(index(worldHalf - min(box.maxY, worldHalf))))
        let y1 = min(n - 1, max(y0, Int(index(worldHalf - max(box.minY, -worldHalf) - edge * size))))
        guard x0 <= x1, y0 <= y1 else { return [] }
        let columns = min(x1 - x0 + 1, n)
        guard columns * (y1 - y0 + 1) <= limit else { return nil }
        var tiles: [TileID] = []
        var seen = Set<Int>()
        for column in x0...x1 {
            let x = ((column % n) + n) % n
            guard seen.insert(x).inserted else { continue }
            for y in y0...y1 { tiles.append(TileID(z: z, x: x, y: y)) }
        }
        return tiles
    }
}
