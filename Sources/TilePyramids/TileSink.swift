import Cartouche
import Tiles

/// Where a pre-rendered pyramid goes. A sink stores a metatile's tiles together, so that a
/// run killed at any moment leaves whole metatiles or none: `--resume` skips a metatile
/// only when every tile of it is stored.
public protocol TileSink: AnyObject {
    /// Whether the tile is already stored (from an earlier, interrupted run).
    func contains(_ tile: TileID) throws -> Bool
    /// Stores the tiles of one metatile.
    func write(_ tiles: [(TileID, [UInt8])]) throws
    /// Completes the output (metadata, indexes, the final rename).
    func finish(metadata: TilesetMetadata) throws
}

/// What an MBTiles or PMTiles file says about its tiles.
public struct TilesetMetadata: Sendable {
    /// The tile set's name (the style's).
    public var name: String
    /// The lowest zoom rendered.
    public var minZoom: Int
    /// The highest zoom rendered.
    public var maxZoom: Int
    /// Longitude/latitude.
    public var bounds: (minLon: Double, minLat: Double, maxLon: Double, maxLat: Double)
    /// Credits to show with the tiles, from the style.
    public var attribution: String?

    /// Metadata for a pyramid of those zooms over `bounds` (west, south, east, north).
    public init(name: String, minZoom: Int, maxZoom: Int, bounds: (Double, Double, Double, Double), attribution: String?) {
        self.name = name
        self.minZoom = minZoom
        self.maxZoom = maxZoom
        self.bounds = bounds
        self.attribution = attribution
    }

    /// The centre of the bounds at the lowest zoom: where a viewer opens.
    public var center: (lon: Double, lat: Double, zoom: Int) {
        ((bounds.minLon + bounds.maxLon) / 2, (bounds.minLat + bounds.maxLat) / 2, minZoom)
    }
}

/// A folder of `z/x/y.png` files, each written atomically.
public final class TileDirectory: TileSink {
    /// The folder the `z/x/y.png` files go under.
    public let root: String
    /// A sink writing under `root`, made if missing.
    public init(root: String) throws {
        self.root = root
        try AtomicFile.createDirectory(root)
    }

    func path(_ t: TileID) -> String { "\(root)/\(t.z)/\(t.x)/\(t.y).png" }

    /// Whether the tile's file is there and not empty.
    public func contains(_ tile: TileID) throws -> Bool {
        var s = stat()
        return stat(path(tile), &s) == 0 && s.st_size > 0
    }

    /// Writes each tile's file atomically.
    public func write(_ tiles: [(TileID, [UInt8])]) throws {
        for (tile, bytes) in tiles {
            try AtomicFile.createDirectory("\(root)/\(tile.z)/\(tile.x)")
            try AtomicFile.write(bytes, to: path(tile), durable: false)
        }
    }

    /// Syncs the files written to disk.
    public func finish(metadata: TilesetMetadata) throws { AtomicFile.syncAll() }
}

#if canImport(Glibc)
import Glibc
#endif
