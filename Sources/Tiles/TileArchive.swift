#if canImport(Glibc)
import Glibc
#endif
import Geometry
import JSON

/// A store of tiles addressed by z/x/y: a PMTiles or MBTiles file, or a folder of tile files
/// named by a URL template. It hands out a tile's bytes as stored (possibly gzip-compressed);
/// `TileDatasource` decodes and caches them.
public protocol TileArchive: Sendable {
    /// The file or template, as messages name it.
    var name: String { get }
    /// What the archive says of itself (zooms, bounds, layers).
    var info: TileSetInfo { get }
    /// The bytes of a tile (XYZ addressing), or nil when the archive has no such tile (a
    /// sparse tile set: nothing to draw there). Throws when the archive cannot be read.
    func data(_ tile: TileID) throws -> [UInt8]?
    /// Sizes and modification times of the files read, for `--resume`.
    var fingerprint: String { get }
}

/// What a tile set holds: vector tiles (MVT) for `vector` sources, images (PNG, JPEG,
/// WebP) for `raster` and `raster-dem` sources. An archive opened for one refuses the
/// other by its header or metadata, so a style naming the wrong set fails at open.
public enum TileContent: Sendable {
    case vector
    case raster
    /// Either (`cartouche info`).
    case any

    /// Whether a `format` (MBTiles metadata, PMTiles tile type) is this content.
    func accepts(format: String) -> Bool {
        let vector = ["pbf", "mvt"].contains(format.lowercased())
        switch self {
        case .vector: return vector
        case .raster: return !vector
        case .any: return true
        }
    }

    var noun: String { self == .vector ? "vector tiles" : "raster tiles" }
}

/// A tile set's description: from a PMTiles header and metadata, an MBTiles `metadata`
/// table or a TileJSON file.
public struct TileSetInfo: Sendable {
    /// The lowest zoom with tiles.
    public var minZoom: Int?
    /// The highest zoom with tiles; maps zoomed further in draw these tiles overzoomed.
    public var maxZoom: Int?
    /// West, south, east, north in degrees.
    public var bounds: [Double]?
    /// `pbf`/`mvt`, `png`, ...
    public var format: String?
    /// The layers and their fields, from the metadata's `vector_layers`.
    public var vectorLayers: [VectorLayerInfo]?
    /// The number of tiles stored, where the format records it.
    public var tileCount: Int?
    /// The tile set's `name`.
    public var name: String?

    /// A description with nothing known yet.
    public init() {}

    /// Reads `minzoom`, `maxzoom`, `bounds`, `format`, `name` and `vector_layers` from a
    /// TileJSON-like object (an MBTiles `json` row, PMTiles metadata).
    mutating func read(_ object: JSONObject) {
        func int(_ key: String) -> Int? {
            switch object[key] {
            case .number(let n)?: n.isFinite && n >= 0 && n <= 30 ? Int(n) : nil
            case .string(let s)?: Int(s).flatMap { (0...30).contains($0) ? $0 : nil }
            default: nil
            }
        }
        minZoom = int("minzoom") ?? minZoom
        maxZoom = int("maxzoom") ?? maxZoom
        switch object["bounds"] {
        case .array(let items)?:
            let numbers = items.compactMap(\.numberValue)
            if numbers.count == 4 { bounds = numbers }
        case .string(let s)?:
            let numbers = s.split(separator: ",").compactMap { Double($0.trimmingSpaces) }
            if numbers.count == 4 { bounds = numbers }
        default: break
        }
        // MBTiles keep the TileJSON part as a string in a `json` row, and converters
        // (pmtiles-convert) copy it into PMTiles metadata as it is.
        if case .string(let text)? = object["json"], let inner = (try? JSONParser.parse(text))?.objectValue {
            read(inner)
        }
        format = object["format"]?.stringValue ?? format
        name = object["name"]?.stringValue ?? name
        if case .array(let layers)? = object["vector_layers"] {
            vectorLayers = layers.compactMap { item in
                guard let layer = item.objectValue, let id = layer["id"]?.stringValue else { return nil }
                var fields: [(String, String)] = []
                if let f = layer["fields"]?.objectValue {
                    for entry in f { fields.append((entry.key, entry.value.stringValue ?? entry.value.brief)) }
                }
                return VectorLayerInfo(id: id, fields: fields,
                                       minZoom: layer["minzoom"]?.numberValue.map { Int($0) },
                                       maxZoom: layer["maxzoom"]?.numberValue.map { Int($0) })
            }
        }
    }
}

/// One layer of a vector tile set, as the metadata's `vector_layers` describes it.
public struct VectorLayerInfo: Sendable {
    /// The layer's name: a style's `source-layer`.
    public var id: String
    /// Field names and their types as the metadata describes them (`Number`, `String`).
    public var fields: [(String, String)]
    /// The lowest zoom whose tiles hold the layer.
    public var minZoom: Int?
    /// The highest zoom whose tiles hold the layer.
    public var maxZoom: Int?
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// Size and modification time of a file, for fingerprints.
func fileStamp(_ path: String) -> String {
    var info = stat()
    guard stat(path, &info) == 0 else { return "\(path) missing" }
    return "\(path) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
}
