import JSON

/// What `cartouche info` prints about a layer: features by geometry type, the bounding
/// box, and each property with the JSON types it takes (like `ogrinfo -so`).
public struct LayerSummary: Sendable {
    public var featureCount: Int
    public var geometryTypes: [(name: String, count: Int)]
    public var bbox: Box
    public var properties: [(name: String, types: [String])]

    public init(_ table: FeatureTable) {
        featureCount = table.count
        var counts: [String: Int] = [:]
        for t in table.geometryTypes { counts[t?.name ?? "null", default: 0] += 1 }
        geometryTypes = counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        bbox = table.bounds
        properties = table.properties.keys.enumerated().map { c, key in
            var types: Set<String> = []
            for row in 0..<table.count {
                if let v = table.properties.value(column: c, row: row) { types.insert(v.typeName) }
            }
            return (key, types.sorted())
        }
    }

    public func text(file: String, skipped: Int) -> String {
        var lines = ["\(file)", "  features: \(featureCount)"]
        if skipped > 0 { lines.append("  skipped (invalid geometry): \(skipped)") }
        lines.append("  geometry types: " + geometryTypes.map { "\($0.name) \($0.count)" }.joined(separator: ", "))
        if !bbox.isEmpty {
            lines.append("  bbox: \(formatJSONNumber(bbox.minX)), \(formatJSONNumber(bbox.minY)), \(formatJSONNumber(bbox.maxX)), \(formatJSONNumber(bbox.maxY))")
        }
        lines.append("  properties:")
        for p in properties { lines.append("    \(p.name): \(p.types.joined(separator: "|"))") }
        return lines.joined(separator: "\n")
    }

    public func json(file: String, skipped: Int) -> JSONValue {
        var geometry: [JSONObject.Entry] = []
        for g in geometryTypes { geometry.append(.init(key: g.name, value: .number(Double(g.count)))) }
        var props: [JSONObject.Entry] = []
        for p in properties { props.append(.init(key: p.name, value: .string(p.types.joined(separator: "|")))) }
        return .object(JSONObject([
            .init(key: "file", value: .string(file)),
            .init(key: "features", value: .number(Double(featureCount))),
            .init(key: "skipped", value: .number(Double(skipped))),
            .init(key: "geometryTypes", value: .object(JSONObject(geometry))),
            .init(key: "bbox", value: bbox.isEmpty ? .null : .array([.number(bbox.minX), .number(bbox.minY), .number(bbox.maxX), .number(bbox.maxY)])),
            .init(key: "properties", value: .object(JSONObject(props))),
        ]))
    }
}
