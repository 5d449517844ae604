import Foundation
import Geometry

/// A tile of the Web Mercator pyramid (the XYZ scheme: y counts down from the north edge,
/// as Leaflet, MapLibre and tileserver-gl count it).
public struct TileID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The zoom level.
    public var z: Int
    /// The column, from 0 at 180° W.
    public var x: Int
    /// The row, from 0 at the north edge.
    public var y: Int

    /// Tile x/y at zoom z (not checked: see `isValid`).
    public init(z: Int, x: Int, y: Int) {
        self.z = z
        self.x = x
        self.y = y
    }

    /// The highest zoom served and pre-rendered: 2^24 tiles on a side, well past street level.
    public static let maxZoom = 24

    /// Whether the tile exists: 0 ≤ z ≤ maxZoom, 0 ≤ x, y < 2^z.
    public var isValid: Bool {
        z >= 0 && z <= Self.maxZoom && x >= 0 && y >= 0 && x < (1 << z) && y < (1 << z)
    }

    /// The tile as URLs write it: `z/x/y`.
    public var description: String { "\(z)/\(x)/\(y)" }

    /// Zoom first, then column, then row: the order pyramids are written in.
    public static func < (a: TileID, b: TileID) -> Bool { (a.z, a.x, a.y) < (b.z, b.x, b.y) }
}

/// Web Mercator tile geometry: EPSG:3857 metres, longitude/latitude, tile numbers.
public enum TileGrid {
    /// Half the width of the Web Mercator world, metres.
    public static let originShift = Double.pi * 6378137

    /// Metres per tile pixel at zoom `z` for tiles of `tileSize` CSS pixels.
    public static func metresPerPixel(z: Int, tileSize: Int = 256) -> Double {
        2 * originShift / (Double(tileSize) * Double(1 << z))
    }

    /// The tile's extent in EPSG:3857 metres.
    public static func bounds(of tile: TileID) -> Box {
        let size = 2 * originShift / Double(1 << tile.z)
        let minX = -originShift + Double(tile.x) * size
        let maxY = originShift - Double(tile.y) * size
        return Box(minX: minX, minY: maxY - size, maxX: minX + size, maxY: maxY)
    }

    /// Longitude/latitude box of a tile.
    public static func lonLatBounds(of tile: TileID) -> Box {
        let n = Double(1 << tile.z)
        func lon(_ x: Double) -> Double { x / n * 360 - 180 }
        func lat(_ y: Double) -> Double { atan(sinh(Double.pi * (1 - 2 * y / n))) * 180 / .pi }
        return Box(minX: lon(Double(tile.x)), minY: lat(Double(tile.y + 1)), maxX: lon(Double(tile.x + 1)), maxY: lat(Double(tile.y)))
    }

    /// The tiles at zoom `z` that a longitude/latitude box touches, as column and row ranges.
    public static func range(of box: Box, z: Int) -> (x: ClosedRange<Int>, y: ClosedRange<Int>) {
        let n = 1 << z
        func column(_ lon: Double) -> Int { min(n - 1, max(0, Int(floor((lon + 180) / 360 * Double(n))))) }
        func row(_ lat: Double) -> Int {
            let clamped = min(85.0511287798, max(-85.0511287798, lat)) * .pi / 180
            let y = (1 - log(tan(clamped) + 1 / cos(clamped)) / .pi) / 2 * Double(n)
            return min(n - 1, max(0, Int(floor(y))))
        }
        return (column(box.minX)...column(box.maxX), row(box.maxY)...row(box.minY))
    }
}
