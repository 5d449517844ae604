import JSON
import Style

/// An output path with `{key}` placeholders, filled per atlas page: `out/{name}.png`.
/// Values are made safe as file names (no folder separators, control characters or
/// characters Windows forbids, no leading dot, at most 120 bytes), and `unique` gives
/// every page a name of its own.
public struct FileNameTemplate: Sendable {
    /// The path as given, placeholders in it.
    public let template: String

    /// A template from a path such as `out/{name}.png`.
    public init(_ template: String) { self.template = template }

    /// Whether the template has any placeholder.
    public var hasPlaceholders: Bool { !keys.isEmpty }

    /// The keys of the placeholders, in order.
    public var keys: [String] {
        var keys: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            keys.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return keys
    }

    /// The path for one page: each `{key}` replaced by the value of `key` in `values`
    /// made safe (`_` for a missing, null or empty value).
    public func fill(_ values: JSONObject) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let key = String(rest[rest.index(after: open)..<close])
            let value = values[key].map { $0.isNull ? "" : Value($0).text } ?? ""
            out += Self.sanitized(value)
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The paths for many pages, in order: a path that an earlier page already has (also
    /// when they differ only in case, as on macOS and Windows) gets `-2`, `-3`, … before
    /// its extension.
    public func unique(_ pages: [JSONObject]) -> [String] {
        var taken: Set<String> = []
        return pages.map { values in
            let path = fill(values)
            var candidate = path
            var n = 2
            while taken.contains(candidate.lowercased()) {
                candidate = Self.numbered(path, n)
                n += 1
            }
            taken.insert(candidate.lowercased())
            return candidate
        }
    }

    /// `a/b.png` → `a/b-2.png`.
    static func numbered(_ path: String, _ n: Int) -> String {
        let nameStart = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        guard let dot = path[nameStart...].lastIndex(of: "."), dot > nameStart else { return "\(path)-\(n)" }
        return "\(path[..<dot])-\(n)\(path[dot...])"
    }

    static let maxBytes = 120

    /// A value as one file-name component: `/`, `\`, `:`, `*`, `?`, `"`, `<`, `>`, `|` and
    /// control characters become `_`, leading dots and surrounding spaces go (no hidden
    /// files, no `..`), and the name is cut at `maxBytes` bytes on a character boundary.
    /// An empty result is `_`.
    public static func sanitized(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || "/\\:*?\"<>|".unicodeScalars.contains(scalar) {
                out += "_"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        var trimmed = Substring(out)
        while let first = trimmed.first, first == "." || first == " " { trimmed = trimmed.dropFirst() }
        while let last = trimmed.last, last == " " { trimmed = trimmed.dropLast() }
        var result = ""
        for character in trimmed {
            if result.utf8.count + String(character).utf8.count > maxBytes { break }
            result.append(character)
        }
        return result.isEmpty ? "_" : result
    }
}
