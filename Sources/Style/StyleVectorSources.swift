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
        guard let data = readDataLocation(s, at: at, type: "vector") else { return nil }
        let crs = sourceCRS(s, at: at)
        checkPromoteID(s, at: at)
        let (minZoom, maxZoom) = readZoomRange(s, at: at)
        return Source(id: id, kind: .vector, data: data, crs: crs, minZoom: minZoom, maxZoom: maxZoom,
                      promoteID: s["promoteId"], metadata: s["metadata"]?.objectValue ?? JSONObject(), json: s)
    }
}
