import Datasource
import Geometry
import JSON

/// `cartouche info postgresql://…`: the tables and views with geometry, their geometry
/// column, type, SRID, row count and extent (exact: `count(*)` and `ST_Extent`, so a full
/// read of each table).
public struct DatabaseSummary: Sendable {
    /// One table or view with a geometry column.
    public struct Table: Sendable {
        /// The table's name, as a style's `source-layer` names it.
        public var name: String
        /// The geometry or geography column that is read.
        public var geometryColumn: String
        /// The column's type as PostGIS's `geometry_columns` records it ("MULTIPOLYGON", "GEOMETRY").
        public var geometryType: String
        /// The column's SRID, 0 when the column does not declare one.
        public var srid: Int
        /// The exact row count (`count(*)`).
        public var rows: Int
        /// The exact extent (`ST_Extent`) in the column's SRID; nil when the table is empty.
        public var extent: Box?
    }

    /// The database as messages name it: the connection without its password.
    public let database: String
    /// The tables and views with geometry, in the order the database lists them.
    public let tables: [Table]

    /// Reads the summary over one connection; the password comes from the string itself (a
    /// command line is not a style), `PGPASSWORD` or `~/.pgpass`.
    public init(connection text: String, passwordVariable: String? = nil) throws {
        var settings = PostGISDatasource.Settings()
        settings.passwordVariable = passwordVariable
        let source = try PostGISDatasource(connection: text, settings: settings, allowPassword: true)
        database = source.name
        var tables: [Table] = []
        do {
            tables = try source.withConnection { conn in
                try source.layerNames.compactMap { name -> Table? in
                    guard let layer = source.find(name), case .table(let schema, let table) = layer.relation else { return nil }
                    let relation = "\(try conn.identifier(schema)).\(try conn.identifier(table))"
                    let column = try conn.identifier(layer.geometryColumn)
                    let geometry = layer.isGeography ? "\(column)::geometry" : column
                    let result = try conn.query("""
                        SELECT n, ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e),
                               (SELECT type FROM geometry_columns WHERE f_table_schema = $1 AND f_table_name = $2 AND f_geometry_column = $3
                                UNION ALL
                                SELECT type FROM geography_columns WHERE f_table_schema = $1 AND f_table_name = $2 AND f_geography_column = $3
                                LIMIT 1)
                          FROM (SELECT ST_Extent(\(geometry)) AS e, count(*) AS n FROM \(relation)) AS t
                        """, [schema, table, layer.geometryColumn], binary: false)
                    func number(_ c: Int) -> Double? { result.string(0, c).flatMap(Double.init) }
                    var extent: Box?
                    if let minX = number(1), let minY = number(2), let maxX = number(3), let maxY = number(4) {
                        extent = Box(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
                    }
                    return Table(name: name, geometryColumn: layer.geometryColumn, geometryType: result.string(0, 5) ?? "GEOMETRY",
                                 srid: Int(layer.srid), rows: Int(result.string(0, 0) ?? "") ?? 0, extent: extent)
                }
            }
        } catch let error as PGError {
            throw DatasourceError(dataset: source.name, error.message)
        }
        self.tables = tables
    }

    /// One paragraph per table, like `ogrinfo -so`.
    public var text: String {
        var lines = ["\(database): \(tables.count) table(s) with geometry"]
        for table in tables {
            lines.append("  \(table.name): \(table.rows) row(s), \(table.geometryType) in column \(table.geometryColumn), SRID \(table.srid)")
            if let e = table.extent {
                lines.append("    extent: \(formatJSONNumber(e.minX)), \(formatJSONNumber(e.minY)) – \(formatJSONNumber(e.maxX)), \(formatJSONNumber(e.maxY))")
            } else {
                lines.append("    extent: none (no geometry)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The summary as `cartouche info --json` prints it.
    public var json: JSONValue {
        var tables: [JSONValue] = []
        for table in self.tables {
            var o = JSONObject()
            o["table"] = .string(table.name)
            o["geometryColumn"] = .string(table.geometryColumn)
            o["geometryType"] = .string(table.geometryType)
            o["srid"] = .number(Double(table.srid))
            o["rows"] = .number(Double(table.rows))
            o["bbox"] = table.extent.map { .array([.number($0.minX), .number($0.minY), .number($0.maxX), .number($0.maxY)]) } ?? .null
            tables.append(.object(o))
        }
        var o = JSONObject()
        o["database"] = .string(database)
        o["tables"] = .array(tables)
        return .object(o)
    }
}
