import Datasource
import Geometry
import JSON

/// A PMTiles v3 archive (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md),
/// memory-mapped: the 127-byte header, the root directory, leaf directories, entries with
/// run lengths, and gzip or no compression for directories and tiles. Directories are
/// parsed when first needed and kept.
public final class PMTilesArchive: TileArchive, @unchecked Sendable {
    /// The file's path, as messages name it.
    public let name: String
    /// What the header and JSON metadata say of the tile set.
    public let info: TileSetInfo
    private let file: MappedFile
    private let header: Header
    private let root: [Entry]
    private let lock = Lock()
    private var leaves: [Int: [Entry]] = [:]

    struct Header {
        var rootOffset, rootLength, metadataOffset, metadataLength: UInt64
        var leafOffset, leafLength, tileDataOffset, tileDataLength: UInt64
        var addressedTiles: UInt64
        var internalCompression, tileCompression, tileType: UInt8
        var minZoom, maxZoom: UInt8
        var bounds: [Double]
    }

    struct Entry {
        var tileID: UInt64
        var offset: UInt64
        var length: UInt64
        var runLength: UInt64
    }

    /// Maps the file and reads its header, root directory and metadata; throws naming the file
    /// when it is not a PMTiles v3 archive.
    public init(path: String, content: TileContent = .vector) throws {
        name = path
        do {
            file = try MappedFile(path: path)
        } catch {
            // The file's own message names the path already.
            let text = "\(error)"
            throw DatasourceError(dataset: path, text.hasPrefix("\(path): ") ? String(text.dropFirst(path.count + 2)) : text)
        }
        let bytes = file.bytes
        guard bytes.count >= 127 else {
            throw DatasourceError(dataset: path, "truncated PMTiles header: \(bytes.count) bytes, expected 127")
        }
        guard Array(bytes[0..<7]) == Array("PMTiles".utf8) else {
            throw DatasourceError(dataset: path, "not a PMTiles file (no \"PMTiles\" magic at byte 0)")
        }
        guard bytes[7] == 3 else {
            throw DatasourceError(dataset: path, "PMTiles version \(bytes[7]) is not supported (only version 3)")
        }
        func u64(_ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
        func i32(_ at: Int) -> Double {
            Double(Int32(bitPattern: (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) })) / 1e7
        }
        header = Header(rootOffset: u64(8), rootLength: u64(16), metadataOffset: u64(24), metadataLength: u64(32),
                        leafOffset: u64(40), leafLength: u64(48), tileDataOffset: u64(56), tileDataLength: u64(64),
                        addressedTiles: u64(72), internalCompression: bytes[97], tileCompression: bytes[98],
                        tileType: bytes[99], minZoom: bytes[100], maxZoom: bytes[101],
                        bounds: [i32(102), i32(106), i32(110), i32(114)])
        for (what, c) in [("directory", header.internalCompression), ("tile", header.tileCompression)] where c > 2 {
            let kind = [3: "brotli", 4: "zstd"][Int(c)] ?? "code \(c)"
            throw DatasourceError(dataset: path, "\(what) compression \(kind) is not supported (only none and gzip)")
        }
        // Type 0 (unknown) is taken for what the source wants.
        let format = [1: "pbf", 2: "png", 3: "jpg", 4: "webp", 5: "avif"][Int(header.tileType)]
        if let format, !content.accepts(format: format) {
            let kind = [2: "PNG", 3: "JPEG", 4: "WebP", 5: "AVIF"][Int(header.tileType)] ?? "vector"
            throw DatasourceError(dataset: path, "holds \(kind) tiles, not \(content.noun)")
        } else if format == nil && header.tileType != 0 {
            throw DatasourceError(dataset: path, "unknown PMTiles tile type \(header.tileType)")
        }
        root = try Self.directory(file, header, offset: header.rootOffset, length: header.rootLength, path: path, what: "root directory")
        var info = TileSetInfo()
        info.minZoom = Int(header.minZoom)
        info.maxZoom = Int(header.maxZoom)
        info.bounds = header.bounds
        info.format = format
        info.tileCount = Int(clamping: header.addressedTiles)
        if header.metadataLength > 0 {
            let metadata = try Self.section(file, header, offset: header.metadataOffset, length: header.metadataLength,
                                            path: path, what: "metadata")
            do {
                if let object = try JSONParser.parse(metadata).objectValue {
                    // The header's zooms and bounds are the archive's truth; the metadata
                    // adds the layers and their fields.
                    var fromMetadata = TileSetInfo()
                    fromMetadata.read(object)
                    info.vectorLayers = fromMetadata.vectorLayers
                    info.name = fromMetadata.name
                    // Type 0 (unknown): pmtiles-convert writes it for MBTiles of "jpg"
                    // tiles, whose metadata it copies.
                    if format == nil, let f = fromMetadata.format {
                        guard content.accepts(format: f) else {
                            throw DatasourceError(dataset: path, "holds \(f) tiles (metadata format), not \(content.noun)")
                        }
                        info.format = f
                    }
                }
            } catch let error as DatasourceError {
                throw error
            } catch {
                throw DatasourceError(dataset: path, "metadata: \(error)")
            }
        }
        self.info = info
    }

    /// The file's size and modification time, for `--resume`.
    public var fingerprint: String { fileStamp(name) }

    /// The bytes at a header-relative place, decompressed as the header says.
    private static func section(_ file: MappedFile, _ header: Header, offset: UInt64, length: UInt64,
                                path: String, what: String) throws -> [UInt8] {
        let size = UInt64(file.count)
        guard offset <= size, length <= size - offset else {
            throw DatasourceError(dataset: path, "truncated PMTiles \(what): \(length) bytes at \(offset) run past the end of the \(size)-byte file")
        }
        let raw = UnsafeRawBufferPointer(rebasing: file.bytes[Int(offset)..<Int(offset + length)])
        guard header.internalCompression == 2 else { return Array(raw) }
        do {
            return try Gzip.inflate(raw)
        } catch {
            throw DatasourceError(dataset: path, "PMTiles \(what): \(error.message)")
        }
    }

    private static func directory(_ file: MappedFile, _ header: Header, offset: UInt64, length: UInt64,
                                  path: String, what: String) throws -> [Entry] {
        let bytes = try section(file, header, offset: offset, length: length, path: path, what: what)
        do {
            return try bytes.withUnsafeBytes { raw in
                var r = ProtobufReader(raw)
                let n = try r.varint()
                // Every entry takes at least four bytes.
                guard n <= UInt64(raw.count) / 4 else {
                    throw ProtobufReader.Malformed(message: "\(n) entries do not fit in \(raw.count) bytes")
                }
                var entries = [Entry](repeating: Entry(tileID: 0, offset: 0, length: 0, runLength: 0), count: Int(n))
                var last: UInt64 = 0
                for i in entries.indices {
                    last &+= try r.varint()
                    entries[i].tileID = last
                }
                for i in entries.indices { entries[i].runLength = try r.varint() }
                for i in entries.indices { entries[i].length = try r.varint() }
                for i in entries.indices {
                    let v = try r.varint()
                    if v == 0 && i > 0 {
                        entries[i].offset = entries[i - 1].offset &+ entries[i - 1].length
                    } else {
                        guard v > 0 else { throw ProtobufReader.Malformed(message: "the first entry has offset 0") }
                        entries[i].offset = v - 1
                    }
                }
                return entries
            }
        } catch let error as ProtobufReader.Malformed {
            throw DatasourceError(dataset: path, "PMTiles \(what) at byte \(offset): \(error.message)")
        }
    }

    /// The tile's bytes as stored, found through the directories (tile ids along the Hilbert
    /// curve); nil when the archive has no such tile.
    public func data(_ tile: TileID) throws -> [UInt8]? {
        guard tile.z <= 26 else { return nil }
        let id = Self.tileID(tile)
        var entries = root
        var leafStart: UInt64?
        for _ in 0..<4 {
            guard let entry = Self.find(entries, id) else { return nil }
            if entry.runLength > 0 {
                let bytes = try Self.bounded(file, start: header.tileDataOffset, entry: entry, path: name, what: "tile \(tile)")
                return bytes
            }
            // A leaf directory.
            let key = Int(clamping: entry.offset)
            if let leaf = lock.locked({ leaves[key] }) {
                entries = leaf
            } else {
                let leaf = try Self.directory(file, header, offset: header.leafOffset &+ entry.offset, length: entry.length,
                                              path: name, what: "leaf directory")
                lock.locked { leaves[key] = leaf }
                entries = leaf
            }
            leafStart = entry.offset
        }
        throw DatasourceError(dataset: name, "PMTiles leaf directories nest deeper than 3 levels (at leaf \(leafStart ?? 0)) looking for tile \(tile)")
    }

    private static func bounded(_ file: MappedFile, start: UInt64, entry: Entry, path: String, what: String) throws -> [UInt8] {
        let size = UInt64(file.count)
        let (offset, overflow) = start.addingReportingOverflow(entry.offset)
        guard !overflow, offset <= size, entry.length <= size - offset else {
            throw DatasourceError(dataset: path, "truncated PMTiles file: \(what) (\(entry.length) bytes at \(offset)) runs past the end of the \(size)-byte file")
        }
        return Array(UnsafeRawBufferPointer(rebasing: file.bytes[Int(offset)..<Int(offset + entry.length)]))
    }

    /// The entry holding `id`: the last entry at or before it, if its run covers `id` or it
    /// points to a leaf directory.
    static func find(_ entries: [Entry], _ id: UInt64) -> Entry? {
        var lo = 0, hi = entries.count - 1
        while lo <= hi {
            let mid = (lo + hi) >> 1
            if entries[mid].tileID < id { lo = mid + 1 } else if entries[mid].tileID > id { hi = mid - 1 } else { return entries[mid] }
        }
        guard hi >= 0 else { return nil }
        let e = entries[hi]
        if e.runLength == 0 || id - e.tileID < e.runLength { return e }
        return nil
    }

    /// The tile's position on the Hilbert curve, after all tiles of lower zooms.
    static func tileID(_ tile: TileID) -> UInt64 {
        var acc: UInt64 = ((1 << (2 * UInt64(tile.z))) - 1) / 3
        var x = UInt64(tile.x), y = UInt64(tile.y)
        var a = tile.z - 1
        while a >= 0 {
            let s: UInt64 = 1 << UInt64(a)
            let rx = s & x, ry = s & y
            acc += ((3 * rx) ^ ry) << UInt64(a)
            if ry == 0 {
                if rx != 0 {
                    x = s &- 1 &- x
                    y = s &- 1 &- y
                }
                (x, y) = (y, x)
            }
            a -= 1
        }
        return acc
    }
}
