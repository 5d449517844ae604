import CSQLite
import Foundation
import Testing
import TestSupport
@testable import TilePyramids
import Tiles

/// `cartouche tiles` as a user runs it, its outputs read back by other programs: GDAL's
/// MBTiles driver and the `pmtiles` Python package (the format's reference reader).
@Suite("cartouche tiles")
struct TilesCommandTests {
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]
    static let binary: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("cartouche").path
    }()
    /// The centre of Luohe: a small pyramid (zooms 11-13: 2 + 4 + 9 tiles).
    static let bbox = "113.98,33.54,114.06,33.6"

    @discardableResult
    static func run(_ arguments: [String]) throws -> (status: Int32, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: root)
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: e, as: UTF8.self))
    }

    static func tool(_ path: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// Every tile of an MBTiles file, XYZ rows, with its bytes.
    static func tiles(ofMBTiles path: String) throws -> [TileID: [UInt8]] {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else { throw CocoaError(.fileReadUnknown) }
        defer { sqlite3_close(db) }
        var s: OpaquePointer?
        sqlite3_prepare_v2(db, "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles", -1, &s, nil)
        defer { sqlite3_finalize(s) }
        var out: [TileID: [UInt8]] = [:]
        while sqlite3_step(s) == SQLITE_ROW {
            let z = Int(sqlite3_column_int(s, 0))
            let t = TileID(z: z, x: Int(sqlite3_column_int(s, 1)), y: (1 << z) - 1 - Int(sqlite3_column_int(s, 2)))
            out[t] = Array(UnsafeRawBufferPointer(start: sqlite3_column_blob(s, 3), count: Int(sqlite3_column_bytes(s, 3))))
        }
        return out
    }

    @Test func mbtilesReadByGDAL() throws {
        let dir = try ScratchDirectory.make("tiles")
        let r = try Self.run(["tiles", "Styles/yuanhui.json", "--bbox", Self.bbox, "--zooms", "11-13", "-o", dir + "/luohe.mbtiles"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("wrote 15 tiles"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/luohe.mbtiles.partial"))
        let tiles = try Self.tiles(ofMBTiles: dir + "/luohe.mbtiles")
        #expect(tiles.count == 15)
        let info = try Self.tool("/usr/bin/gdalinfo", ["-json", dir + "/luohe.mbtiles"])
        #expect(info.status == 0, "\(info.err)")
        let json = try JSONSerialization.jsonObject(with: Data(info.out.utf8)) as! [String: Any]
        let metadata = (json["metadata"] as? [String: Any])?[""] as? [String: String] ?? [:]
        #expect(metadata["ZOOM_LEVEL"] == "13", "\(metadata)")
        #expect(metadata["name"]?.contains("Yuanhui") == true, "\(metadata)")
        // Tiles with the city in them are not blank.
        let city = try #require(tiles[TileID(z: 13, x: 6690, y: 3283)])
        #expect(city.count > 5000, "a tile of the city centre has streets and labels: \(city.count) bytes")
    }

    @Test func pmtilesReadByThePMTilesReader() throws {
        let dir = try ScratchDirectory.make("tiles")
        let a = try Self.run(["tiles", "Styles/yuanhui.json", "--bbox", Self.bbox, "--zooms", "11-13", "-o", dir + "/luohe.pmtiles"])
        #expect(a.status == 0, "\(a.err)")
        let b = try Self.run(["tiles", "Styles/yuanhui.json", "--bbox", Self.bbox, "--zooms", "11-13", "-o", dir + "/luohe.mbtiles"])
        #expect(b.status == 0, "\(b.err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/luohe.pmtiles.staging.mbtiles.partial"))
        // The reference reader lists every tile; each is the MBTiles file's tile.
        let script = """
        import json, sys
        from pmtiles.reader import Reader, MmapSource, all_tiles
        with open(sys.argv[1], "r+b") as f:
            src = MmapSource(f)
            r = Reader(src)
            h = r.header()
            tiles = {"%d/%d/%d" % t: data.hex() for t, data in all_tiles(src)}
            print(json.dumps({"min": h["min_zoom"], "max": h["max_zoom"], "type": h["tile_type"].value,
                              "meta": r.metadata(), "tiles": tiles}))
        """
        let py = try Self.tool("/usr/bin/env", ["python3", "-c", script, dir + "/luohe.pmtiles"])
        #expect(py.status == 0, "pmtiles (pip install pmtiles): \(py.err)")
        let json = try JSONSerialization.jsonObject(with: Data(py.out.utf8)) as! [String: Any]
        #expect(json["min"] as? Int == 11 && json["max"] as? Int == 13)
        #expect(json["type"] as? Int == 2, "PNG")
        let read = json["tiles"] as! [String: String]
        let expected = try Self.tiles(ofMBTiles: dir + "/luohe.mbtiles")
        #expect(read.count == expected.count)
        for (t, bytes) in expected {
            let hex = try #require(read["\(t.z)/\(t.x)/\(t.y)"], "tile \(t) is not in the PMTiles")
            try Self.expectSameTile(try #require(Self.bytes(ofHex: hex), "tile \(t): not hex"), bytes, "tile \(t)")
        }
    }

    @Test func shardsTogetherMakeTheWholePyramidAndResumeSkipsWhatIsThere() throws {
        let dir = try ScratchDirectory.make("tiles")
        let whole = try Self.run(["tiles", "Styles/yuanhui.json", "--bbox", Self.bbox, "--zooms", "12-13", "-o", dir + "/whole"])
        #expect(whole.status == 0, "\(whole.err)")
        for i in 0..<2 {
            let r = try Self.run(["tiles", "Styles/yuanhui.json", "--bbox", Self.bbox, "--zooms", "12-13", "--shard", "\(i)/2", "-o", dir + "/sharded"])
            #expect(r.status == 0, "\(r.err)")
        }
        let files = try FileManager.default.subpathsOfDirectory(atPath: dir + "/whole").filter { $0.hasSuffix(".png") }.sorted()
        let sharded = try FileManager.default.subpathsOfDirectory(atPath: dir + "/sharded").filter { $0.hasSuffix(".png") }.sorted()
        #expect(files == sharded)
        #expect(files.count == 13)
        for f in files {
            let a = try Data(contentsOf: URL(fileURLWithPath: dir + "/whole/" + f)), b = try Data(contentsOf: URL(fileURLWithPath: dir + "/sharded/" + f))
            try Self.expectSameTile(Array(a), Array(b), f)
        }
        let again = try Self.run(["tiles", "Styles/yuanhui.json", "--bbox", Self.bbox, "--zooms", "12-13", "--resume", "-o", dir + "/whole"])
        #expect(again.err.contains("wrote 0 tiles"), "\(again.err)")
        #expect(again.err.contains("metatiles already stored"), "\(again.err)")
    }

    /// Raster layers are drawn into tiles as into maps: the relief style's tiles with its
    /// hillshade shown differ from the same style with the hillshade hidden (the tiles once
    /// left every source but GeoJSON out, without a word).
    @Test func tilesDrawTheStylesRasterLayers() throws {
        let dir = try ScratchDirectory.make("tiles")
        try FileManager.default.createDirectory(atPath: dir + "/Styles", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/GeoData", withDestinationPath: Self.root + "/GeoData")
        let relief = try String(contentsOfFile: Self.root + "/Styles/yuanhui-relief.json", encoding: .utf8)
        let hidden = relief.replacingOccurrences(of: #""type": "hillshade","#, with: #""type": "hillshade", "layout": {"visibility": "none"},"#)
        #expect(hidden != relief)
        try relief.write(toFile: dir + "/Styles/shown.json", atomically: true, encoding: .utf8)
        try hidden.write(toFile: dir + "/Styles/hidden.json", atomically: true, encoding: .utf8)
        for name in ["shown", "hidden"] {
            let r = try Self.run(["tiles", "\(dir)/Styles/\(name).json", "--bbox", "113.8,33.45,114.05,33.62", "--zooms", "10", "-o", "\(dir)/\(name)"])
            #expect(r.status == 0, "\(r.err)")
        }
        let tile = "10/835/410.png"
        let shown = try PNGPixels(Array(Data(contentsOf: URL(fileURLWithPath: "\(dir)/shown/\(tile)"))))
        let hiddenTile = try PNGPixels(Array(Data(contentsOf: URL(fileURLWithPath: "\(dir)/hidden/\(tile)"))))
        let shaded = (0..<shown.pixels.count).filter { RedrawnImage.overWhite(shown.pixels[$0], hiddenTile.pixels[$0]) > 8 }.count
        #expect(shaded > 500, "only \(shaded) pixels of \(tile) changed with the hillshade shown")
    }

    /// Two drawings of one tile: the same picture (see `RedrawnImage`), a byte difference
    /// reported as a warning.
    static func expectSameTile(_ a: [UInt8], _ b: [UInt8], _ what: String) throws {
        switch try RedrawnImage.compare(a, b) {
        case .identical: break
        case .samePicture(let largest):
            Issue.record("\(what): the same picture in different bytes (pixels differ by up to \(largest)/255)", severity: .warning)
        case .different(let how): Issue.record("\(what): \(how)")
        }
    }

    static func bytes(ofHex hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[i...i + 1], as: UTF8.self), radix: 16) else { return nil }
            out.append(byte)
        }
        return out
    }

    @Test func badArgumentsAreOneLine() throws {
        let dir = try ScratchDirectory.make("tiles")
        for (args, fragment) in [(["--bbox", "114,33,113,34", "--zooms", "10"], "min < max"),
                                 (["--bbox", Self.bbox, "--zooms", "12-30"], "--zooms"),
                                 (["--bbox", Self.bbox, "--zooms", "9-x"], "--zooms")] {
            let r = try Self.run(["tiles", "Styles/yuanhui.json"] + args + ["-o", dir + "/x.mbtiles"])
            #expect(r.status != 0)
            #expect(r.err.contains(fragment), "\(r.err)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/x.mbtiles"))
        }
    }
}
