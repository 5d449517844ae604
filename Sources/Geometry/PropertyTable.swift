import JSON

/// Feature properties stored by column: each distinct key is interned once and owns a
/// `PropertyColumn` holding the values of the features that have it.
///
/// Expressions compile `["get", "name"]` to a column index once per table, so a lookup per
/// feature is an array access (or a binary search in a sparse column), not a string hash.
public struct PropertyTable: Sendable {
    /// The keys in order of first appearance; column `c` holds the values of `keys[c]`.
    public private(set) var keys: [String] = []
    private var keyIndex: [String: Int] = [:]
    var columns: [PropertyColumn] = []
    /// The number of features (rows), with or without properties.
    public internal(set) var rowCount = 0

    /// A table with no keys and no rows.
    public init() {}

    /// The column of a key, or nil when no feature has it: what expressions compile
    /// `["get", key]` to.
    public func columnIndex(of key: String) -> Int? { keyIndex[key] }

    /// The value in a column for a row; nil when that feature lacks the key.
    @inline(__always)
    public func value(column: Int, row: Int) -> JSONValue? { columns[column].value(row: row) }

    /// The value of `key` for a row; nil when that feature lacks it.
    public func value(_ key: String, row: Int) -> JSONValue? {
        guard let c = keyIndex[key] else { return nil }
        return columns[c].value(row: row)
    }

    /// All properties of one feature, in key order of first appearance.
    public func object(row: Int) -> JSONObject {
        var entries: [JSONObject.Entry] = []
        for (c, key) in keys.enumerated() {
            if let v = columns[c].value(row: row) { entries.append(.init(key: key, value: v)) }
        }
        return JSONObject(entries)
    }

    /// Calls `body` with every (row, value) pair of a column, in row order: a walk over the
    /// values present, however sparse.
    public func forEachValue(column: Int, _ body: (_ row: Int, _ value: JSONValue) -> Void) {
        columns[column].forEach(body)
    }

    // MARK: Building

    /// Appends one row from `(key, value)` pairs; for a repeated key the last one wins.
    public mutating func appendRow<S: Sequence>(_ members: S) where S.Element == JSONObject.Entry {
        for member in members { setInOpenRow(column: internKey(member.key), value: member.value) }
        endRow()
    }

    /// Sets a value of the open row (the row after the last one ended); `column` comes from
    /// `internKey`. The GeoJSON reader stores each property as it reads it, without
    /// gathering a feature's properties first.
    @inline(__always)
    mutating func setInOpenRow(column: Int, value: JSONValue) {
        columns[column].append(row: rowCount, value: value)
    }

    /// Ends the open row: the values set since the last `endRow` belong to it.
    mutating func endRow() {
        rowCount += 1
    }

    /// Removes the values set in the open row of `touched` columns, and then the columns
    /// from `newColumns` on, which only that row used (a feature that is skipped).
    mutating func discardOpenRow(touched: [Int], newColumns: Int) {
        for c in touched { columns[c].removeValue(ofRow: rowCount) }
        guard newColumns < keys.count else { return }
        precondition(columns[newColumns...].allSatisfy(\.isEmpty), "only the open row can use new columns")
        for key in keys[newColumns...] { keyIndex[key] = nil }
        keys.removeSubrange(newColumns...)
        columns.removeSubrange(newColumns...)
    }

    /// The column of `key`, created (empty) if the key is new.
    public mutating func internKey(_ key: String) -> Int {
        if let c = keyIndex[key] { return c }
        let c = keys.count
        keys.append(key)
        keyIndex[key] = c
        columns.append(PropertyColumn())
        return c
    }

    /// The rows at `rows`, in that order.
    public func selecting(_ rows: [Int]) -> PropertyTable {
        var t = PropertyTable()
        t.keys = keys
        t.keyIndex = keyIndex
        t.columns = columns.map { column in
            var selected = PropertyColumn()
            for (i, row) in rows.enumerated() {
                if let v = column.value(row: row) { selected.append(row: i, value: v) }
            }
            return selected
        }
        t.rowCount = rows.count
        return t
    }
}

extension PropertyTable: Equatable {
    /// Tables are equal when they have the same keys in the same order and the same values
    /// in the same rows, however their columns are stored.
    public static func == (a: PropertyTable, b: PropertyTable) -> Bool {
        guard a.rowCount == b.rowCount, a.keys == b.keys else { return false }
        for c in a.columns.indices {
            var pairs: [(Int, JSONValue)] = []
            a.columns[c].forEach { pairs.append(($0, $1)) }
            var other: [(Int, JSONValue)] = []
            b.columns[c].forEach { other.append(($0, $1)) }
            guard pairs.elementsEqual(other, by: { $0.0 == $1.0 && $0.1 == $1.1 }) else { return false }
        }
        return true
    }
}
