import CSQLite
import Cartouche
import JSON
import Tiles

/// An MBTiles 1.3 file: SQLite with `metadata` and `tiles` tables, rows counted from the
/// south (TMS), as the specification says. Each metatile is one transaction, so a killed
/// run leaves whole metatiles. The file is written under a temporary name
/// (`NAME.partial`) and renamed when finished, so a reader never opens half a pyramid;
/// `--resume` continues the temporary file.
public final class MBTilesFile: TileSink {
    /// The file's final path.
    public let path: String
    let partial: String
    private var db: OpaquePointer?
    private var insert: OpaquePointer?
    private var lookup: OpaquePointer?

    /// Opens `NAME.partial` for writing: a new file, or with `resume` the one an interrupted
    /// run left. Throws naming the file when SQLite cannot create it.
    public init(path: String, resume: Bool) throws {
        self.path = path
        self.partial = path + ".partial"
        if !resume { for suffix in ["", "-journal", "-wal", "-shm"] { unlink(partial + suffix) } }
        guard sqlite3_open_v2(partial, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            db = nil
            throw TilesError("\(path): \(message)")
        }
        // WAL without syncing each commit: a killed process still leaves whole metatiles
        // (SQLite's commits are atomic against a process dying), and the disk is synced
        // once in `finish`. Syncing every metatile's commit made the run wait on the disk
        // four fifths of the time.
        try exec("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;
            CREATE TABLE IF NOT EXISTS metadata (name TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE IF NOT EXISTS tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
            CREATE UNIQUE INDEX IF NOT EXISTS tile_index ON tiles (zoom_level, tile_column, tile_row);
            """)
        insert = try prepare("INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)")
        lookup = try prepare("SELECT 1 FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?")
    }

    deinit {
        sqlite3_finalize(insert)
        sqlite3_finalize(lookup)
        sqlite3_close(db)
    }

    private func exec(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "error"
            sqlite3_free(message)
            throw TilesError("\(path): \(text)")
        }
    }

    private func prepare(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw TilesError("\(path): \(String(cString: sqlite3_errmsg(db)))")
        }
        return statement
    }

    /// MBTiles rows count from the south.
    static func row(_ t: TileID) -> Int { (1 << t.z) - 1 - t.y }

    /// Whether the tile is already stored.
    public func contains(_ tile: TileID) throws -> Bool {
        sqlite3_reset(lookup)
        sqlite3_bind_int(lookup, 1, Int32(tile.z))
        sqlite3_bind_int(lookup, 2, Int32(tile.x))
        sqlite3_bind_int(lookup, 3, Int32(Self.row(tile)))
        return sqlite3_step(lookup) == SQLITE_ROW
    }

    /// Stores the tiles of one metatile in one transaction: all of them or none.
    public func write(_ tiles: [(TileID, [UInt8])]) throws {
        try exec("BEGIN")
        for (tile, bytes) in tiles {
            sqlite3_reset(insert)
            sqlite3_bind_int(insert, 1, Int32(tile.z))
            sqlite3_bind_int(insert, 2, Int32(tile.x))
            sqlite3_bind_int(insert, 3, Int32(Self.row(tile)))
            _ = bytes.withUnsafeBytes { sqlite3_bind_blob(insert, 4, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT_PTR) }
            guard sqlite3_step(insert) == SQLITE_DONE else {
                let message = String(cString: sqlite3_errmsg(db))
                try? exec("ROLLBACK")
                throw TilesError("\(path): tile \(tile): \(message)")
            }
        }
        try exec("COMMIT")
    }

    /// Writes the `metadata` table, closes the file and renames it into place.
    public func finish(metadata m: TilesetMetadata) throws {
        var rows: [(String, String)] = [
            ("name", m.name), ("format", "png"), ("type", "baselayer"), ("version", "1.0"),
            ("minzoom", "\(m.minZoom)"), ("maxzoom", "\(m.maxZoom)"),
            ("bounds", "\(m.bounds.minLon),\(m.bounds.minLat),\(m.bounds.maxLon),\(m.bounds.maxLat)"),
            ("center", "\(m.center.lon),\(m.center.lat),\(m.center.zoom)"),
        ]
        if let a = m.attribution { rows.append(("attribution", a)) }
        let statement = try prepare("INSERT OR REPLACE INTO metadata (name, value) VALUES (?, ?)")
        try exec("BEGIN")
        for (name, value) in rows {
            sqlite3_reset(statement)
            sqlite3_bind_text(statement, 1, name, -1, SQLITE_TRANSIENT_PTR)
            sqlite3_bind_text(statement, 2, value, -1, SQLITE_TRANSIENT_PTR)
            guard sqlite3_step(statement) == SQLITE_DONE else {
                let message = String(cString: sqlite3_errmsg(db))
                sqlite3_finalize(statement)
                throw TilesError("\(path): \(message)")
            }
        }
        sqlite3_finalize(statement)
        try exec("COMMIT")
        // One file again (no -wal beside it), on disk, before it gets its name.
        try exec("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
        close()
        AtomicFile.syncAll()
        guard rename(partial, path) == 0 else { throw FileError(path: path, errno: errno) }
    }
}

/// SQLite's SQLITE_TRANSIENT (the bytes are copied before the call returns), which the C
/// macro defines as a cast Swift cannot import.
let SQLITE_TRANSIENT_PTR = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A tile pyramid that cannot be made or stored; one line.
public struct TilesError: Error, Sendable, CustomStringConvertible, SettingRelatedError {
    /// The message, naming the file or option at fault.
    public var message: String
    /// The pyramid's setting that would get past the error, when there is one.
    public var setting: RelatedSetting?
    /// An error with its message.
    public init(_ message: String, setting: RelatedSetting? = nil) {
        self.message = message
        self.setting = setting
    }
    /// The message.
    public var description: String { message }
}

#if canImport(Glibc)
import Glibc
#endif

extension MBTilesFile {
    /// Every stored tile's position, XYZ rows.
    func storedTiles() throws -> [TileID] {
        let statement = try prepare("SELECT zoom_level, tile_column, tile_row FROM tiles")
        defer { sqlite3_finalize(statement) }
        var out: [TileID] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            let z = Int(sqlite3_column_int(statement, 0))
            out.append(TileID(z: z, x: Int(sqlite3_column_int(statement, 1)), y: (1 << z) - 1 - Int(sqlite3_column_int(statement, 2))))
        }
        return out
    }

    /// A stored tile's bytes.
    func bytes(of tile: TileID) throws -> [UInt8] {
        let statement = try prepare("SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?")
        defer { sqlite3_finalize(statement) }
        sqlite3_bind_int(statement, 1, Int32(tile.z))
        sqlite3_bind_int(statement, 2, Int32(tile.x))
        sqlite3_bind_int(statement, 3, Int32(Self.row(tile)))
        guard sqlite3_step(statement) == SQLITE_ROW else { throw TilesError("\(path): tile \(tile) is missing") }
        let count = Int(sqlite3_column_bytes(statement, 0))
        guard count > 0, let blob = sqlite3_column_blob(statement, 0) else { return [] }
        return Array(UnsafeRawBufferPointer(start: blob, count: count))
    }

    /// Closes the file without renaming it (a staging file for another format).
    func close() {
        sqlite3_finalize(insert)
        sqlite3_finalize(lookup)
        insert = nil
        lookup = nil
        sqlite3_close(db)
        db = nil
    }
}
