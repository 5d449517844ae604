import Geometry
import JSON

/// What an expression can see while it is evaluated: the zoom, the feature, and the
/// per-placement values (`line-progress`, `accumulated`).
public struct EvaluationContext {
    public var zoom: Double
    public var feature: FeatureReference?
    public var lineProgress: Double?
    public var accumulated: Double?
    public var heatmapDensity: Double?
    /// `["global-state", name]` values (the atlas uses this to name the current feature).
    public var globalState: JSONObject

    public init(zoom: Double = 0, feature: FeatureReference? = nil, globalState: JSONObject = JSONObject()) {
        self.zoom = zoom
        self.feature = feature
        self.globalState = globalState
    }
}

/// One feature of a table, as expressions see it.
public struct FeatureReference {
    public let source: FeatureProperties
    public let row: Int

    public init(_ source: FeatureProperties, row: Int) {
        self.source = source
        self.row = row
    }

    @inline(__always)
    public func property(_ key: PropertyKey) -> JSONValue? { source.value(key, row: row) }

    public var geometryType: GeometryType? { source.table.geometryTypes[row] }
    public var id: FeatureID? { source.table.ids[row] }
}

/// A property name used by some expression, interned once per process so that a lookup is
/// two array accesses instead of a string hash.
public struct PropertyKey: Sendable, Hashable {
    public let name: String
    public let id: Int

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
    public let table: FeatureTable
    /// The same features in longitude/latitude, which `within` tests against: the table
    /// itself unless it was projected and the geographic original is given.
    public let geographic: FeatureTable
    private let columnForKey: [Int32]

    public init(_ table: FeatureTable, geographic: FeatureTable? = nil) {
        self.table = table
        self.geographic = geographic ?? table
        columnForKey = PropertyKeyRegistry.shared.snapshot.map { name in
            Int32(table.properties.columnIndex(of: name) ?? -1)
        }
    }

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
