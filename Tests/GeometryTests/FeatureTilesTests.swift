import Testing
@testable import Geometry

/// Tables read from vector tiles remember each feature's tile: lines keep the tile's
/// buffer and are clipped to its square when drawn, or cut at it when projected.
@Suite struct FeatureTilesTests {
    /// A line from x = -1 to 11 at y = 5 (a tile's line with its buffer), and a point.
    static func tile() -> FeatureTable {
        var t = FeatureTable()
        t.addPoint(x: -1, y: 5)
        t.addPoint(x: 11, y: 5)
        t.endRing()
        t.endPart(.line)
        t.endFeature(type: .lineString, id: nil, properties: [])
        t.addPoint(x: 3, y: 3)
        t.endRing()
        t.endPart(.point)
        t.endFeature(type: .point, id: nil, properties: [])
        return t
    }

    @Test func featuresRememberTheirTileThroughAppendAndSelect() {
        var table = FeatureTable()
        let a = FeatureTiles.Square(box: Box(minX: 0, minY: 0, maxX: 10, maxY: 10), overscaling: 1)
        let b = FeatureTiles.Square(box: Box(minX: 10, minY: 0, maxX: 20, maxY: 10), overscaling: 1)
        table.append(contentsOf: Self.tile(), fromTile: a)
        table.append(contentsOf: Self.tile(), fromTile: b)
        #expect(table.count == 4)
        #expect(table.tiles?.squares == [a, b])
        #expect(table.tiles?.ofFeature == [0, 0, 1, 1])
        let picked = table.selecting([3, 0])
        #expect(picked.tiles?.square(of: 0) == b && picked.tiles?.square(of: 1) == a)
        // A table of no tiles appended after keeps its features tile-less.
        var mixed = table
        mixed.append(contentsOf: Self.tile())
        #expect(mixed.tiles?.ofFeature == [0, 0, 1, 1, -1, -1])
    }

    @Test func linesAreCutAtTheirTileWhenTheTilesAreForgotten() {
        var table = FeatureTable()
        table.append(contentsOf: Self.tile(), fromTile: FeatureTiles.Square(box: Box(minX: 0, minY: 0, maxX: 10, maxY: 10), overscaling: 1))
        table.cutLinesAtTiles()
        #expect(table.tiles == nil)
        let xs = table.pointRange(of: 0).map { table.x($0) }
        #expect(xs == [0, 10], "the buffer is cut off: \(xs)")
        #expect(table.geometryTypes[0] == .lineString)
        #expect(table.pointRange(of: 1).map { table.x($0) } == [3], "points are kept as they are")
    }
}
