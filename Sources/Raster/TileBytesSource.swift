#if canImport(Glibc)
import Glibc
#endif

/// Where a tiled raster source gets its tiles: the bytes of one encoded tile (PNG, JPEG,
/// WebP, terrain-RGB PNG) by z/x/y in the XYZ scheme, or nil when the set has no such tile.
/// Local tile templates are read here (`TileTemplateFiles`); tile archives (PMTiles,
/// MBTiles) plug in through this protocol.
public protocol TileBytesSource: Sendable {
    /// For messages: the template or the archive's path.
    var name: String { get }
    /// The encoded tile at z/x/y (XYZ scheme), or nil when the set has none there; throws when
    /// the tile is there but cannot be read.
    func tileBytes(z: Int, x: Int, y: Int) throws -> [UInt8]?
}

/// Tiles as files named by templates (`/tiles/{z}/{x}/{y}.png`, `file:` URLs, `{-y}` for the
/// TMS row). With several templates the first names the file (MapLibre spreads requests
/// over them; on disk they name the same tiles).
public struct TileTemplateFiles: TileBytesSource {
    /// The template as an absolute path: `{z}`, `{x}`, `{y}` and `{-y}` still in it.
    public let template: String
    /// Rows counted from the south (`"scheme": "tms"`).
    public let tms: Bool

    /// Tiles named by `template`, a path or `file:` URL relative to `baseDirectory` (the
    /// style's folder) unless absolute.
    public init(template: String, tms: Bool = false, baseDirectory: String) {
        var path = template
        if path.hasPrefix("file://") { path = String(path.dropFirst(7)) } else if path.hasPrefix("file:") { path = String(path.dropFirst(5)) }
        self.template = path.hasPrefix("/") ? path : "\(baseDirectory)/\(path)"
        self.tms = tms
    }

    /// The template, as messages name the tile set.
    public var name: String { template }

    /// The file of tile z/x/y (XYZ row numbering; the template's scheme applied).
    public func path(z: Int, x: Int, y: Int) -> String {
        let row = tms ? (1 << z) - 1 - y : y
        return template.replacingAll("{z}", "\(z)").replacingAll("{x}", "\(x)")
            .replacingAll("{y}", "\(row)").replacingAll("{-y}", "\((1 << z) - 1 - y)")
    }

    /// The file's bytes, or nil when there is no such file (a tile the set does not have).
    public func tileBytes(z: Int, x: Int, y: Int) throws -> [UInt8]? {
        let file = path(z: z, x: x, y: y)
        guard let f = fopen(file, "rb") else {
            if errno == ENOENT { return nil }
            throw RasterError(file, "cannot read tile \(z)/\(x)/\(y): \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
