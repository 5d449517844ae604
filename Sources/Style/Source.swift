import JSON

/// A `geojson` source: where its data is and how to read it.
public struct Source: Sendable {
    public enum Data: Sendable {
        /// GeoJSON written into the style.
        case inline(JSONValue)
        /// A file, resolved against the style's folder.
        case file(String)
    }

    public let id: String
    public let data: Data
    /// The CRS of the data (`metadata."cartouche:crs"` on the source); WGS84 when nil, as
    /// RFC 7946 says.
    public let crs: String?
    public let maxZoom: Double
    public let buffer: Double
    public let tolerance: Double
    public let generateID: Bool
    public let promoteID: JSONValue?
    public let filter: Expression?
    public let lineMetrics: Bool

    public init(id: String, data: Data, crs: String? = nil, maxZoom: Double = 18, buffer: Double = 128,
                tolerance: Double = 0.375, generateID: Bool = false, promoteID: JSONValue? = nil,
                filter: Expression? = nil, lineMetrics: Bool = false) {
        self.id = id
        self.data = data
        self.crs = crs
        self.maxZoom = maxZoom
        self.buffer = buffer
        self.tolerance = tolerance
        self.generateID = generateID
        self.promoteID = promoteID
        self.filter = filter
        self.lineMetrics = lineMetrics
    }
}
