#if canImport(Glibc)
import Glibc
#endif
import Datasource
import JSON

/// What `cartouche info` says of a PMTiles or MBTiles file: zooms, bounds, tile count, and
/// the layers with their fields from the metadata's `vector_layers`; for raster tiles their
/// image format and (set by the caller, who can decode one) their size in pixels.
public struct TileSetSummary: Sendable {
    /// The archive's path, as given.
    public let file: String
    /// What the header and metadata say of the tile set.
    public let info: TileSetInfo
    /// The archive format: "PMTiles v3" or "MBTiles".
    public let kind: String
    public let archive: any TileArchive
    /// Width and height of the archive's tiles in pixels, for raster tiles.
    public var tilePixels: (width: Int, height: Int)?

    /// Whether `path` names a tile archive by its extension.
    public static func handles(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".pmtiles") || lower.hasSuffix(".mbtiles")
    }

    /// Reads the header and metadata of the archive at `path` (PMTiles by the `.pmtiles`
    /// extension, MBTiles otherwise); throws when it cannot be read.
    public init(path: String) throws {
        file = path
        if path.lowercased().hasSuffix(".pmtiles") {
            archive = try PMTilesArchive(path: path, content: .any)
            kind = "PMTiles v3"
        } else {
            archive = try MBTilesArchive(path: path, content: .any)
            kind = "MBTiles"
        }
        info = archive.info
    }

    /// Whether the tiles are images (by the header's tile type or the metadata's format).
    public var isRaster: Bool { info.format.map { !TileContent.vector.accepts(format: $0) } ?? false }

    /// A tile to measure the set's tiles by: the one at the lowest zoom holding the middle
    /// of the bounds.
    public var sampleTile: TileID {
        let z = info.minZoom ?? 0
        let b = info.bounds ?? [0, 0, 0, 0]
        let n = Double(1 << z)
        let lon = (b[0] + b[2]) / 2, lat = max(-85, min(85, (b[1] + b[3]) / 2)) * Double.pi / 180
        let x = Int((lon + 180) / 360 * n), y = Int((1 - log(tan(lat) + 1 / cos(lat)) / Double.pi) / 2 * n)
        return TileID(z: z, x: max(0, min(Int(n) - 1, x)), y: max(0, min(Int(n) - 1, y)))
    }

    /// The summary as `cartouche info` prints it.
    public func text() -> String {
        let content = isRaster ? "raster tiles (\(info.format?.uppercased() ?? "?"))" : "vector tiles"
        var lines = ["\(file): \(kind), \(content)"]
        let zooms = "\(info.minZoom.map(String.init) ?? "?")–\(info.maxZoom.map(String.init) ?? "?")"
        lines.append("  zooms \(zooms), \(info.tileCount.map(String.init) ?? "?") tiles")
        if let b = info.bounds {
            lines.append("  bounds " + b.map { formatJSONNumber(($0 * 1e6).rounded() / 1e6) }.joined(separator: ", "))
        }
        if let p = tilePixels { lines.append("  tiles of \(p.width) × \(p.height) pixels") }
        if isRaster { return lines.joined(separator: "\n") }
        for layer in info.vectorLayers ?? [] {
            var zoomText = ""
            if let lo = layer.minZoom, let hi = layer.maxZoom { zoomText = " (zooms \(lo)–\(hi))" }
            lines.append("  layer \(layer.id)\(zoomText)")
            for (name, type) in layer.fields { lines.append("    \(name): \(type)") }
        }
        if info.vectorLayers == nil { lines.append("  no vector_layers in the metadata") }
        return lines.joined(separator: "\n")
    }

    /// The summary as `cartouche info --json` prints it.
    public func json() -> JSONValue {
        var o = JSONObject()
        o["file"] = .string(file)
        o["format"] = .string(kind)
        if let z = info.minZoom { o["minzoom"] = .number(Double(z)) }
        if let z = info.maxZoom { o["maxzoom"] = .number(Double(z)) }
        if let b = info.bounds { o["bounds"] = .array(b.map { .number($0) }) }
        if let n = info.tileCount { o["tiles"] = .number(Double(n)) }
        if let f = info.format { o["tileFormat"] = .string(f) }
        if let p = tilePixels { o["tileSize"] = .array([.number(Double(p.width)), .number(Double(p.height))]) }
        if isRaster { return .object(o) }
        o["layers"] = .array((info.vectorLayers ?? []).map { layer in
            var l = JSONObject()
            l["id"] = .string(layer.id)
            var fields = JSONObject()
            for (name, type) in layer.fields { fields[name] = .string(type) }
            l["fields"] = .object(fields)
            return .object(l)
        })
        return .object(o)
    }
}
