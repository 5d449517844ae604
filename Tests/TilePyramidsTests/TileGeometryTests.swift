import Cartouche
import Testing
import TestSupport
@testable import TilePyramids
import Tiles

@Suite("Tile geometry and PMTiles encoding")
struct TileGeometryTests {
    /// The PMTiles specification's examples of tile ids on the Hilbert curve.
    @Test func hilbertTileIDs() {
        #expect(PMTiles.tileID(TileID(z: 0, x: 0, y: 0)) == 0)
        #expect(PMTiles.tileID(TileID(z: 1, x: 0, y: 0)) == 1)
        #expect(PMTiles.tileID(TileID(z: 1, x: 0, y: 1)) == 2)
        #expect(PMTiles.tileID(TileID(z: 1, x: 1, y: 1)) == 3)
        #expect(PMTiles.tileID(TileID(z: 1, x: 1, y: 0)) == 4)
        #expect(PMTiles.tileID(TileID(z: 2, x: 1, y: 3)) == 11)
        #expect(PMTiles.tileID(TileID(z: 3, x: 3, y: 0)) == 26)
        #expect(PMTiles.tileID(TileID(z: 12, x: 3423, y: 1763)) == 19_078_479)
    }

    @Test func metatilesAreAligned() {
        let m = Metatile(containing: TileID(z: 13, x: 6690, y: 3283), size: 4)
        #expect(m.x == 6688 && m.y == 3280 && m.size == 4)
        #expect(m.tiles.count == 16)
        #expect(Metatile(containing: TileID(z: 1, x: 1, y: 0), size: 4).size == 2)
    }

    @Test func tileRangeOfABox() {
        let r = TileGrid.range(of: .init(minX: 113.98, minY: 33.54, maxX: 114.06, maxY: 33.6), z: 13)
        // 113.98°E is column 8192 × 293.98 / 360 = 6689.6, 114.06°E 6691.4; 33.6°N is row
        // 8192 × (1 − ln(tan φ + sec φ) / π) / 2 = 3283.4, 33.54°N 3285.04.
        #expect(r.x == 6689...6691)
        #expect(r.y == 3283...3285)
    }

    /// The tiles of a metatile are the cuts of one image: drawn once, then cut at the right
    /// offsets (the buffer, then 256 pixels per tile).
    @Test func tilesAreCutsOfOneImage() throws {
        let data = try MapData(stylePath: String(#filePath).components(separatedBy: "/Tests/")[0] + "/Styles/yuanhui.json")
        let renderer = MetatileRenderer(renderer: MapRenderer(data: data), metatileSize: 2, buffer: 32)
        let meta = Metatile(containing: TileID(z: 13, x: 6690, y: 3283), size: 2)
        let tiles = try renderer.render(meta).tiles
        #expect(tiles.count == 4)
        let frame = try renderer.frame(for: meta, scale: 1)
        #expect(frame.pixelWidth == 2 * 256 + 64)
        // Adjacent tiles continue each other: their touching columns differ little.
        let left = try PNGPixels(tiles[0].1), right = try PNGPixels(tiles[1].1)
        func luma(_ p: PNGPixels, _ x: Int, _ y: Int) -> Int { let c = p.rgb(x, y); return (c.r * 3 + c.g * 6 + c.b) / 10 }
        var jumps = 0
        for y in 0..<256 where abs(luma(left, 255, y) - luma(right, 0, y)) > 60 { jumps += 1 }
        #expect(jumps < 20, "\(jumps) rows jump at the cut")
    }
}
