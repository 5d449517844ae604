import JSON

extension StyleReader {
    /// Where a `vector`, `raster` or `raster-dem` source's data is: its `url` or its `tiles`
    /// templates, local only (remote URLs are never fetched). nil after reporting an error.
    mutating func readDataLocation(_ s: JSONObject, at: JSONPointer, type: String) -> Source.Data? {
        switch (s["url"], s["tiles"]) {
        case (.string(let url)?, _):
            if Self.isRemote(url) {
                error(at / "url", "remote data (\(url)) is not fetched; use a local file, a tile archive or a database URL")
                return nil
            }
            return .url(url)
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
            return .tiles(templates)
        case (nil, let tiles?):
            error(at / "tiles", "expected an array of tile URL templates, found \(tiles.typeName)")
            return nil
        case (nil, nil):
            error(at / "url", "missing; a \(type) source needs a \"url\" or \"tiles\"")
            return nil
        }
    }

    /// A tiled source's `minzoom`, `maxzoom` (0 and 22 by default) and `scheme`, checked.
    mutating func readZoomRange(_ s: JSONObject, at: JSONPointer) -> (min: Double, max: Double) {
        let minZoom = number(s["minzoom"], at: at / "minzoom", default: 0)
        let maxZoom = number(s["maxzoom"], at: at / "maxzoom", default: 22)
        if !(0...30).contains(minZoom) { error(at / "minzoom", "\(formatJSONNumber(minZoom)) is not in 0...30") }
        if !(0...30).contains(maxZoom) || maxZoom < minZoom {
            error(at / "maxzoom", "\(formatJSONNumber(maxZoom)) is not in \(formatJSONNumber(minZoom))...30")
        }
        if let scheme = s["scheme"], scheme.stringValue != "xyz", scheme.stringValue != "tms" {
            error(at / "scheme", "expected \"xyz\" or \"tms\", found \(scheme.brief)")
        }
        return (minZoom, maxZoom)
    }

    /// `http:`, `https:` and the like; not `file:`, nor the local schemes of the readers.
    static func isRemote(_ url: String) -> Bool {
        let lower = url.lowercased()
        return ["http://", "https://", "ftp://", "s3://", "gs://"].contains { lower.hasPrefix($0) }
    }
}
