import Datasource
import JSON

/// What `cartouche info` says of a PMTiles or MBTiles file: zooms, bounds, tile count, and
/// the layers with their fields from the metadata's `vector_layers`.
public struct TileSetSummary: Sendable {
    /// The archive's path, as given.
    public let file: String
    /// What the header and metadata say of the tile set.
    public let info: TileSetInfo
    /// The archive format: "PMTiles v3" or "MBTiles".
    public let kind: String

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
            info = try PMTilesArchive(path: path).info
            kind = "PMTiles v3"
        } else {
            info = try MBTilesArchive(path: path).info
            kind = "MBTiles"
        }
    }

    /// The summary as `cartouche info` prints it.
    public func text() -> String {
        var lines = ["\(file): \(kind), vector tiles"]
        let zooms = "\(info.minZoom.map(String.init) ?? "?")–\(info.maxZoom.map(String.init) ?? "?")"
        lines.append("  zooms \(zooms), \(info.tileCount.map(String.init) ?? "?") tiles")
        if let b = info.bounds {
            lines.append("  bounds " + b.map { formatJSONNumber(($0 * 1e6).rounded() / 1e6) }.joined(separator: ", "))
        }
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
