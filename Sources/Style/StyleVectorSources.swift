import JSON

extension StyleReader {
    static let vectorSourceKeys: Set<String> = ["type", "url", "tiles", "bounds", "scheme", "minzoom", "maxzoom",
                                                "attribution", "promoteId", "volatile", "encoding", "metadata"]

    /// A `vector` source: its `url` (a dataset file, a tile archive, a TileJSON file or a
    /// database) or its `tiles` templates, read by the `Datasource` readers when the data is
    /// loaded. Remote URLs are never fetched.
    mutating func readVectorSource(_ id: String, _ s: JSONObject, at: JSONPointer) -> Source? {
        for key in s.keys where !Self.vectorSourceKeys.contains(key) {
            warning(at / key, "unknown source property, ignored")
        }
        let data: Source.Data
        switch (s["url"], s["tiles"]) {
        case (.string(let url)?, _):
            if Self.isRemote(url) {
                error(at / "url", "remote data (\(url)) is not fetched; use a local file, a tile archive or a database URL")
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
            error(at / "url", "missing; a vector source needs a \"url\" or \"tiles\"")
            return nil
        }
        let crs = sourceCRS(s, at: at)
        checkPromoteID(s, at: at)
        let minZoom = number(s["minzoom"], at: at / "minzoom", default: 0)
        let maxZoom = number(s["maxzoom"], at: at / "maxzoom", default: 22)
        if !(0...30).contains(minZoom) { error(at / "minzoom", "\(formatJSONNumber(minZoom)) is not in 0...30") }
        if !(0...30).contains(maxZoom) || maxZoom < minZoom {
            error(at / "maxzoom", "\(formatJSONNumber(maxZoom)) is not in \(formatJSONNumber(minZoom))...30")
        }
        if let scheme = s["scheme"], scheme.stringValue != "xyz", scheme.stringValue != "tms" {
            error(at / "scheme", "expected \"xyz\" or \"tms\", found \(scheme.brief)")
        }
        return Source(id: id, kind: .vector, data: data, crs: crs, minZoom: minZoom, maxZoom: maxZoom,
                      promoteID: s["promoteId"], metadata: s["metadata"]?.objectValue ?? JSONObject(), json: s)
    }

    /// `http:`, `https:` and the like; not `file:`, nor the local schemes of the readers.
    static func isRemote(_ url: String) -> Bool {
        let lower = url.lowercased()
        return ["http://", "https://", "ftp://", "s3://", "gs://"].contains { lower.hasPrefix($0) }
    }
}
