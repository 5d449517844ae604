import Tiles

/// A block of `size` × `size` tiles drawn as one image and then cut: labels are placed once
/// for the whole block, so they neither break at the tile edges inside it nor appear twice.
/// Blocks are aligned: the block of a tile is found by integer division, so every tile
/// belongs to exactly one block at its zoom.
public struct Metatile: Sendable, Hashable, CustomStringConvertible {
    /// The zoom level.
    public var z: Int
    /// The block's top-left tile.
    public var x: Int
    /// The row of the block's top-left tile.
    public var y: Int
    /// Tiles on a side (less than the requested size at low zooms, where the world is smaller).
    public var size: Int

    /// The block holding `tile` for blocks of `size` tiles on a side.
    public init(containing tile: TileID, size: Int) {
        let side = min(size, 1 << tile.z)
        self.z = tile.z
        self.x = tile.x / side * side
        self.y = tile.y / side * side
        self.size = side
    }

    /// The block's tiles, row by row.
    public var tiles: [TileID] {
        (0..<size).flatMap { j in (0..<size).map { i in TileID(z: z, x: x + i, y: y + j) } }
    }

    /// The block as progress lines name it: `metatile z/x/y (4x4)`.
    public var description: String { "metatile \(z)/\(x)/\(y) (\(size)x\(size))" }
}
