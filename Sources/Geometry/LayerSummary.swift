import JSON

/// What `cartouche info` says about a layer, as `ogrinfo -so` does: the features by
/// geometry type, the bounding box, and each property with the JSON types its values take.
public struct LayerSummary: Sendable {
    /// Features read.
    public var featureCount: Int
    /// Features skipped on reading (lenient mode).
    public var skippedCount: Int
    /// Feature counts by RFC 7946 type name ("null" for null geometries), by name.
    public var geometryTypes: [(name: String, count: Int)]
    /// The box of every feature's coordinates; empty when no feature has any.
    public var bbox: Box
    /// Positions stored, closing positions of rings included.
    public var positionCount: Int
    /// Each property in order of first appearance, with the JSON types of its values
    /// ("number", "string|null", ...), sorted.
    public var properties: [(name: String, types: [String])]

    /// Summarises a document already read.
    public init(_ document: GeoJSONDocument) {
        let table = document.table
        featureCount = table.count
        skippedCount = document.skipped.count
        var counts: [String: Int] = [:]
        for t in table.geometryTypes { counts[t?.name ?? "null", default: 0] += 1 }
        geometryTypes = counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        bbox = table.bounds
        positionCount = table.pointCount
        properties = table.properties.keys.enumerated().map { column, key in
            var types: Set<String> = []
            table.properties.forEachValue(column: column) { _, value in types.insert(value.typeName) }
            return (key, types.sorted())
        }
    }

    /// The summary as lines of text, under the file's name.
    public func text(file: String) -> String {
        var lines = [file, "  features: \(featureCount)"]
        if skippedCount > 0 { lines.append("  skipped (not valid GeoJSON): \(skippedCount)") }
        lines.append("  geometry types: " + (geometryTypes.isEmpty ? "none" : geometryTypes.map { "\($0.name) \($0.count)" }.joined(separator: ", ")))
        lines.append("  bbox: " + (bbox.isEmpty ? "none" : [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY].map(formatJSONNumber).joined(separator: ", ")))
        lines.append("  positions: \(positionCount)")
        lines.append("  properties:" + (properties.isEmpty ? " none" : ""))
        for p in properties { lines.append("    \(p.name): \(p.types.joined(separator: "|"))") }
        return lines.joined(separator: "\n")
    }

    /// The summary as JSON: `file`, `features`, `skipped`, `geometryTypes` (name → count),
    /// `bbox` ([minX, minY, maxX, maxY] or null), `positions` and `properties`
    /// (name → types joined with `|`).
    public func json(file: String) -> JSONValue {
        var geometry = JSONObject()
        for g in geometryTypes { geometry[g.name] = .number(Double(g.count)) }
        var props = JSONObject()
        for p in properties { props[p.name] = .string(p.types.joined(separator: "|")) }
        let box: JSONValue = bbox.isEmpty ? .null : [.number(bbox.minX), .number(bbox.minY), .number(bbox.maxX), .number(bbox.maxY)]
        return [
            "file": .string(file),
            "features": .number(Double(featureCount)),
            "skipped": .number(Double(skippedCount)),
            "geometryTypes": .object(geometry),
            "bbox": box,
            "positions": .number(Double(positionCount)),
            "properties": .object(props),
        ]
    }
}
