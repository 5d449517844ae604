import Foundation
import Geometry
import JSON
import Testing
import TestSupport
@testable import Tiles

/// MVT 2.1 decoding: commands to coordinates, winding to polygons and holes, key/value
/// tables to properties, ids; and tiles that are not valid named with what is wrong.
@Suite("Vector tile decoding")
struct VectorTileDecoderTests {
    /// Tile 1/0/0 spans x from −half the world to 0 and y from 0 to +half.
    static let tile = TileID(z: 1, x: 0, y: 0)
    static let half = TileID.worldHalf

    func decode(_ bytes: [UInt8], tile: TileID = tile) throws -> DecodedTile {
        try bytes.withUnsafeBytes { try VectorTileDecoder(tile: tile).decode(compressedOrNot: $0) }
    }

    @Test func commandsBecomeWebMercatorCoordinatesInTheTile() throws {
        let line = TileWriter.Feature(id: 7, type: 2, geometry: TileWriter.geometry([[(0, 0), (2048, 2048), (4096, 1024)]]),
                                      tags: [0, 0, 1, 1])
        let bytes = TileWriter.tile([TileWriter.layer("roads", keys: ["name", "lanes"], values: [.string("Main"), .int(2)],
                                                      features: [line])])
        let decoded = try decode(bytes)
        let roads = try #require(decoded.layers["roads"])
        #expect(roads.count == 1)
        #expect(roads.geometryTypes[0] == .lineString)
        #expect(roads.ids[0] == .number(7))
        #expect(roads.properties.value("name", row: 0) == .string("Main"))
        #expect(roads.properties.value("lanes", row: 0) == .number(2))
        let points = (0..<roads.pointCount).map { (roads.x($0), roads.y($0)) }
        #expect(points.count == 3)
        #expect(abs(points[0].0 + Self.half) < 1e-6 && abs(points[0].1 - Self.half) < 1e-6)
        #expect(abs(points[1].0 + Self.half / 2) < 1e-6 && abs(points[1].1 - Self.half / 2) < 1e-6)
        #expect(abs(points[2].0) < 1e-6 && abs(points[2].1 - Self.half * 3 / 4) < 1e-6)
        #expect(decoded.warnings.isEmpty)
    }

    @Test func ringsWoundAgainstTheFirstAreHoles() throws {
        // The specification's example: an outer ring clockwise on screen (positive area in
        // tile coordinates), a hole counter-clockwise, then a second polygon.
        let outer = [(100, 100), (1000, 100), (1000, 1000), (100, 1000)].map { (Int32($0.0), Int32($0.1)) }
        let hole = [(200, 200), (200, 800), (800, 800), (800, 200)].map { (Int32($0.0), Int32($0.1)) }
        let second = [(2000, 2000), (3000, 2000), (3000, 3000), (2000, 3000)].map { (Int32($0.0), Int32($0.1)) }
        let feature = TileWriter.Feature(type: 3, geometry: TileWriter.geometry([outer, hole, second], close: true))
        let decoded = try decode(TileWriter.tile([TileWriter.layer("parks", features: [feature])]))
        let parks = try #require(decoded.layers["parks"])
        #expect(parks.geometryTypes[0] == .multiPolygon)
        let parts = parks.parts(of: 0)
        #expect(parts.count == 2)
        #expect(parks.rings(of: parts.lowerBound).count == 2, "the outer ring and its hole")
        #expect(parks.rings(of: parts.lowerBound + 1).count == 1)
        // Rings are closed.
        let ring = parks.points(of: parks.rings(of: parts.lowerBound).lowerBound)
        #expect(parks.x(ring.lowerBound) == parks.x(ring.upperBound - 1) && ring.count == 5)
    }

    @Test func geometryInTheBufferIsCutAtTheTileEdgeButLinesKeepIt() throws {
        // A line from the buffer across the tile, a polygon half outside, points in and out.
        // Lines keep the buffer, as MapLibre keeps it: drawing clips them to the tile.
        let line = TileWriter.Feature(type: 2, geometry: TileWriter.geometry([[(-256, 2048), (4352, 2048)]]))
        let square = [(3000, 1000), (5000, 1000), (5000, 2000), (3000, 2000)].map { (Int32($0.0), Int32($0.1)) }
        let polygon = TileWriter.Feature(type: 3, geometry: TileWriter.geometry([square], close: true))
        let points = TileWriter.Feature(type: 1, geometry: TileWriter.geometry([[(10, 10), (-5, 10), (4096, 3)]], points: true))
        let decoded = try decode(TileWriter.tile([TileWriter.layer("l", features: [line, polygon, points])]))
        let t = try #require(decoded.layers["l"])
        #expect(t.count == 3)
        let lineX = t.pointRange(of: 0).map { t.x($0) }
        let buffer = 256.0 / 4096 * Self.half
        #expect(abs(lineX.min()! + Self.half + buffer) < 1e-6 && abs(lineX.max()! - buffer) < 1e-6, "\(lineX)")
        let polygonX = t.pointRange(of: 1).map { t.x($0) }
        #expect(polygonX.max()! <= 1e-6, "cut at the east edge: \(polygonX)")
        #expect(t.geometryTypes[1] == .polygon)
        #expect(t.hasSeparateOutline(1), "the cut polygon carries its outline")
        let outline = try #require(t.parts(of: 1).last)
        #expect(t.partKinds[outline] == .line)
        let outlineX = t.points(of: t.rings(of: outline).lowerBound).map { t.x($0) }
        // The outline runs west along the top, down the west side and east along the
        // bottom; the cut along the tile's east edge is not part of it.
        #expect(outlineX.count == 4 && abs(outlineX.first!) < 1e-6 && abs(outlineX.last!) < 1e-6, "\(outlineX)")
        #expect(!t.hasSeparateOutline(0))
        #expect(t.geometryTypes[2] == .point, "only the point inside the tile is kept")
        #expect(t.pointRange(of: 2).count == 1)
    }

    @Test func gzipTilesAreInflated() throws {
        let feature = TileWriter.Feature(type: 1, geometry: TileWriter.geometry([[(5, 5)]], points: true))
        let raw = TileWriter.tile([TileWriter.layer("p", features: [feature])])
        let gz = try Gzip.compress(raw)
        #expect(gz[0] == 0x1f && gz[1] == 0x8b)
        #expect(try decode(gz).layers["p"]?.count == 1)
    }

    @Test func aLayerWithoutExtentIsReadAt4096WithAWarning() throws {
        let feature = TileWriter.Feature(type: 1, geometry: TileWriter.geometry([[(2048, 2048)]], points: true))
        let decoded = try decode(TileWriter.tile([TileWriter.layer("p", extent: nil, features: [feature])]))
        #expect(decoded.warnings == ["layer \"p\" has no extent; 4096 assumed"])
        let p = try #require(decoded.layers["p"])
        #expect(abs(p.x(0) + Self.half / 2) < 1e-6)
    }

    @Test(arguments: [
        ("a command count that overruns the geometry", TileWriter.tile([TileWriter.layer("roads", features: [
            TileWriter.Feature(type: 2, geometry: [TileWriter.command(1, 1), 0, 0, TileWriter.command(2, 500), 2, 2])])]),
         "layer \"roads\": feature 0: command count 500 overruns the geometry"),
        ("a tag outside the tables", TileWriter.tile([TileWriter.layer("roads", keys: ["a"], values: [.bool(true)], features: [
            TileWriter.Feature(type: 1, geometry: TileWriter.geometry([[(1, 1)]], points: true), tags: [0, 3])])]),
         "layer \"roads\": feature 0: tag 0=3 is outside the layer's 1 keys and 1 values"),
        ("not protobuf", Array("<html>not found</html>".utf8), "not a valid vector tile"),
        ("cut short", Array(TileWriter.tile([TileWriter.layer("roads", features: [
            TileWriter.Feature(type: 2, geometry: TileWriter.geometry([[(0, 0), (10, 10)]]))])]).dropLast(3)),
         "not a valid vector tile"),
        ("broken gzip", [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4], "gzip"),
    ])
    func badTilesAreNamedWithWhatIsWrong(_ what: String, _ bytes: [UInt8], _ message: String) {
        do {
            _ = try decode(bytes)
            Issue.record("\(what): decoded")
        } catch {
            #expect("\(error)".contains(message), "\(what): \(error)")
        }
    }

    @Test func pmtilesTileIDsFollowTheHilbertCurve() {
        // Values from the PMTiles v3 specification and its reference implementation.
        #expect(PMTilesArchive.tileID(TileID(z: 0, x: 0, y: 0)) == 0)
        #expect(PMTilesArchive.tileID(TileID(z: 1, x: 0, y: 0)) == 1)
        #expect(PMTilesArchive.tileID(TileID(z: 1, x: 0, y: 1)) == 2)
        #expect(PMTilesArchive.tileID(TileID(z: 1, x: 1, y: 1)) == 3)
        #expect(PMTilesArchive.tileID(TileID(z: 1, x: 1, y: 0)) == 4)
        #expect(PMTilesArchive.tileID(TileID(z: 2, x: 0, y: 0)) == 5)
        #expect(PMTilesArchive.tileID(TileID(z: 12, x: 3423, y: 1763)) == 19078479)
    }

    @Test func theCoverOfABoxWrapsColumnsAndStopsAtTileEdges() throws {
        let t = TileID(z: 3, x: 5, y: 2).bounds
        #expect(TileID.covering(t, zoom: 3, limit: 10) == [TileID(z: 3, x: 5, y: 2)])
        let wide = Box(minX: -TileID.worldHalf * 1.1, minY: -1, maxX: -TileID.worldHalf * 0.9, maxY: 1)
        let cover = try #require(TileID.covering(wide, zoom: 2, limit: 100))
        #expect(Set(cover.map(\.x)) == [3, 0])
        #expect(TileID.covering(Box(minX: -1e7, minY: -1e7, maxX: 1e7, maxY: 1e7), zoom: 10, limit: 100) == nil)
    }
}

/// Damaged real tiles (bytes flipped, cut, repeated) decode or fail with a message; the
/// fuzz target (`scripts/fuzz.sh tile`) does the same at length under AddressSanitizer.
@Suite("Vector tile decoding: damaged tiles")
struct DamagedTileTests {
    static let tile = String(#filePath).components(separatedBy: "/Tests/")[0]
        + "/../shared/conformance/assets/tiles/14-8802-5374.mvt"

    @Test func damagedTilesNeverCrash() throws {
        let original = try #require(FileManager.default.contents(atPath: Self.tile).map { [UInt8]($0) })
        let decoder = VectorTileDecoder(tile: TileID(z: 14, x: 8802, y: 5374))
        let whole = try original.withUnsafeBytes { try decoder.decode(compressedOrNot: $0) }
        #expect(whole.layers["road"]?.count ?? 0 > 100)
        var rng = SeededGenerator(seed: 18)
        var failures = 0
        for _ in 0..<400 {
            var bytes = original
            switch Int.random(in: 0..<3, using: &rng) {
            case 0:
                for _ in 0..<Int.random(in: 1...8, using: &rng) {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            case 1:
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
            default:
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 64)], at: at)
            }
            do {
                _ = try bytes.withUnsafeBytes { try decoder.decode(compressedOrNot: $0) }
            } catch {
                failures += 1
                #expect(!"\(error)".isEmpty)
            }
        }
        #expect(failures > 0, "some damage must be detected")
    }
}
