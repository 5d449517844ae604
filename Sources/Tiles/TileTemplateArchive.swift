#if canImport(Glibc)
import Glibc
#endif
import Datasource
import JSON
import Style

/// Tiles in files named by URL templates (`tiles/{z}/{x}/{y}.pbf`, `file:tiles/{z}-{x}-{y}.mvt`),
/// paths relative to the style's folder (or the TileJSON file's). A tile without a file
/// is empty, as a server's 404 is for MapLibre.
public final class TileTemplateArchive: TileArchive, @unchecked Sendable {
    /// The first template, as messages name the tile set.
    public let name: String
    /// The zooms, bounds and layers the TileJSON file (or the source) gives.
    public let info: TileSetInfo
    /// Resolved path templates.
    let templates: [String]
    let tms: Bool

    /// Tiles named by `templates` (`file:` URLs or paths, relative to `baseDirectory`), rows
    /// counted from the south when `tms`; throws for no template or a remote URL.
    public init(templates: [String], baseDirectory: String, tms: Bool, info: TileSetInfo = TileSetInfo()) throws {
        name = templates.first ?? "tiles"
        guard !templates.isEmpty else { throw DatasourceError(dataset: "tiles", "no tile URL templates") }
        self.templates = try templates.map { template in
            let lower = template.lowercased()
            if lower.contains("://") && !lower.hasPrefix("file://") {
                throw DatasourceError(dataset: template, "remote tiles are not fetched; use local files")
            }
            // A template without {z}, {x}, {y} names one file that every tile reads, as in
            // MapLibre.
            return Source.resolvedPath(template, baseDirectory: baseDirectory)
        }
        self.tms = tms
        self.info = info
    }

    /// The templates: the tiles' files are not stamped one by one.
    public var fingerprint: String { templates.joined(separator: " ") }

    func path(_ tile: TileID) -> String {
        let template = templates[(tile.x + tile.y) % templates.count]
        let y = tms ? tile.tmsY : tile.y
        let prefix = String(tile.x % 16, radix: 16) + String(tile.y % 16, radix: 16)
        return template.replacingAll("{z}", "\(tile.z)").replacingAll("{x}", "\(tile.x)")
            .replacingAll("{y}", "\(y)").replacingAll("{-y}", "\(tile.tmsY)").replacingAll("{prefix}", prefix)
    }

    /// The bytes of the tile's file, or nil when there is no such file.
    public func data(_ tile: TileID) throws -> [UInt8]? {
        let path = path(tile)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw DatasourceError(dataset: name, "tile \(tile): \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { throw DatasourceError(dataset: name, "tile \(tile): \(path): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            data.append(contentsOf: chunk[0..<n])
            guard data.count <= Gzip.maxOutput else {
                throw DatasourceError(dataset: name, "tile \(tile): \(path) is larger than \(Gzip.maxOutput >> 20) MiB")
            }
        }
        return data
    }
}

/// A TileJSON file (https://github.com/mapbox/tilejson-spec): its `tiles` templates, relative
/// to the file's folder, with its zooms, bounds, scheme and `vector_layers`.
public enum TileJSON {
    /// Reads the TileJSON file at `path`; throws naming the file and what is missing or wrong.
    public static func open(path: String) throws -> TileTemplateArchive {
        let object: JSONObject
        do {
            guard let o = try JSONParser.parse(contentsOf: path).objectValue else {
                throw DatasourceError(dataset: path, "a TileJSON file holds an object")
            }
            object = o
        } catch let error as DatasourceError {
            throw error
        } catch {
            throw DatasourceError(dataset: path, "\(error)")
        }
        guard case .array(let items)? = object["tiles"], !items.isEmpty else {
            throw DatasourceError(dataset: path, "TileJSON: \"tiles\" is missing; expected an array of tile URL templates")
        }
        let templates = try items.enumerated().map { i, item in
            guard let t = item.stringValue else {
                throw DatasourceError(dataset: path, "TileJSON: /tiles/\(i): expected a string, found \(item.typeName)")
            }
            return t
        }
        var info = TileSetInfo()
        info.read(object)
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        return try TileTemplateArchive(templates: templates, baseDirectory: folder,
                                       tms: object["scheme"]?.stringValue == "tms", info: info)
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
