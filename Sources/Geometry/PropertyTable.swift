import JSON

/// Feature properties stored by column: each distinct key is interned once and owns a column
/// with one slot per feature (nil where the feature has no such property).
///
/// Expressions compile `["get", "name"]` to a column index once per table, so a lookup per
/// feature is an array access, not a string hash.
public struct PropertyTable: Sendable {
    public private(set) var keys: [String] = []
    public private(set) var columns: [[JSONValue?]] = []
    private var keyIndex: [String: Int] = [:]
    public private(set) var rowCount = 0

    public init() {}

    public func columnIndex(of key: String) -> Int? { keyIndex[key] }

    @inline(__always)
    public func value(column: Int, row: Int) -> JSONValue? { columns[column][row] }

    public func value(_ key: String, row: Int) -> JSONValue? {
        guard let c = keyIndex[key] else { return nil }
        return columns[c][row]
    }

    /// All properties of one feature, in key order of first appearance.
    public func object(row: Int) -> JSONObject {
        var entries: [JSONObject.Entry] = []
        for (c, key) in keys.enumerated() {
            if let v = columns[c][row] { entries.append(.init(key: key, value: v)) }
        }
        return JSONObject(entries)
    }

    /// Appends one row from `(key, value)` pairs.
    public mutating func appendRow<S: Sequence>(_ members: S) where S.Element == JSONObject.Entry {
        for member in members {
            let c = internKey(member.key)
            if columns[c].count == rowCount + 1 {
                columns[c][rowCount] = member.value  // repeated key: the last one wins
            } else {
                columns[c].append(member.value)
            }
        }
        rowCount += 1
        for c in columns.indices where columns[c].count < rowCount { columns[c].append(nil) }
    }

    public mutating func internKey(_ key: String) -> Int {
        if let c = keyIndex[key] { return c }
        let c = keys.count
        keys.append(key)
        keyIndex[key] = c
        var column: [JSONValue?] = []
        column.reserveCapacity(Swift.max(rowCount + 1, 16))
        column.append(contentsOf: repeatElement(nil, count: rowCount))
        columns.append(column)
        return c
    }

    /// The rows at `rows`, in that order.
    public func selecting(_ rows: [Int]) -> PropertyTable {
        var t = PropertyTable()
        t.keys = keys
        t.keyIndex = keyIndex
        t.columns = columns.map { column in rows.map { column[$0] } }
        t.rowCount = rows.count
        return t
    }
}
