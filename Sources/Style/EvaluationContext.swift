import Geometry
import JSON

/// What an expression can see while it is evaluated: the zoom, the feature, and the
/// per-placement values (`line-progress`, `accumulated`).
public struct EvaluationContext {
    /// The map's zoom, as `["zoom"]` reads it.
    public var zoom: Double
    /// The feature being drawn; nil when a property is evaluated for the whole layer.
    public var feature: FeatureReference?
    /// How far along the line a point is, 0 to 1, for `["line-progress"]` in `line-gradient`.
    public var lineProgress: Double?
    /// The running value of `["accumulated"]` in a cluster's properties.
    public var accumulated: Double?
    /// The kernel density at a pixel, for `["heatmap-density"]` in `heatmap-color`.
    public var heatmapDensity: Double?
    /// `["global-state", name]` values (the atlas uses this to name the current feature).
    public var globalState: JSONObject

    /// A context at `zoom`, for `feature` if given, with the map's global state.
    public init(zoom: Double = 0, feature: FeatureReference? = nil, globalState: JSONObject = JSONObject()) {
        self.zoom = zoom
        self.feature = feature
        self.globalState = globalState
    }
}

/// One feature of a table, as expressions see it.
public struct FeatureReference {
    /// The table the feature is in, with its properties mapped to columns.
    public let source: FeatureProperties
    /// The feature's row in the table.
    public let row: Int

    /// Feature `row` of `source`.
    public init(_ source: FeatureProperties, row: Int) {
        self.source = source
        self.row = row
    }

    /// The feature's value of a property, nil when it lacks it: what `["get", key]` reads.
    @inline(__always)
    public func property(_ key: PropertyKey) -> JSONValue? { source.value(key, row: row) }

    /// The feature's geometry type, for `["geometry-type"]` and legacy `$type` filters.
    public var geometryType: GeometryType? { source.table.geometryTypes[row] }
    /// The feature's id, for `["id"]` and legacy `$id` filters.
    public var id: FeatureID? { source.table.ids[row] }
}

/// A property name used by some expression, interned once per process so that a lookup is
/// two array accesses instead of a string hash.
public struct PropertyKey: Sendable, Hashable {
    /// The property's name.
    public let name: String
    /// The process-wide number of the name, the same for every table.
    public let id: Int

    /// The key of `name`, interned the first time it is met.
    public init(_ name: String) {
        self.name = name
        id = PropertyKeyRegistry.shared.intern(name)
    }
}

final class PropertyKeyRegistry: @unchecked Sendable {
    static let shared = PropertyKeyRegistry()
    private var ids: [String: Int] = [:]
    private(set) var names: [String] = []
    private let lock = Lock()

    func intern(_ name: String) -> Int {
        lock.locked {
            if let id = ids[name] { return id }
            ids[name] = names.count
            names.append(name)
            return names.count - 1
        }
    }

    var snapshot: [String] { lock.locked { names } }
}

/// A feature table prepared for expression evaluation: every interned property key mapped
/// to the table's column for it.
public final class FeatureProperties: @unchecked Sendable {
    /// The features, in the map's CRS.
    public let table: FeatureTable
    /// The same features in longitude/latitude, which `within` tests against: the table
    /// itself unless it was projected and the geographic original is given.
    public let geographic: FeatureTable
    private let columnForKey: [Int32]

    /// Prepares `table`: each property key interned so far is mapped to its column once, here,
    /// rather than per feature.
    public init(_ table: FeatureTable, geographic: FeatureTable? = nil) {
        self.table = table
        self.geographic = geographic ?? table
        columnForKey = PropertyKeyRegistry.shared.snapshot.map { name in
            Int32(table.properties.columnIndex(of: name) ?? -1)
        }
    }

    /// A feature's value of a property; nil when it lacks it.
    @inline(__always)
    public func value(_ key: PropertyKey, row: Int) -> JSONValue? {
        if key.id < columnForKey.count {
            let column = Int(columnForKey[key.id])
            return column < 0 ? nil : table.properties.value(column: column, row: row)
        }
        // A key compiled after this table was prepared.
        return table.properties.value(key.name, row: row)
    }
}
