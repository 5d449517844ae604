import JSON

extension GDALRaster {
    /// File names `cartouche info` reads as rasters rather than GeoJSON.
    public static func looksLikeRaster(_ path: String) -> Bool {
        let lower = path.lowercased()
        return [".tif", ".tiff", ".jp2", ".vrt", ".img", ".asc", ".dem", ".jpg", ".jpeg", ".png", ".webp", ".nc", ".hgt"]
            .contains { lower.hasSuffix($0) }
    }

    /// What `cartouche info` prints: size, bands, CRS, extent, resolution, overviews.
    public var infoText: String {
        let e = extent, r = resolution
        var lines = ["\(path): raster (\(driver)), \(width) × \(height) pixels, \(bandCount) band\(bandCount == 1 ? "" : "s") of \(dataType)"]
        lines.append("  CRS: \(crs)")
        lines.append("  extent: \(formatJSONNumber(e.minX)), \(formatJSONNumber(e.minY)), \(formatJSONNumber(e.maxX)), \(formatJSONNumber(e.maxY))")
        lines.append("  resolution: \(formatJSONNumber(r.x)) × \(formatJSONNumber(r.y)) units per pixel")
        if let noData { lines.append("  nodata: \(formatJSONNumber(noData))") }
        lines.append("  overviews: " + (overviews.isEmpty ? "none" : overviews.map { "\($0.width)×\($0.height)" }.joined(separator: ", ")))
        return lines.joined(separator: "\n")
    }

    /// What `cartouche info --json` prints for the raster: the same facts as `text`, as JSON.
    public var infoJSON: JSONValue {
        let e = extent, r = resolution
        var o: JSONObject = ["file": .string(path), "driver": .string(driver), "width": .number(Double(width)),
                             "height": .number(Double(height)), "bands": .number(Double(bandCount)), "dataType": .string(dataType),
                             "crs": .string(crs.description),
                             "bbox": .array([e.minX, e.minY, e.maxX, e.maxY].map { .number($0) }),
                             "resolution": .array([.number(r.x), .number(r.y)]),
                             "overviews": .array(overviews.map { .array([.number(Double($0.width)), .number(Double($0.height))]) })]
        if let noData { o["nodata"] = .number(noData) }
        return .object(o)
    }
}
