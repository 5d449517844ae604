/// A URL's query: `name=value` pairs split at `&`, percent-decoded (`+` is a space), names
/// kept in order. Repeated names (`path`, `marker`) keep every value.
public struct QueryString: Sendable {
    /// The pairs, decoded, in the order the query gives them.
    public private(set) var pairs: [(name: String, value: String)] = []

    /// More pairs than this is not a map request.
    public static let maxPairs = 256

    /// Reads a query (without `?`); a malformed escape or too many pairs is a 400.
    public init(_ query: String?) throws(RequestFailure) {
        guard let query, !query.isEmpty else { return }
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            guard pairs.count < Self.maxPairs else {
                throw .badRequest("the query has more than \(Self.maxPairs) parameters")
            }
            let eq = part.firstIndex(of: "=")
            let name = try Self.decode(eq.map { part[..<$0] } ?? part[...])
            let value = try Self.decode(eq.map { part[part.index(after: $0)...] } ?? "")
            pairs.append((name, value))
        }
    }

    /// The first value of `name` (exact case).
    public subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value of `name`.
    public func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    /// The first value of `name`, ignoring case (WMS parameter names are case-insensitive).
    public func ignoringCase(_ name: String) -> String? {
        let lower = name.lowercased()
        return pairs.first { $0.name.lowercased() == lower }?.value
    }

    /// Percent-decoding; a malformed escape or bytes that are not UTF-8 are refused.
    public static func decode(_ text: Substring, plusIsSpace: Bool = true) throws(RequestFailure) -> String {
        guard text.contains("%") || (plusIsSpace && text.contains("+")) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var i = text.utf8.startIndex
        let utf8 = text.utf8
        while i < utf8.endIndex {
            let b = utf8[i]
            if b == UInt8(ascii: "%") {
                let h1 = utf8.index(after: i)
                guard h1 < utf8.endIndex, utf8.index(after: h1) < utf8.endIndex,
                      let hi = hex(utf8[h1]), let lo = hex(utf8[utf8.index(after: h1)]) else {
                    throw .badRequest("malformed percent-escape in \"\(text.prefix(60))\"")
                }
                bytes.append(hi << 4 | lo)
                i = utf8.index(i, offsetBy: 3)
            } else {
                bytes.append(plusIsSpace && b == UInt8(ascii: "+") ? 0x20 : b)
                i = utf8.index(after: i)
            }
        }
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw .badRequest("a percent-escape in \"\(text.prefix(60))\" is not UTF-8")
        }
        return s
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 65...70: c - 55
        case 97...102: c - 87
        default: nil
        }
    }
}
