import JSON

extension StyleReader {
    static let rasterSourceKeys: Set<String> = ["type", "url", "tiles", "bounds", "scheme", "minzoom", "maxzoom", "tileSize",
                                                "attribution", "volatile", "encoding", "metadata",
                                                "redFactor", "greenFactor", "blueFactor", "baseShift"]

    /// A `raster` or `raster-dem` source: its `url` (a GDAL raster as `file:PATH`, a tile
    /// archive) or `tiles` templates, with `tileSize`, `minzoom`, `maxzoom`, `bounds`,
    /// `scheme` and, for elevations, `encoding`. Opened by the `Raster` readers when the
    /// data is loaded; remote URLs are never fetched.
    mutating func readRasterSource(_ id: String, _ s: JSONObject, dem: Bool, at: JSONPointer) -> Source? {
        for key in s.keys where !Self.rasterSourceKeys.contains(key) {
            warning(at / key, "unknown source property, ignored")
        }
        let data: Source.Data
        switch (s["url"], s["tiles"]) {
        case (.string(let url)?, _):
            if Self.isRemote(url) {
                error(at / "url", "remote data (\(url)) is not fetched; use a local raster file or tile archive")
                return nil
            }
            data = .url(url)
        case (let url?, _):
            error(at / "url", "expected a string, found \(url.typeName)")
            return nil
        case (nil, .array(let items)?):
            var templates: [String] = []
            for (i, item) in items.enumerated() {
                guard case .string(let t) = item else {
                    error(at / "tiles" / i, "expected a tile URL template, found \(item.typeName)")
                    return nil
                }
                if Self.isRemote(t) {
                    error(at / "tiles" / i, "remote tiles (\(t)) are not fetched; use local files")
                    return nil
                }
                templates.append(t)
            }
            guard !templates.isEmpty else {
                error(at / "tiles", "expected at least one tile URL template")
                return nil
            }
            data = .tiles(templates)
        case (nil, let tiles?):
            error(at / "tiles", "expected an array of tile URL templates, found \(tiles.typeName)")
            return nil
        case (nil, nil):
            error(at / "url", "missing; a \(dem ? "raster-dem" : "raster") source needs a \"url\" or \"tiles\"")
            return nil
        }
        let minZoom = number(s["minzoom"], at: at / "minzoom", default: 0)
        let maxZoom = number(s["maxzoom"], at: at / "maxzoom", default: 22)
        if !(0...30).contains(minZoom) { error(at / "minzoom", "\(formatJSONNumber(minZoom)) is not in 0...30") }
        if !(0...30).contains(maxZoom) || maxZoom < minZoom {
            error(at / "maxzoom", "\(formatJSONNumber(maxZoom)) is not in \(formatJSONNumber(minZoom))...30")
        }
        let tileSize = number(s["tileSize"], at: at / "tileSize", default: 512)
        if !(tileSize >= 1 && tileSize <= 4096) { error(at / "tileSize", "\(formatJSONNumber(tileSize)) is not in 1...4096") }
        if let scheme = s["scheme"], scheme.stringValue != "xyz", scheme.stringValue != "tms" {
            error(at / "scheme", "expected \"xyz\" or \"tms\", found \(scheme.brief)")
        }
        if let bounds = s["bounds"] {
            let values = bounds.arrayValue?.compactMap(\.numberValue) ?? []
            if values.count != 4 || bounds.arrayValue?.count != 4 {
                error(at / "bounds", "expected [west, south, east, north] in degrees, found \(bounds.brief)")
            }
        }
        if let encoding = s["encoding"] {
            if !dem {
                warning(at / "encoding", "only raster-dem sources have an encoding; ignored")
            } else if !["mapbox", "terrarium", "custom"].contains(encoding.stringValue ?? "") {
                error(at / "encoding", "expected \"mapbox\" or \"terrarium\", found \(encoding.brief)")
            }
        }
        return Source(id: id, kind: dem ? .rasterDEM : .raster, data: data, crs: sourceCRS(s, at: at),
                      minZoom: minZoom, maxZoom: maxZoom, metadata: s["metadata"]?.objectValue ?? JSONObject(), json: s)
    }
}
