/// The forms a person writes a CRS in, and what PROJ is given for each.
///
/// PROJ reads all of them with `proj_create`, with one exception: a PROJ string such as
/// `+proj=tmerc +lon_0=114 ...` describes a coordinate operation unless it says
/// `+type=crs`, and a person who writes one where a CRS is expected means the CRS.
enum CRSText {
    enum Form: Equatable {
        /// A reference to an authority's code: `EPSG:4547`, `urn:ogc:def:crs:EPSG::4547`,
        /// `http://www.opengis.net/def/crs/EPSG/0/4547`, `OGC:CRS84`.
        case authorityReference
        /// `+proj=...` or `proj=...`.
        case projString
        /// WKT (1 or 2) or PROJJSON: a full description that PROJ need not look up.
        case description
    }

    static func form(of text: String) -> Form {
        if text.hasPrefix("+") || text.hasPrefix("proj=") { return .projString }
        if text.contains("[") || text.hasPrefix("{") { return .description }
        return .authorityReference
    }

    /// The text to hand to `proj_create`.
    static func projInput(_ text: String) -> String {
        guard form(of: text) == .projString else { return text }
        let words = text.split(whereSeparator: \.isWhitespace)
        // A pipeline is an operation whatever it says; PROJ will tell the person so.
        let saysWhatItIs = words.contains { $0.hasPrefix("+type=") || $0.hasPrefix("type=") || $0.hasSuffix("proj=pipeline") }
        if saysWhatItIs { return text }
        return text + " +type=crs"
    }

    /// Text short enough for a one-line error message: WKT can run to kilobytes.
    static func abbreviated(_ text: String, limit: Int = 80) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }.joined(separator: " ")
        return oneLine.count <= limit ? oneLine : oneLine.prefix(limit - 1) + "…"
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
