import Foundation
import Geometry
import Tiles

/// Web Mercator tile geometry: EPSG:3857 metres, longitude/latitude, tile numbers.
public enum TileGrid {
    /// Metres per tile pixel at zoom `z` for tiles of `tileSize` CSS pixels.
    public static func metresPerPixel(z: Int, tileSize: Int = 256) -> Double {
        2 * TileID.worldHalf / (Double(tileSize) * Double(1 << z))
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
