/// A JSON pointer (RFC 6901) such as `/layers/3/paint/line-width`, built up while walking a
/// document so that every message can say where in the file it applies.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The reference tokens, unescaped: `["layers", "3", "paint"]`.
    public private(set) var tokens: [String]

    /// A pointer to the value reached by these tokens from the document root.
    public init(_ tokens: [String] = []) { self.tokens = tokens }

    /// The whole document: the empty pointer, printed as "".
    public static let root = JSONPointer()

    /// The pointer to member `key` of the value this one points to.
    public func appending(_ key: String) -> JSONPointer {
        JSONPointer(tokens + [key])
    }

    /// The pointer to element `index` of the array this one points to.
    public func appending(_ index: Int) -> JSONPointer {
        JSONPointer(tokens + [String(index)])
    }

    /// `pointer / "paint"`: the pointer to a member, for building pointers as they read.
    public static func / (pointer: JSONPointer, key: String) -> JSONPointer { pointer.appending(key) }
    /// `pointer / 3`: the pointer to an array element.
    public static func / (pointer: JSONPointer, index: Int) -> JSONPointer { pointer.appending(index) }

    /// The pointer as RFC 6901 writes it, `~` and `/` escaped: `/layers/3/paint/line-width`.
    public var description: String {
        tokens.isEmpty ? "" : tokens.map { "/" + Self.escape($0) }.joined()
    }

    static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return components(separatedBy: target).joined(separator: replacement)
    }

    func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
