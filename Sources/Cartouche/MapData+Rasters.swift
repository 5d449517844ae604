import JSON
import Raster
import Render
import Style

/// The `raster` and `raster-dem` sources of a style, opened once: a GDAL raster for a
/// `file:` URL or path, local tile templates for `tiles`. Tile archives (PMTiles, MBTiles)
/// are read through `TileBytesSource` once the tile readers provide one.
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
        let json = source.json
        let dem = source.kind == .rasterDEM
        switch source.data {
        case .tiles(let templates):
            let tms = json["scheme"]?.stringValue == "tms"
            var bounds: (Double, Double, Double, Double)?
            if let b = json["bounds"]?.arrayValue?.compactMap(\.numberValue), b.count == 4 { bounds = (b[0], b[1], b[2], b[3]) }
            let tiled = TiledRaster(tiles: TileTemplateFiles(template: templates[0], tms: tms, baseDirectory: baseDirectory),
                                    tileSize: json["tileSize"]?.numberValue ?? 512, minZoom: Int(source.minZoom),
                                    maxZoom: Int(source.maxZoom), bounds: bounds)
            guard dem else { return .tiles(tiled) }
            return .demTiles(DEMTiles(raster: tiled, encoding: encoding(json)))
        case .url(let url):
            let lower = url.lowercased()
            if lower.hasPrefix("pmtiles:") || lower.hasPrefix("mbtiles:") || lower.hasSuffix(".pmtiles") || lower.hasSuffix(".mbtiles") {
                throw RasterError(url, "raster tiles from PMTiles and MBTiles archives are not read yet; use \"tiles\" templates of local files or a GDAL raster")
            }
            let path = Source.resolvedPath(url, baseDirectory: baseDirectory)
            if lower.hasSuffix(".json") { return try tileJSON(path, source: source) }
            return .file(try GDALRaster(path: path))
        case .file, .inline:
            throw RasterError(source.id, "a raster source needs a \"url\" or \"tiles\"")
        }
    }

    /// A local TileJSON file: its `tiles` templates (relative ones against its folder) with
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
        if first.contains("://") && !first.lowercased().hasPrefix("file://") { throw RasterError(path, "remote tiles (\(first)) are not fetched; use local files") }
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
