import JSON

extension FeatureTable {
    /// Appends every feature of `other` (geometry, ids, properties by key, foreign members).
    /// Tile readers stitch the tables of the tiles a map covers into one this way: the
    /// coordinates and offsets are copied in bulk, properties column by column.
    public mutating func append(contentsOf other: FeatureTable) {
        guard !other.isEmpty else { return }
        let firstRow = count
        if tiles != nil || other.tiles != nil {
            var merged = tiles ?? FeatureTiles(ofFeature: Array(repeating: -1, count: count))
            let base = Int32(merged.squares.count)
            merged.squares += other.tiles?.squares ?? []
            merged.ofFeature += other.tiles.map { $0.ofFeature.map { $0 >= 0 ? $0 + base : -1 } }
                ?? Array(repeating: -1, count: other.count)
            tiles = merged
        }
        let pointBase = Int32(truncatingIfNeeded: pointCount)
        let ringBase = Int32(truncatingIfNeeded: ringStarts.count - 1)
        let partBase = Int32(truncatingIfNeeded: partKinds.count)
        coordinates.append(contentsOf: other.coordinates)
        ringStarts.append(contentsOf: other.ringStarts.dropFirst().map { $0 + pointBase })
        partStarts.append(contentsOf: other.partStarts.dropFirst().map { $0 + ringBase })
        partKinds.append(contentsOf: other.partKinds)
        featureStarts.append(contentsOf: other.featureStarts.dropFirst().map { $0 + partBase })
        geometryTypes.append(contentsOf: other.geometryTypes)
        ids.append(contentsOf: other.ids)
        for (row, members) in other.foreignMembers { foreignMembers[firstRow + row] = members }
        // Values are appended in row order within each column, and the rows only end once
        // all columns are written: columns are independent of each other.
        let columns = other.properties.keys.map { properties.internKey($0) }
        properties.appendRows(other.properties, columns: columns)
    }
}

extension PropertyTable {
    /// Appends the rows of `other`, whose column `c` is this table's `columns[c]`.
    mutating func appendRows(_ other: PropertyTable, columns map: [Int]) {
        let base = rowCount
        for c in map.indices {
            let target = map[c]
            other.forEachValue(column: c) { row, value in columns[target].append(row: base + row, value: value) }
        }
        rowCount += other.rowCount
    }
}
