import JSON
import Raster
import Render
import Style
import Tiles

/// The `raster` and `raster-dem` sources of a style, opened once: a GDAL raster for a
/// `file:` URL or path, local tile templates for `tiles`, a PMTiles or MBTiles archive
/// (`pmtiles://PATH`, `mbtiles://PATH`, also as a TileJSON's `tiles`) through
/// `ArchiveTileBytes`.
public enum RasterSources {
    /// Opens every raster source of the style. A source that cannot be opened is left out and
    /// reported among the problems, with its JSON pointer, rather than stopping the others.
    public static func open(_ style: Style) -> (rasters: [String: RasterDataset], problems: [StyleDiagnostic]) {
        var rasters: [String: RasterDataset] = [:]
        var problems: [StyleDiagnostic] = []
        for (id, source) in style.sources.sorted(by: { $0.key < $1.key }) where source.kind == .raster || source.kind == .rasterDEM {
            let key = if case .tiles = source.data { "tiles" } else { "url" }
            do {
                rasters[id] = try open(source, baseDirectory: style.baseDirectory)
            } catch {
                problems.append(StyleDiagnostic(.error, (JSONPointer.root / "sources" / id / key).description, "\(error)"))
            }
        }
        return (rasters, problems)
    }

    static func open(_ source: Source, baseDirectory: String) throws -> RasterDataset {
        switch source.data {
        case .tiles(let templates):
            if let archive = try ArchiveTileBytes.open(templates[0], baseDirectory: baseDirectory) {
                return tiled(archive, archiveInfo: archive.archive.info, source: source)
            }
            let tms = source.json["scheme"]?.stringValue == "tms"
            return tiled(TileTemplateFiles(template: templates[0], tms: tms, baseDirectory: baseDirectory), archiveInfo: nil, source: source)
        case .url(let url):
            if let archive = try ArchiveTileBytes.open(url, baseDirectory: baseDirectory) {
                return tiled(archive, archiveInfo: archive.archive.info, source: source)
            }
            let path = Source.resolvedPath(url, baseDirectory: baseDirectory)
            if url.lowercased().hasSuffix(".json") { return try tileJSON(path, source: source) }
            return .file(try GDALRaster(path: path))
        case .file, .inline:
            throw RasterError(source.id, "a raster source needs a \"url\" or \"tiles\"")
        }
    }

    /// Tiles in Web Mercator with the source's zoom range, bounds and tile size; an
    /// archive's own zooms and bounds where the source does not set them (so that its last
    /// level is overzoomed, as MapLibre does with a TileJSON's `maxzoom`).
    static func tiled(_ tiles: any TileBytesSource, archiveInfo: TileSetInfo?, source: Source) -> RasterDataset {
        let json = source.json
        func zoom(_ key: String, _ archive: Int?, _ style: Double) -> Int {
            json[key]?.numberValue.map { Int($0) } ?? archive ?? Int(style)
        }
        var bounds: (Double, Double, Double, Double)?
        if let b = json["bounds"]?.arrayValue?.compactMap(\.numberValue) ?? archiveInfo?.bounds, b.count == 4 {
            bounds = (b[0], b[1], b[2], b[3])
        }
        let raster = TiledRaster(tiles: tiles, tileSize: json["tileSize"]?.numberValue ?? 512,
                                 minZoom: zoom("minzoom", archiveInfo?.minZoom, source.minZoom),
                                 maxZoom: zoom("maxzoom", archiveInfo?.maxZoom, source.maxZoom), bounds: bounds)
        return source.kind == .rasterDEM ? .demTiles(DEMTiles(raster: raster, encoding: encoding(json))) : .tiles(raster)
    }

    /// A local TileJSON file: its `tiles` templates or archive (relative ones against its folder) with
    /// its zoom range, bounds and scheme, the source's own keys taking precedence.
    static func tileJSON(_ path: String, source: Source) throws -> RasterDataset {
        let document: JSONValue
        do {
            let file = try MappedFile(path: path)
            document = try JSONParser.parse(file.bytes)
        } catch {
            throw RasterError(path, "not a readable TileJSON file: \(error)")
        }
        guard case .object(let tilejson) = document,
              let templates = tilejson["tiles"]?.arrayValue?.compactMap(\.stringValue), let first = templates.first else {
            throw RasterError(path, "a TileJSON file needs a \"tiles\" array of URL templates")
        }
        if first.contains("://") && !first.lowercased().hasPrefix("file://") && !ArchiveTileBytes.names(first) { throw RasterError(path, "remote tiles (\(first)) are not fetched; use local files") }
        var json = tilejson
        for entry in source.json where entry.key != "url" { json[entry.key] = entry.value }
        let folder = StyleParser.directory(of: path)
        let merged = Source(id: source.id, kind: source.kind, data: .tiles([first]), crs: source.crs,
                            minZoom: json["minzoom"]?.numberValue ?? source.minZoom, maxZoom: json["maxzoom"]?.numberValue ?? source.maxZoom,
                            metadata: source.metadata, json: json)
        return try open(merged, baseDirectory: folder)
    }

    static func encoding(_ json: JSONObject) -> DEMEncoding {
        switch json["encoding"]?.stringValue {
        case "terrarium": return .terrarium
        case "custom":
            return DEMEncoding(red: json["redFactor"]?.numberValue ?? 1, green: json["greenFactor"]?.numberValue ?? 1,
                               blue: json["blueFactor"]?.numberValue ?? 1, shift: json["baseShift"]?.numberValue ?? 0)
        default: return .mapbox
        }
    }
}
