import Datasource
import JSON
import Style

/// The tile readers for a style's `vector` source: `pmtiles://PATH`, `mbtiles://PATH`, a
/// TileJSON file (`.json`), or `tiles` templates. The source's own `minzoom`, `maxzoom`,
/// `bounds`, `scheme` and `tileSize` are used where it sets them, else the archive's.
public enum TileSources {
    /// Whether `url` names a tile set this module reads.
    public static func handles(_ url: String) -> Bool {
        let lower = url.lowercased()
        return lower.hasPrefix("pmtiles://") || lower.hasPrefix("mbtiles://") || lower.hasSuffix(".json")
            || lower.hasSuffix(".pmtiles") || lower.hasSuffix(".mbtiles")
    }

    /// The dataset of a `vector` source whose `url` or `tiles` name a tile set, decoded tiles
    /// kept in `cache` across maps. Throws when the tile set cannot be opened.
    public static func open(_ source: Source, baseDirectory: String, cache: TileCache = .shared) throws -> TileDatasource {
        let archive: any TileArchive
        switch source.data {
        case .tiles(let templates):
            archive = try TileTemplateArchive(templates: templates, baseDirectory: baseDirectory,
                                              tms: source.json["scheme"]?.stringValue == "tms")
        case .url(let url):
            let lower = url.lowercased()
            func path(dropping prefix: Int) -> String {
                Source.resolvedPath(String(url.dropFirst(prefix)), baseDirectory: baseDirectory)
            }
            if lower.hasPrefix("pmtiles://") {
                archive = try PMTilesArchive(path: path(dropping: 10))
            } else if lower.hasPrefix("mbtiles://") {
                archive = try MBTilesArchive(path: path(dropping: 10))
            } else if lower.hasSuffix(".pmtiles") {
                archive = try PMTilesArchive(path: path(dropping: 0))
            } else if lower.hasSuffix(".mbtiles") {
                archive = try MBTilesArchive(path: path(dropping: 0))
            } else {
                archive = try TileJSON.open(path: path(dropping: 0))
            }
        default:
            throw DatasourceError(dataset: source.id, "not a tile source")
        }
        func zoom(_ key: String) -> Int? { source.json[key]?.numberValue.map { Int($0) } }
        let bounds = source.json["bounds"].flatMap { value -> [Double]? in
            guard case .array(let items) = value else { return nil }
            let numbers = items.compactMap(\.numberValue)
            return numbers.count == 4 ? numbers : nil
        }
        return TileDatasource(archive: archive, minZoom: zoom("minzoom"), maxZoom: zoom("maxzoom"),
                              tileSize: source.json["tileSize"]?.numberValue ?? 512, bounds: bounds, cache: cache)
    }
}
