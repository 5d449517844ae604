import JSON

/// A source of the style: a `geojson` source read whole, or a `vector` source whose layers
/// are read per map from a dataset, a tile set or a database (see the `Datasource` module).
public struct Source: Sendable {
    /// What kind of data a source holds: the style's `type`.
    public enum Kind: String, Sendable {
        /// GeoJSON, inline or from a file, read whole.
        case geojson
        /// Layers named by `source-layer`: a GDAL dataset, tiles or a database.
        case vector
        /// Imagery: a GDAL raster (`url`) or image tiles (`tiles`, a tile archive).
        case raster
        /// Elevations: terrain-RGB tiles (Mapbox or Terrarium encoding) or a GDAL DEM in metres.
        case rasterDEM = "raster-dem"
    }

    /// Where a source's data comes from.
    public enum Data: Sendable {
        /// GeoJSON written into the style.
        case inline(JSONValue)
        /// A file, resolved against the style's folder.
        case file(String)
        /// A vector source's `url` as written (`file:roads.gpkg`, `pmtiles://…`,
        /// `postgresql://…`); a `file:` URL or plain path is resolved against the style's
        /// folder by whoever opens it (`Source.resolvedPath`).
        case url(String)
        /// A vector source's `tiles` templates as written.
        case tiles([String])
    }

    /// The source's id: the key under `sources`.
    public let id: String
    /// What kind of data it holds.
    public let kind: Kind
    /// Where its data comes from.
    public let data: Data
    /// The CRS of the data (`metadata."cartouche:crs"` on the source); for GeoJSON WGS84 when
    /// nil, as RFC 7946 says; for a dataset, the dataset's own CRS when nil.
    public let crs: String?
    /// `minzoom`: below it a tile set has no tiles.
    public let minZoom: Double
    /// `maxzoom`: the deepest level with tiles, drawn overzoomed above it.
    public let maxZoom: Double
    /// `buffer`, where 512 is a tile's width: how far past the view features are kept, so that
    /// wide lines and labels at the edges are drawn.
    public let buffer: Double
    /// `tolerance`: how far lines may be simplified for drawing (Douglas–Peucker), CSS pixels.
    public let tolerance: Double
    /// `generateId`: number the features in file order when they have no `id`.
    public let generateID: Bool
    /// `promoteId`: the property that becomes the feature's `id`.
    public let promoteID: JSONValue?
    /// `filter` on a GeoJSON source: features it rejects are not loaded.
    public let filter: StyleExpression?
    /// `lineMetrics`: lines carry their progress, which `line-gradient` needs.
    public let lineMetrics: Bool
    /// The source's `metadata` object: keys of the `cartouche:` family that only a
    /// particular reader understands (`cartouche:encoding`, `cartouche:layers`, ...).
    public let metadata: JSONObject
    /// The source object as written (`scheme`, `bounds`, `tileSize` for tile readers).
    public let json: JSONObject

    /// A source with the specification's defaults for what is not given.
    public init(id: String, kind: Kind = .geojson, data: Data, crs: String? = nil, minZoom: Double = 0,
                maxZoom: Double = 18, buffer: Double = 128, tolerance: Double = 0.375, generateID: Bool = false,
                promoteID: JSONValue? = nil, filter: StyleExpression? = nil, lineMetrics: Bool = false,
                metadata: JSONObject = JSONObject(), json: JSONObject = JSONObject()) {
        self.id = id
        self.kind = kind
        self.data = data
        self.crs = crs
        self.minZoom = minZoom
        self.maxZoom = maxZoom
        self.buffer = buffer
        self.tolerance = tolerance
        self.generateID = generateID
        self.promoteID = promoteID
        self.filter = filter
        self.lineMetrics = lineMetrics
        self.metadata = metadata
        self.json = json
    }

    /// A path written in the style (`file:///abs`, `file:rel`, or a plain path) as a path on
    /// disk: relative ones against `baseDirectory`, the style's folder.
    public static func resolvedPath(_ text: String, baseDirectory: String) -> String {
        let path = StyleReader.resolvePath(text)
        return path.hasPrefix("/") ? path : "\(baseDirectory)/\(path)"
    }
}
