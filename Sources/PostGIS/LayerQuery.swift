import Datasource
import Geometry
import JSON

/// The one query a map makes of one layer, and the conversion of its binary rows into a
/// `FeatureTable`.
///
/// ```sql
/// SELECT ST_AsBinary("geom"), "fid"::float8, "name"::text, "population"::float8
///   FROM "public"."places"
///  WHERE "geom" && ST_MakeEnvelope($1, $2, $3, $4, $5)
///  ORDER BY "fid" LIMIT $6
/// ```
/// Names are quoted by libpq; the box, the SRID and the limit are parameters. `&&` against
/// the envelope is what the GiST index answers; geometry comes as WKB bytes and goes
/// straight into the table's coordinate buffer.
struct LayerQuery {
    let sql: String
    let columns: [PostGISLayer.Column]

    init(_ layer: PostGISLayer, properties: Set<String>?, bounded: Bool, conn: PGConnection) throws(PGError) {
        let geometry = try conn.identifier(layer.geometryColumn)
        let relation: String
        switch layer.relation {
        case .table(let schema, let name): relation = "\(try conn.identifier(schema)).\(try conn.identifier(name))"
        case .select(let sql): relation = "(\(sql)) AS cartouche_layer"
        }
        columns = layer.columns.filter { properties?.contains($0.name) ?? true }
        var select = [layer.isGeography ? "ST_AsBinary(\(geometry)::geometry)" : "ST_AsBinary(\(geometry))"]
        // Column 1: the id (its primary key) or NULL, so that properties start at 2 either way.
        if let id = layer.idColumn {
            select.append("\(try conn.identifier(id))::float8")
        } else {
            select.append("NULL::float8")
        }
        for column in columns {
            let name = try conn.identifier(column.name)
            switch column.kind {
            case .number: select.append("\(name)::float8")
            case .boolean: select.append("\(name)::bool")
            case .text: select.append("\(name)::text")
            }
        }
        var sql = "SELECT \(select.joined(separator: ", ")) FROM \(relation)"
        let envelope = "ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, $5::int)"
        if bounded {
            sql += layer.isGeography ? " WHERE \(geometry) && \(envelope)::geography" : " WHERE \(geometry) && \(envelope)"
        }
        // In key order, whichever plan the server picks (an index scan returns rows in index
        // order): features are drawn in the order they come, and the same data must give the
        // same map.
        if let id = layer.idColumn { sql += " ORDER BY \(try conn.identifier(id))" }
        sql += bounded ? " LIMIT $6::bigint" : " LIMIT $1::bigint"
        self.sql = sql
    }

    /// Runs the query for `box` and fills a table; more than `rowLimit` rows is an error.
    func run(_ conn: PGConnection, layer: PostGISLayer, box: Box, rowLimit: Int) throws -> (table: FeatureTable, skipped: Int, firstError: String?) {
        try table(of: conn.query(sql, parameters(layer: layer, box: box, rowLimit: rowLimit), prepare: true), rowLimit: rowLimit)
    }

    /// The query's parameters for `box`: the envelope, the SRID, one row more than the limit.
    func parameters(layer: PostGISLayer, box: Box, rowLimit: Int) -> [String?] {
        let limit = "\(rowLimit + 1)"
        let bounded = box.minX.isFinite && box.minY.isFinite && box.maxX.isFinite && box.maxY.isFinite
        return bounded
            ? [String(box.minX), String(box.minY), String(box.maxX), String(box.maxY), "\(layer.srid)", limit]
            : [limit]
    }

    /// The table of a result; more than `rowLimit` rows is an error.
    func table(of result: PGResult, rowLimit: Int) throws -> (table: FeatureTable, skipped: Int, firstError: String?) {
        guard result.rows <= rowLimit else { throw RowLimitExceeded() }
        return read(result)
    }

    struct RowLimitExceeded: Error {}

    private func read(_ result: PGResult) -> (table: FeatureTable, skipped: Int, firstError: String?) {
        var table = FeatureTable()
        let keys = columns.map { table.propertyColumn($0.name) }
        var skipped = 0
        var firstError: String?
        for row in 0..<result.rows {
            guard !result.isNull(row, 0) else { skipped += 1; continue }
            let type: GeometryType
            do {
                type = try WKBReader.append(result.bytes(row, 0), to: &table)
            } catch {
                skipped += 1
                if firstError == nil { firstError = "row \(row + 1): \(error)" }
                continue
            }
            for (i, column) in columns.enumerated() where !result.isNull(row, i + 2) {
                let bytes = result.bytes(row, i + 2)
                let value: JSONValue = switch column.kind {
                case .number: .number(Double(bitPattern: UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self))))
                case .boolean: .bool(bytes[0] != 0)
                case .text: .string(String(decoding: bytes, as: UTF8.self))
                }
                table.setProperty(column: keys[i], value)
            }
            let id: FeatureID? = result.isNull(row, 1) ? nil
                : .number(Double(bitPattern: UInt64(bigEndian: result.bytes(row, 1).loadUnaligned(as: UInt64.self))))
            table.endFeature(type: type, id: id)
        }
        return (table, skipped, firstError)
    }
}
