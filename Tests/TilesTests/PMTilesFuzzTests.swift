import Foundation
import Testing
import TestSupport
@testable import Tiles

/// Damaged PMTiles archives: a small archive (gzip directories, a leaf directory, metadata,
/// two real tiles) with its bytes flipped, cut, repeated or its header's offsets and lengths
/// replaced by wild values. Opening it and reading tiles must give tiles, no tile, or an
/// error naming the file; never a crash, a hang or a tile from outside the file. Seeded, so
/// that a failure repeats; a few seconds.
@Suite("PMTiles reading: damaged archives")
struct PMTilesFuzzTests {
    static let assets = String(#filePath).components(separatedBy: "/Tests/")[0] + "/../shared/conformance/assets/tiles"
    static let low = TileID(z: 2, x: 1, y: 1)
    static let high = TileID(z: 14, x: 4357, y: 6245)

    /// The archive and the size of its header, directories and metadata (what mutations aim at).
    static func archive() throws -> (bytes: [UInt8], head: Int, tiles: [TileID: [UInt8]]) {
        let read = { (name: String) throws -> [UInt8] in
            try #require(FileManager.default.contents(atPath: "\(assets)/\(name)").map { [UInt8]($0) })
        }
        let tiles = [low: try read("2-1-1.mvt"), high: try read("14-4357-6245.mvt")]
        let (bytes, head) = try PMTilesWriter.archive(tiles)
        return (bytes, head, tiles)
    }

    @Test func theUndamagedArchiveReadsBothTiles() throws {
        let (bytes, _, tiles) = try Self.archive()
        let path = try ScratchDirectory.make("pmtiles-fuzz") + "/whole.pmtiles"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let archive = try PMTilesArchive(path: path)
        #expect(archive.info.minZoom == 2 && archive.info.maxZoom == 14)
        #expect(archive.info.vectorLayers?.map(\.id) == ["water"])
        for (tile, original) in tiles {
            #expect(try archive.data(tile) == original, "tile \(tile)")
        }
        #expect(try archive.data(TileID(z: 14, x: 4357, y: 6244)) == nil, "a tile the archive does not hold")
        #expect(try archive.data(TileID(z: 3, x: 0, y: 0)) == nil)
    }

    @Test func damagedArchivesNeverCrash() throws {
        let (original, head, _) = try Self.archive()
        let dir = try ScratchDirectory.make("pmtiles-fuzz")
        var rng = SeededGenerator(seed: 1818)
        var refused = 0, opened = 0, tilesRead = 0, tileErrors = 0
        let probes = [Self.low, Self.high, TileID(z: 0, x: 0, y: 0), TileID(z: 14, x: 4356, y: 6245),
                      TileID(z: 13, x: 2178, y: 3122), TileID(z: 26, x: 1, y: 1)]
        let started = Date()
        for iteration in 0..<600 {
            var bytes = original
            switch Int.random(in: 0..<5, using: &rng) {
            case 0, 1:
                // Bytes changed, mostly in the header and directories.
                for _ in 0..<Int.random(in: 1...6, using: &rng) {
                    let end = Bool.random(using: &rng) ? head : bytes.count
                    bytes[Int.random(in: 0..<end, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            case 2:
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
            case 3:
                // A header field (offset, length or count) set to a wild value.
                let field = 8 + 8 * Int.random(in: 0..<9, using: &rng)
                let wild: [UInt64] = [0, 1, UInt64.max, UInt64.max - 1, UInt64(bytes.count), UInt64(bytes.count) + 1,
                                      UInt64(Int64.max), UInt64.random(in: 0...UInt64(bytes.count * 2), using: &rng)]
                let value = wild.randomElement(using: &rng)!
                for k in 0..<8 { bytes[field + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
            default:
                let at = Int.random(in: 0..<head, using: &rng)
                bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 32)], at: at)
            }
            let path = "\(dir)/\(iteration).pmtiles"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let archive: PMTilesArchive
            do {
                archive = try PMTilesArchive(path: path)
            } catch {
                refused += 1
                #expect("\(error)".hasPrefix(path), "the message names the file: \(error)")
                continue
            }
            opened += 1
            for tile in probes {
                do {
                    guard let data = try archive.data(tile) else { continue }
                    tilesRead += 1
                    #expect(data.count <= bytes.count)
                    _ = try? data.withUnsafeBytes { try VectorTileDecoder(tile: tile).decode(compressedOrNot: $0) }
                } catch {
                    tileErrors += 1
                    #expect("\(error)".hasPrefix(path), "the message names the file: \(error)")
                }
            }
        }
        #expect(refused > 50, "damaged headers and directories are refused (\(refused) of 600)")
        #expect(opened > 50 && tilesRead > 50, "some damage leaves the archive readable (\(opened) opened, \(tilesRead) tiles)")
        #expect(Date().timeIntervalSince(started) < 60, "bounded time")
        _ = tileErrors
    }
}

/// A minimal PMTiles v3 writer for the tests: the header, a gzip root directory whose first
/// entry points to a gzip leaf directory, gzip JSON metadata, then the tiles uncompressed.
enum PMTilesWriter {
    static func varints(_ values: [UInt64]) -> [UInt8] {
        var w = TileWriter()
        for v in values { w.varint(v) }
        return w.bytes
    }

    /// A directory: count, tile-id deltas, run lengths, lengths, offsets (+1, or 0 when the
    /// entry follows the previous one).
    static func directory(_ entries: [(id: UInt64, offset: UInt64, length: UInt64, run: UInt64)]) -> [UInt8] {
        var ids: [UInt64] = [], last: UInt64 = 0
        for e in entries {
            ids.append(e.id - last)
            last = e.id
        }
        var offsets: [UInt64] = []
        for (i, e) in entries.enumerated() {
            let follows = i > 0 && e.offset == entries[i - 1].offset + entries[i - 1].length
            offsets.append(follows ? 0 : e.offset + 1)
        }
        return varints([UInt64(entries.count)] + ids + entries.map(\.run) + entries.map(\.length) + offsets)
    }

    /// The archive's bytes and where its tile data starts.
    static func archive(_ tiles: [TileID: [UInt8]]) throws -> (bytes: [UInt8], head: Int) {
        let sorted = tiles.keys.sorted { PMTilesArchive.tileID($0) < PMTilesArchive.tileID($1) }
        var data: [UInt8] = []
        var entries: [(id: UInt64, offset: UInt64, length: UInt64, run: UInt64)] = []
        for tile in sorted {
            entries.append((PMTilesArchive.tileID(tile), UInt64(data.count), UInt64(tiles[tile]!.count), 1))
            data += tiles[tile]!
        }
        // The first tile in the root directory, the others in one leaf.
        let leaf = try Gzip.compress(directory(Array(entries.dropFirst())))
        let root = try Gzip.compress(directory([entries[0], (entries[1].id, 0, UInt64(leaf.count), 0)]))
        let metadata = try Gzip.compress(Array(#"{"name":"fuzz","vector_layers":[{"id":"water","fields":{}}]}"#.utf8))
        let rootOffset: UInt64 = 127
        let metadataOffset = rootOffset + UInt64(root.count)
        let leafOffset = metadataOffset + UInt64(metadata.count)
        let dataOffset = leafOffset + UInt64(leaf.count)
        var header = Array("PMTiles".utf8) + [3]
        for v in [rootOffset, UInt64(root.count), metadataOffset, UInt64(metadata.count), leafOffset, UInt64(leaf.count),
                  dataOffset, UInt64(data.count), UInt64(tiles.count), UInt64(tiles.count), UInt64(tiles.count)] {
            header += (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) }
        }
        // clustered, internal gzip, tiles uncompressed, MVT, zooms 2 to 14.
        header += [1, 2, 1, 1, 2, 14]
        for degrees in [-180.0, -85.0, 180.0, 85.0] {
            let v = UInt32(bitPattern: Int32(degrees * 1e7))
            header += (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * UInt32($0))) }
        }
        header += [0] + [UInt8](repeating: 0, count: 8)  // centre zoom, longitude, latitude
        precondition(header.count == 127)
        return (header + root + metadata + leaf + data, Int(dataOffset))
    }
}
