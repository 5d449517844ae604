import Geometry
import JSON

extension Source {
    /// The property whose value becomes the feature id (`promoteId`): a name, or for the
    /// per-layer form `{"<source-layer>": name}` the name given for `layer` (a vector
    /// source's) or for the one layer a GeoJSON source has.
    public func promotedProperty(layer: String? = nil) -> String? {
        switch promoteID {
        case .string(let name)?: name
        case .object(let byLayer)?: (layer.map { byLayer[$0] } ?? byLayer.entries.first?.value)?.stringValue
        default: nil
        }
    }

    /// The features as a MapLibre GeoJSON source hands them to its layers: only those that
    /// pass the source's `filter` (evaluated at zoom 0, as MapLibre does), with ids taken
    /// from the `promoteId` property or numbered in order by `generateId`, so that
    /// `["id"]` sees them. Without any of these settings the table is returned as it is.
    public func features(of table: FeatureTable, layer: String? = nil) -> FeatureTable {
        let promotedProperty = promotedProperty(layer: layer)
        guard filter != nil || generateID || promotedProperty != nil else { return table }
        var rows = Array(0..<table.count)
        if let filter {
            let properties = FeatureProperties(table)
            rows = rows.filter { row in
                let ctx = EvaluationContext(zoom: 0, feature: FeatureReference(properties, row: row))
                return (try? filter.evaluate(ctx))?.boolValue ?? false
            }
        }
        var out = FeatureTable()
        for (index, row) in rows.enumerated() {
            for part in table.parts(of: row) {
                for ring in table.rings(of: part) {
                    for point in table.points(of: ring) { out.addPoint(x: table.x(point), y: table.y(point)) }
                    out.endRing()
                }
                out.endPart(table.partKinds[part])
            }
            out.endFeature(type: table.geometryTypes[row], id: id(of: row, in: table, index: index, promoted: promotedProperty),
                           properties: table.properties.object(row: row), foreign: table.foreignMembers[row])
        }
        out.keepTiles(of: table, rows: rows)
        return out
    }

    private func id(of row: Int, in table: FeatureTable, index: Int, promoted: String?) -> FeatureID? {
        if let name = promoted {
            switch table.properties.value(name, row: row) {
            case .string(let s)?: return .string(s)
            case .number(let n)?: return .number(n)
            default: return nil
            }
        }
        return generateID ? .number(Double(index)) : table.ids[row]
    }
}
