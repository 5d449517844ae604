import Geometry
import Projection

/// A store of vector features read per map, by extent: a GDAL dataset (GeoPackage,
/// Shapefile, FlatGeobuf, ...), a vector tile set, a database. A style's `vector` source
/// names one; its layers are the style's `source-layer`s.
///
/// GeoJSON sources do not come through here: they are read whole, once, by the faster
/// reader of the `Geometry` module. A dataset is instead asked, for every map, for "the
/// features of layer L that may touch this box, with these properties", so that the cost
/// of a map grows with the map and not with the dataset.
///
/// A datasource is shared by every thread that draws maps: `read` may be called from
/// several threads at once, and an implementation keeps whatever handles its library
/// must not share between threads (GDAL datasets, database connections) per thread.
public protocol VectorDatasource: AnyObject, Sendable {
    /// The dataset as messages name it: a path, or a URL without its password.
    var name: String { get }

    /// The names of the layers, for messages that list them ("the dataset has roads, parks").
    var layerNames: [String] { get }

    /// The layer called `name`, or nil when the dataset has none by that name.
    func layer(named name: String) -> DatasetLayer?

    /// The features of `query.layer` whose bounding boxes may meet `query.box`, with the
    /// properties asked for (all when `query.properties` is nil; a reader may return more),
    /// in the layer's CRS. Features that cannot be used (an invalid geometry, a tile that
    /// does not decode) are skipped and reported in the warnings; a dataset that cannot be
    /// read throws a `DatasourceError`.
    func read(_ query: FeatureQuery) throws -> DatasetFeatures

    /// What a batch's input hash records of the dataset, so that `--resume` redraws maps
    /// when the data changes: file sizes and modification times, or a database's identity
    /// (never its password).
    var fingerprint: String { get }

    /// Whether features read for one map may be kept and given to later maps of the same
    /// process whose boxes they cover (neighbouring atlas pages): true for files, which do
    /// not change under a run; false for databases (a served map must see new rows) and
    /// tile sets (read by zoom). False unless a datasource says otherwise.
    var readsMayBeReused: Bool { get }

    /// The features of several layers for one map, in the order asked: a database answers
    /// them in one round trip rather than one per layer. By default, one `read` after another.
    func read(_ queries: [FeatureQuery]) throws -> [DatasetFeatures]
}

extension VectorDatasource {
    /// False: a datasource's reads are kept for later maps only when it says so.
    public var readsMayBeReused: Bool { false }

    /// One `read` after another, for datasources without a cheaper way.
    public func read(_ queries: [FeatureQuery]) throws -> [DatasetFeatures] {
        try queries.map { try read($0) }
    }
}

/// One layer of a dataset, as its reader describes it before any feature is read.
public struct DatasetLayer: Sendable {
    /// The layer's name, as a style's `source-layer` gives it.
    public var name: String
    /// The CRS of the layer's coordinates (the dataset's own, or the source's
    /// `cartouche:crs` where the style overrides it).
    public var crs: CRS
    /// The layer's extent in its CRS, when the reader knows it without reading the features
    /// (`--fit` fits the map to it).
    public var extent: Box?

    /// A layer described by its reader; `extent` is nil when the reader cannot know it without
    /// reading every feature.
    public init(name: String, crs: CRS, extent: Box? = nil) {
        self.name = name
        self.crs = crs
        self.extent = extent
    }
}

/// What one map asks of one layer.
public struct FeatureQuery: Sendable {
    /// The layer asked for: a style's `source-layer`.
    public var layer: String
    /// The map's extent grown by the margin wide lines and labels need, in the layer's CRS.
    public var box: Box
    /// The map's zoom in MapLibre's sense (the ground resolution at the map's centre), by
    /// which tile sets choose their level.
    public var zoom: Double
    /// The properties the style reads from this layer; nil for all of them.
    public var properties: Set<String>?
    /// The map's own extent, without the margin, in the layer's CRS, where the caller knows
    /// it: tile sets read the tiles that cover the map, as MapLibre does, and take labels
    /// and wide lines near the edge from those tiles' buffers.
    public var view: Box?

    /// A query for one map; `properties` nil reads every property, `view` nil lets tile sets
    /// cover `box` instead.
    public init(layer: String, box: Box, zoom: Double, properties: Set<String>?, view: Box? = nil) {
        self.layer = layer
        self.box = box
        self.zoom = zoom
        self.properties = properties
        self.view = view
    }
}

/// Features read for one map, in the layer's CRS.
public struct DatasetFeatures: Sendable {
    /// The features, their geometries already in the layer's CRS, with the properties asked for.
    public var table: FeatureTable
    /// Things worth telling the user that did not stop the read (features or tiles skipped).
    public var warnings: [String]

    /// Features read, with the warnings about those that were skipped.
    public init(table: FeatureTable, warnings: [String] = []) {
        self.table = table
        self.warnings = warnings
    }
}

/// A dataset that cannot be opened or read: one line naming the dataset (never a password),
/// the layer where there is one, and what is wrong.
public struct DatasourceError: Error, Sendable, CustomStringConvertible {
    /// The dataset as messages name it: a path, or a URL without its password.
    public var dataset: String
    /// The layer the problem is in, when it is in one.
    public var layer: String?
    /// What is wrong, in words a user can act on.
    public var message: String

    /// An error about `dataset` (never a string with a password in it), or one of its layers.
    public init(dataset: String, layer: String? = nil, _ message: String) {
        self.dataset = dataset
        self.layer = layer
        self.message = message
    }

    /// The one line printed: `dataset: layer "name": message`.
    public var description: String {
        layer.map { "\(dataset): layer \"\($0)\": \(message)" } ?? "\(dataset): \(message)"
    }
}
