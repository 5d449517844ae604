import JSON
import Raster
import Render
import Style

/// The `raster` and `raster-dem` sources of a style, opened once: a GDAL raster for a
/// `file:` URL or path, local tile templates for `tiles`. Tile archives (PMTiles, MBTiles)
/// are read through `TileBytesSource` once the tile readers provide one.
public enum RasterSources {
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
            return .file(try GDALRaster(path: Source.resolvedPath(url, baseDirectory: baseDirectory)))
        case .file, .inline:
            throw RasterError(source.id, "a raster source needs a \"url\" or \"tiles\"")
        }
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
