#if canImport(Glibc)
import Glibc
#endif
import Geometry
import JSON

/// The record of a batch's finished maps, as `manifest.json` and `manifest.csv`, kept true
/// to the files even when the run is killed at any moment (SIGKILL):
///
/// - a run starts by rewriting the manifest with only the entries it keeps (maps it skips
///   because they are complete), so it never vouches for a file that it may replace;
/// - each map's entry is appended to `manifest.journal` (one JSON line) after its file has
///   been renamed into place;
/// - the end of the run rewrites the manifest with every entry and deletes the journal.
///
/// While a run is going, or after it was killed, the manifest is `manifest.json` plus the
/// journal's complete lines; the next run reads both. Each rewrite is atomic (`AtomicFile`).
/// Nothing is forced to disk on the way (a killed process loses nothing the kernel has);
/// the batch syncs everything once at the end. After a machine crash mid-run, `--resume`
/// still finds any damaged file, as it compares checksums.
public final class Manifest: @unchecked Sendable {
    /// `…/manifest.json`; the CSV and the journal sit beside it.
    public let path: String
    /// `…/manifest.csv`: the same entries as a table for spreadsheets.
    public var csvPath: String { Self.replacingExtension(of: path, with: ".csv") }
    /// `…/manifest.journal`: the entries of a run in progress, one JSON line each.
    public var journalPath: String { Self.replacingExtension(of: path, with: ".journal") }
    /// Entry paths are relative to this folder.
    public let directory: String

    private let lock = Lock()
    private var entries: [String: [ManifestEntry]] = [:]
    private var journal: Int32 = -1

    /// Reads what an earlier run left, if anything. A journal line cut short by a kill is
    /// ignored, as is a manifest that cannot be read: its maps are made again.
    public init(path: String) {
        self.path = path
        directory = StyleParser.directory(of: path)
        for entry in Self.read(path) + Self.readJournal(journalPath) {
            entries[entry.file, default: []].removeAll { $0.page == entry.page }
            entries[entry.file, default: []].append(entry)
        }
    }

    deinit {
        if journal >= 0 { close(journal) }
    }

    /// Where a batch's manifest goes unless told: `manifest.json` in the deepest folder that
    /// holds every output of the batch (all shards), `manifest.shard-I-of-N.json` for a
    /// shard, so that shards writing to one shared folder keep manifests of their own.
    public static func defaultPath(for outputs: [String], shard: Shard?) -> String {
        let name = shard.map { "manifest.shard-\($0.index)-of-\($0.count).json" } ?? "manifest.json"
        let directory = FilePath.commonDirectory(of: outputs)
        let relative = FilePath.relative(directory, to: ".")
        let base = relative.hasPrefix("..") ? directory : relative
        return base.isEmpty ? name : base + "/" + name
    }

    /// Where the manifest of a one-file document goes unless told: beside it, `atlas.pdf`
    /// having `atlas.manifest.json`.
    public static func defaultPath(forDocument output: String) -> String {
        replacingExtension(of: output, with: ".manifest.json")
    }

    /// How the manifest names an output: its path relative to the manifest's folder.
    public func name(of output: String) -> String { FilePath.relative(output, to: directory) }

    /// The entries recorded for a file (a multi-page PDF has one per page), in page order.
    public func entries(for file: String) -> [ManifestEntry] {
        lock.locked { (entries[file] ?? []).sorted { ($0.page ?? 0) < ($1.page ?? 0) } }
    }

    /// Starts a run: the manifest is rewritten with the entries of `kept` files only, and
    /// the journal is emptied.
    public func begin(keeping kept: [String]) throws {
        try lock.locked {
            let keep = Set(kept)
            entries = entries.filter { keep.contains($0.key) }
            try write(order: kept)
            if journal >= 0 { close(journal) }
            journal = open(journalPath, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o666)
            guard journal >= 0 else { throw FileError(path: journalPath, errno: errno) }
        }
    }

    /// Records a file that is complete and in place: one journal line per entry, in one
    /// write, so that a kill leaves either all of them or a line cut short.
    public func record(_ new: [ManifestEntry]) throws {
        guard let file = new.first?.file else { return }
        var text = ""
        for entry in new {
            JSONWriter().write(entry.json, into: &text)
            text += "\n"
        }
        try lock.locked {
            entries[file] = new
            let bytes = Array(text.utf8)
            var written = 0
            while written < bytes.count {
                let n = bytes[written...].withUnsafeBytes { Glibc.write(journal, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw FileError(path: journalPath, errno: errno) }
                written += n
            }
        }
    }

    /// Ends the run: the manifest with every entry, files in `order`, and no journal.
    public func finish(order: [String]) throws {
        try lock.locked {
            try write(order: order)
            if journal >= 0 { close(journal) }
            journal = -1
            unlink(journalPath)
        }
    }

    /// Every entry, files in `order` (files not in it last, by name), pages in order.
    public func all(order: [String]) -> [ManifestEntry] {
        lock.locked { ordered(order) }
    }

    private func ordered(_ order: [String]) -> [ManifestEntry] {
        var rank: [String: Int] = [:]
        for (i, file) in order.enumerated() where rank[file] == nil { rank[file] = i }
        let files = entries.keys.sorted { (rank[$0] ?? .max, $0) < (rank[$1] ?? .max, $1) }
        return files.flatMap { entries[$0]!.sorted { ($0.page ?? 0) < ($1.page ?? 0) } }
    }

    private func write(order: [String]) throws {
        let list = ordered(order)
        let json = JSONValue.object(JSONObject([.init(key: "maps", value: .array(list.map(\.json)))]))
        try AtomicFile.write(Array((JSONWriter(indent: 1).string(json) + "\n").utf8), to: path, durable: false)
        let csv = ([ManifestEntry.csvHeader] + list.map(\.csvRow)).joined(separator: "\n") + "\n"
        try AtomicFile.write(Array(csv.utf8), to: csvPath, durable: false)
    }

    static func read(_ path: String) -> [ManifestEntry] {
        guard let file = try? MappedFile(path: path),
              let json = withExtendedLifetime(file, { try? JSONParser.parse(file.bytes) }),
              let maps = json["maps"]?.arrayValue else { return [] }
        return maps.compactMap(ManifestEntry.init(json:))
    }

    /// The journal's complete lines; a last line without its newline was cut short.
    static func readJournal(_ path: String) -> [ManifestEntry] {
        guard let file = try? MappedFile(path: path) else { return [] }
        let bytes = withExtendedLifetime(file) { Array(file.bytes) }
        var entries: [ManifestEntry] = []
        var start = 0
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            if let json = try? JSONParser.parse(String(decoding: bytes[start..<i], as: UTF8.self)),
               let entry = ManifestEntry(json: json) {
                entries.append(entry)
            }
            start = i + 1
        }
        return entries
    }

    static func replacingExtension(of path: String, with ext: String) -> String {
        let name = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        guard let dot = path[name...].lastIndex(of: "."), dot > name else { return path + ext }
        return String(path[..<dot]) + ext
    }
}
