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
        guard let data = readDataLocation(s, at: at, type: dem ? "raster-dem" : "raster") else { return nil }
        let (minZoom, maxZoom) = readZoomRange(s, at: at)
        let tileSize = number(s["tileSize"], at: at / "tileSize", default: 512)
        if !(tileSize >= 1 && tileSize <= 4096) { error(at / "tileSize", "\(formatJSONNumber(tileSize)) is not in 1...4096") }
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
