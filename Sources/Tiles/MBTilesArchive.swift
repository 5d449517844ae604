import CSQLite
import Datasource
import Geometry
import JSON

/// An MBTiles file (https://github.com/mapbox/mbtiles-spec): the `tiles` table (or view)
/// with rows in TMS order, and the `metadata` table (`minzoom`, `maxzoom`, `bounds`,
/// `format`, and `json` with the `vector_layers`). Opened read-only; one connection and
/// statement shared under a lock, since a tile read is a single indexed lookup.
public final class MBTilesArchive: TileArchive, @unchecked Sendable {
    /// The file's path, as messages name it.
    public let name: String
    /// What the `metadata` table says of the tile set.
    public let info: TileSetInfo
    private let db: OpaquePointer
    private let select: OpaquePointer
    private let lock = Lock()

    /// Opens the file read-only and reads its metadata; throws naming the file when it is not
    /// an MBTiles file SQLite can read.
    public init(path: String, content: TileContent = .vector) throws {
        name = path
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw DatasourceError(dataset: path, "cannot open as MBTiles: \(message)")
        }
        // A file that is not a database fails at the first statement, not at open.
        var statement: OpaquePointer?
        let sql = "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3"
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            let message = String(cString: sqlite3_errmsg(handle))
            sqlite3_close(handle)
            let reason = message.contains("no such table") ? "has no tiles table" : "is not a readable MBTiles file (\(message))"
            throw DatasourceError(dataset: path, reason)
        }
        db = handle
        select = statement
        info = Self.readMetadata(handle)
        if let format = info.format, !content.accepts(format: format) {
            // Every property is set: deinit finalizes and closes (doing it here too closed
            // the database twice).
            throw DatasourceError(dataset: path, "holds \(format) tiles, not \(content.noun) (metadata format)")
        }
    }

    deinit {
        sqlite3_finalize(select)
        sqlite3_close(db)
    }

    /// The file's size and modification time, for `--resume`.
    public var fingerprint: String { fileStamp(name) }

    private static func readMetadata(_ db: OpaquePointer) -> TileSetInfo {
        var info = TileSetInfo()
        var statement: OpaquePointer?
        // An MBTiles without metadata still has tiles; the style then names the zooms.
        if sqlite3_prepare_v2(db, "SELECT name, value FROM metadata", -1, &statement, nil) == SQLITE_OK, let statement {
            var object = JSONObject()
            var json: JSONObject?
            while sqlite3_step(statement) == SQLITE_ROW {
                guard let n = sqlite3_column_text(statement, 0), let v = sqlite3_column_text(statement, 1) else { continue }
                let key = String(cString: n), value = String(cString: v)
                if key == "json" {
                    json = (try? JSONParser.parse(value))?.objectValue
                } else {
                    object[key] = .string(value)
                }
            }
            sqlite3_finalize(statement)
            info.read(object)
            if let json { info.read(json) }
        }
        if sqlite3_prepare_v2(db, "SELECT count(*) FROM tiles", -1, &statement, nil) == SQLITE_OK, let statement {
            if sqlite3_step(statement) == SQLITE_ROW { info.tileCount = Int(sqlite3_column_int64(statement, 0)) }
            sqlite3_finalize(statement)
        }
        return info
    }

    /// The tile's bytes as stored (gzipped MVT, as a rule), looked up by its TMS row; nil when
    /// the table has no such tile.
    public func data(_ tile: TileID) throws -> [UInt8]? {
        try lock.locked {
            sqlite3_reset(select)
            sqlite3_bind_int(select, 1, Int32(tile.z))
            sqlite3_bind_int(select, 2, Int32(tile.x))
            sqlite3_bind_int(select, 3, Int32(tile.tmsY))
            switch sqlite3_step(select) {
            case SQLITE_ROW:
                let count = Int(sqlite3_column_bytes(select, 0))
                guard count > 0, let blob = sqlite3_column_blob(select, 0) else { return [] }
                return Array(UnsafeRawBufferPointer(start: blob, count: count))
            case SQLITE_DONE:
                return nil
            default:
                throw DatasourceError(dataset: name, "reading tile \(tile): \(String(cString: sqlite3_errmsg(db)))")
            }
        }
    }
}
