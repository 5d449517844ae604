import Cartouche
import JSON
import Tiles

/// A PMTiles version 3 archive (the public specification, github.com/protomaps/PMTiles,
/// spec/v3): a 127-byte header, the root directory, JSON metadata, leaf directories and
/// the tile data, tiles ordered along the Hilbert curve of each zoom ("clustered");
/// directories and metadata gzipped, PNG tiles stored as they are.
/// Identical tiles (sea, empty land) are stored once, and runs of them become one
/// directory entry.
///
/// Tiles are gathered in a staging MBTiles file beside the output (so `--resume` works as
/// for MBTiles) and the archive is written in one go by `finish`, under a temporary name
/// renamed into place.
public final class PMTilesFile: TileSink {
    /// The archive's final path.
    public let path: String
    private let staging: MBTilesFile

    /// Opens the staging file (new, or with `resume` the one an interrupted run left).
    public init(path: String, resume: Bool) throws {
        self.path = path
        self.staging = try MBTilesFile(path: path + ".staging.mbtiles", resume: resume)
    }

    /// Whether the tile is already in the staging file.
    public func contains(_ tile: TileID) throws -> Bool { try staging.contains(tile) }
    /// Stores the tiles of one metatile in the staging file.
    public func write(_ tiles: [(TileID, [UInt8])]) throws { try staging.write(tiles) }

    /// Writes the archive from the staging file, identical tiles once, renames it into place and
    /// removes the staging file.
    public func finish(metadata: TilesetMetadata) throws {
        let tiles = try staging.storedTiles().map { (PMTiles.tileID($0), $0) }.sorted { $0.0 < $1.0 }
        var data: [UInt8] = []
        var entries: [PMTiles.Entry] = []
        var offsetByDigest: [String: (offset: UInt64, length: UInt32)] = [:]
        for (id, tile) in tiles {
            let bytes = try staging.bytes(of: tile)
            let digest = Checksum.sha256(bytes)
            let place: (offset: UInt64, length: UInt32)
            if let known = offsetByDigest[digest] {
                place = known
            } else {
                place = (UInt64(data.count), UInt32(bytes.count))
                data += bytes
                offsetByDigest[digest] = place
            }
            // Consecutive ids with the same bytes: one entry with a longer run.
            if let last = entries.last, last.tileID + UInt64(last.runLength) == id, last.offset == place.offset {
                entries[entries.count - 1].runLength += 1
            } else {
                entries.append(PMTiles.Entry(tileID: id, offset: place.offset, length: place.length, runLength: 1))
            }
        }
        let archive = try PMTiles.archive(entries: entries, tileData: data, addressedTiles: tiles.count,
                                      contents: offsetByDigest.count, metadata: metadata)
        try AtomicFile.write(archive, to: path)
        staging.close()
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(staging.partial + suffix) }
    }
}

/// The PMTiles v3 encoding: tile ids, directories, header.
public enum PMTiles {
    /// One directory entry: a tile (or run of identical tiles) and where its bytes are.
    public struct Entry: Sendable, Equatable {
        /// The first tile's id along the Hilbert curves of the zooms.
        public var tileID: UInt64
        /// Where the bytes start in the tile data (or the leaf directory in the leaves section).
        public var offset: UInt64
        /// How many bytes.
        public var length: UInt32
        /// 0 for an entry that points to a leaf directory.
        public var runLength: UInt32
    }

    /// The tile's position on the Hilbert curve of its zoom, after every tile of the zooms
    /// above it.
    public static func tileID(_ t: TileID) -> UInt64 {
        var acc: UInt64 = 0
        for z in 0..<t.z { acc += UInt64(1) << (2 * UInt64(z)) }
        var x = UInt64(t.x), y = UInt64(t.y), d: UInt64 = 0
        var s = UInt64(1) << UInt64(max(0, t.z - 1))
        guard t.z > 0 else { return 0 }
        while s > 0 {
            let rx: UInt64 = (x & s) > 0 ? 1 : 0, ry: UInt64 = (y & s) > 0 ? 1 : 0
            d += s * s * ((3 * rx) ^ ry)
            if ry == 0 {
                if rx == 1 {
                    x = s - 1 - (x & (s - 1))
                    y = s - 1 - (y & (s - 1))
                }
                swap(&x, &y)
            }
            s >>= 1
        }
        return acc + d
    }

    static func varint(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// A directory: count, tile-id deltas, run lengths, lengths, offsets (0 when an entry
    /// follows the previous one directly, else offset + 1), before compression.
    public static func directory(_ entries: ArraySlice<Entry>) -> [UInt8] {
        var out: [UInt8] = []
        varint(UInt64(entries.count), into: &out)
        var last: UInt64 = 0
        for e in entries {
            varint(e.tileID - last, into: &out)
            last = e.tileID
        }
        for e in entries { varint(UInt64(e.runLength), into: &out) }
        for e in entries { varint(UInt64(e.length), into: &out) }
        var previous: Entry?
        for e in entries {
            if let p = previous, e.offset == p.offset + UInt64(p.length) {
                varint(0, into: &out)
            } else {
                varint(e.offset + 1, into: &out)
            }
            previous = e
        }
        return out
    }

    /// Root directory and leaves: the root must fit in the first 16 KiB with the header, so
    /// larger directories are split into leaves of `leafSize` entries that the root points to.
    static func directories(_ entries: [Entry]) throws -> (root: [UInt8], leaves: [UInt8]) {
        let root = try Gzip.compress(directory(entries[...]))
        if root.count <= 16_384 - 127 { return (root, []) }
        var leafSize = 4096
        while true {
            var leaves: [UInt8] = []
            var rootEntries: [Entry] = []
            for start in stride(from: 0, to: entries.count, by: leafSize) {
                let chunk = entries[start..<min(entries.count, start + leafSize)]
                let bytes = try Gzip.compress(directory(chunk))
                rootEntries.append(Entry(tileID: chunk.first!.tileID, offset: UInt64(leaves.count), length: UInt32(bytes.count), runLength: 0))
                leaves += bytes
            }
            let root = try Gzip.compress(directory(rootEntries[...]))
            if root.count <= 16_384 - 127 { return (root, leaves) }
            leafSize *= 2
        }
    }

    /// The whole archive: header, root directory, metadata, leaf directories, then `tileData`;
    /// `addressedTiles` and `contents` are the header's counts of tiles and of distinct tiles.
    public static func archive(entries: [Entry], tileData: [UInt8], addressedTiles: Int, contents: Int,
                               metadata m: TilesetMetadata) throws -> [UInt8] {
        let (root, leaves) = try directories(entries)
        var meta = JSONObject()
        meta["name"] = .string(m.name)
        meta["format"] = "png"
        meta["type"] = "baselayer"
        if let a = m.attribution { meta["attribution"] = .string(a) }
        let metadata = try Gzip.compress(Array(JSONWriter().string(.object(meta)).utf8))
        let rootOffset: UInt64 = 127
        let metadataOffset = rootOffset + UInt64(root.count)
        let leavesOffset = metadataOffset + UInt64(metadata.count)
        let dataOffset = leavesOffset + UInt64(leaves.count)
        var h: [UInt8] = Array("PMTiles".utf8) + [3]
        func u64(_ v: UInt64) { for i in 0..<8 { h.append(UInt8((v >> (8 * UInt64(i))) & 0xFF)) } }
        func i32(_ v: Int32) { let u = UInt32(bitPattern: v); for i in 0..<4 { h.append(UInt8((u >> (8 * UInt32(i))) & 0xFF)) } }
        func e7(_ degrees: Double) -> Int32 { Int32((degrees * 10_000_000).rounded()) }
        u64(rootOffset); u64(UInt64(root.count))
        u64(metadataOffset); u64(UInt64(metadata.count))
        u64(leavesOffset); u64(UInt64(leaves.count))
        u64(dataOffset); u64(UInt64(tileData.count))
        u64(UInt64(addressedTiles)); u64(UInt64(entries.count)); u64(UInt64(contents))
        h.append(1)  // clustered: tiles in tile-id order
        h.append(2)  // internal compression: gzip (directories and metadata)
        h.append(1)  // tile compression: none (PNG is compressed already)
        h.append(2)  // tile type: PNG
        h.append(UInt8(m.minZoom)); h.append(UInt8(m.maxZoom))
        i32(e7(m.bounds.minLon)); i32(e7(m.bounds.minLat)); i32(e7(m.bounds.maxLon)); i32(e7(m.bounds.maxLat))
        h.append(UInt8(m.center.zoom)); i32(e7(m.center.lon)); i32(e7(m.center.lat))
        precondition(h.count == 127)
        return h + root + metadata + leaves + tileData
    }
}

#if canImport(Glibc)
import Glibc
#endif
