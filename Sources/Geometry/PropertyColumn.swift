import JSON

/// The values of one property key, stored only for the features that have it.
///
/// Real data is either complete (every feature has the key, if only as `null`: a column
/// of values indexed by row) or sparse (OpenStreetMap tags: thousands of keys, a handful per
/// feature). A column is stored the first way for as long as its rows are 0, 1, 2, … with
/// no gap, and switches to a sorted list of the rows it has once a feature lacks it, so
/// that an absent value costs nothing.
struct PropertyColumn: Sendable {
    /// The values present, in row order.
    private(set) var values: [JSONValue] = []
    /// The row of each value, ascending; empty while `values[i]` is the value of row `i`.
    private(set) var rows: [Int32] = []

    var isEmpty: Bool { values.isEmpty }

    @inline(__always)
    func value(row: Int) -> JSONValue? {
        if rows.isEmpty {
            // Not `row < values.count ? values[row] : nil`: JSONValue takes a nil literal,
            // so that would be `.null` for a row without the key.
            guard row < values.count else { return .none }
            return values[row]
        }
        return position(of: row).map { values[$0] }
    }

    /// Where `row`'s value is in `values` (binary search), if the row has one.
    private func position(of row: Int) -> Int? {
        var low = 0
        var high = rows.count
        while low < high {
            let mid = (low + high) / 2
            if Int(rows[mid]) < row { low = mid + 1 } else { high = mid }
        }
        return low < rows.count && Int(rows[low]) == row ? low : nil
    }

    /// Sets the value of `row`, which is at or after every row set so far (setting the
    /// last row again replaces its value: for a repeated key the last one wins).
    mutating func append(row: Int, value: JSONValue) {
        if rows.isEmpty {
            if row == values.count {
                values.append(value)
                return
            }
            if row == values.count - 1 {
                values[row] = value
                return
            }
            rows = (0..<Int32(values.count)).map { $0 }
        }
        if let last = rows.last, Int(last) == row {
            values[values.count - 1] = value
            return
        }
        rows.append(Int32(row))
        values.append(value)
    }

    /// Removes the value of `row` if it is the last one set (the open row of a feature
    /// that is skipped).
    mutating func removeValue(ofRow row: Int) {
        if rows.isEmpty {
            if values.count == row + 1 { values.removeLast() }
        } else if let last = rows.last, Int(last) == row {
            rows.removeLast()
            values.removeLast()
        }
    }

    /// The (row, value) pairs of the column, in row order.
    func forEach(_ body: (Int, JSONValue) -> Void) {
        for (i, value) in values.enumerated() { body(rows.isEmpty ? i : Int(rows[i]), value) }
    }
}
