import JSON

extension StyleReader {
    /// The style's `glyphs` URL as a local path template, when it names local files: a
    /// plain path (relative to the style's folder) or a `file:` URL, with any query
    /// dropped. Remote URLs are never fetched: labels then use the system fonts.
    mutating func localGlyphs(_ json: JSONValue?, at pointer: JSONPointer, baseDirectory: String) -> String? {
        guard let json else { return nil }
        guard case .string(let url) = json else {
            error(pointer, "expected a URL with {fontstack} and {range}, found \(json.brief)")
            return nil
        }
        guard !url.contains("://") || url.hasPrefix("file://") else { return nil }
        var path = Self.resolvePath(url)
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        guard path.contains("{range}") else {
            warning(pointer, "no {range} in \(url); labels use the system fonts")
            return nil
        }
        return path.hasPrefix("/") ? path : baseDirectory + "/" + path
    }
}
