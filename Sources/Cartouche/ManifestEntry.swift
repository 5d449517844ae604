import Geometry
import JSON

/// One map in a batch manifest: the file it was written to, which feature it shows, where
/// and at what scale, the file's checksum, and the hash of the inputs that made it.
public struct ManifestEntry: Sendable, Equatable {
    /// Path relative to the manifest's folder.
    public var file: String
    /// The page of a multi-page PDF (1-based); nil for a file with one map.
    public var page: Int?
    /// The feature id (atlas) or the jobs file's `id`; null when there is none.
    public var id: JSONValue
    /// What the map shows, in longitude/latitude.
    public var extent: Box
    /// The scale denominator at the map centre (1:n), with 96 CSS pixels to the inch.
    public var scale: Double
    /// The map's CRS as messages name it: "EPSG:4547", or its definition shortened.
    public var crs: String
    /// Size and SHA-256 of the whole file.
    public var bytes: Int
    /// The file's SHA-256, 64 lowercase hex digits: `resume` keeps a file only if it still matches.
    public var sha256: String
    /// The SHA-256 of everything that went into the file (see `InputFingerprint`).
    public var inputHash: String

    /// An entry for a file written (one page of it when `page` is set).
    public init(file: String, page: Int? = nil, id: JSONValue, extent: Box, scale: Double, crs: String,
                bytes: Int, sha256: String, inputHash: String) {
        self.file = file
        self.page = page
        self.id = id
        self.extent = extent
        self.scale = scale
        self.crs = crs
        self.bytes = bytes
        self.sha256 = sha256
        self.inputHash = inputHash
    }

    var json: JSONValue {
        var o = JSONObject()
        o["file"] = .string(file)
        if let page { o["page"] = .number(Double(page)) }
        o["id"] = id
        o["extent"] = .array([extent.minX, extent.minY, extent.maxX, extent.maxY].map { .number(Self.rounded($0, 1e7)) })
        o["scale"] = .number(scale.rounded())
        o["crs"] = .string(crs)
        o["bytes"] = .number(Double(bytes))
        o["sha256"] = .string(sha256)
        o["input"] = .string(inputHash)
        return .object(o)
    }

    init?(json: JSONValue) {
        guard case .object(let o) = json, let file = o["file"]?.stringValue,
              let extent = o["extent"]?.arrayValue?.compactMap(\.numberValue), extent.count == 4,
              let scale = o["scale"]?.numberValue, let crs = o["crs"]?.stringValue,
              let bytes = o["bytes"]?.numberValue, let sha256 = o["sha256"]?.stringValue,
              let input = o["input"]?.stringValue
        else { return nil }
        self.init(file: file, page: o["page"]?.numberValue.map { Int($0) }, id: o["id"] ?? .null,
                  extent: Box(minX: extent[0], minY: extent[1], maxX: extent[2], maxY: extent[3]),
                  scale: scale, crs: crs, bytes: Int(bytes), sha256: sha256, inputHash: input)
    }

    static let csvHeader = "file,page,id,min_lon,min_lat,max_lon,max_lat,scale,crs,bytes,sha256,input"

    var csvRow: String {
        let idText: String
        switch id {
        case .null: idText = ""
        case .string(let s): idText = s
        default: idText = JSONWriter().string(id)
        }
        let fields = [file, page.map(String.init) ?? "", idText]
            + [extent.minX, extent.minY, extent.maxX, extent.maxY].map { formatJSONNumber(Self.rounded($0, 1e7)) }
            + [formatJSONNumber(scale.rounded()), crs, String(bytes), sha256, inputHash]
        return fields.map(Self.csvField).joined(separator: ",")
    }

    /// RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }

    /// Degrees to 7 decimals (about a centimetre), so the manifest reads cleanly.
    static func rounded(_ value: Double, _ factor: Double) -> Double { (value * factor).rounded() / factor }
}
