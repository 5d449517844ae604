import JSON

/// One sprite sheet a style names: `"sprite": "URL"` is one with the id "default"; the
/// array form (`[{"id": "roadsigns", "url": "…"}]`) names several, whose images are then
/// called "roadsigns:NAME" (except those of "default").
public struct SpriteReference: Sendable, Equatable {
    /// The sheet's id: "default" for the single-sprite form.
    public var id: String
    /// The URL or path without extension, as in the style: `NAME.json` and `NAME.png`
    /// (`NAME@2x.*` at pixel ratio 2) are read from it.
    public var url: String

    /// A sheet `id` read from `url`.
    public init(id: String, url: String) {
        self.id = id
        self.url = url
    }

    /// The prefix an image id carries in `icon-image` for this sheet.
    public var imagePrefix: String { id == "default" ? "" : "\(id):" }

    /// A local path for the URL (a plain or `file://` path, relative ones against the
    /// style's folder), or nil for a remote URL, which is never fetched.
    public func localPath(baseDirectory: String) -> String? {
        var path = url
        if path.hasPrefix("file://") {
            path = String(path.dropFirst("file://".count))
            path = path.removingPercentEncoding
        } else if path.contains("://") || path.hasPrefix("mapbox:") {
            return nil
        }
        return path.hasPrefix("/") ? path : "\(baseDirectory)/\(path)"
    }
}

extension String {
    /// `%XX` escapes decoded (a `file://` URL's path); invalid escapes kept as written.
    var removingPercentEncoding: String {
        guard utf8.contains(UInt8(ascii: "%")) else { return self }
        var bytes: [UInt8] = []
        var it = Array(utf8)[...]
        while let b = it.first {
            it = it.dropFirst()
            if b == UInt8(ascii: "%"), it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(v)
                it = it.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension StyleReader {
    /// The style's `sprite`: a string, or an array of `{id, url}` with unique ids.
    mutating func readSprite(_ json: JSONValue?, at pointer: JSONPointer) -> [SpriteReference] {
        guard let json else { return [] }
        switch json {
        case .string(let url):
            return [SpriteReference(id: "default", url: url)]
        case .array(let items):
            var refs: [SpriteReference] = []
            for (i, item) in items.enumerated() {
                guard let id = item["id"]?.stringValue, let url = item["url"]?.stringValue else {
                    error(pointer / i, "expected {\"id\": string, \"url\": string}, found \(item.brief)")
                    continue
                }
                if refs.contains(where: { $0.id == id }) {
                    error(pointer / i / "id", "duplicate sprite id \"\(id)\"")
                    continue
                }
                refs.append(SpriteReference(id: id, url: url))
            }
            return refs
        default:
            error(pointer, "expected a URL or an array of {id, url}, found \(json.typeName)")
            return []
        }
    }
}
