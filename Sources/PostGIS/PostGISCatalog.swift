import Geometry
import JSON
import Projection

/// Reads which layers a database offers: every table and view with a geometry or geography
/// column, with its SRID and property columns, and the SELECTs of `cartouche:layers`.
/// Tables in the search path are named by their name (`roads`), others by schema and name
/// (`medium.roads`); a table with several geometry columns is drawn from the first.
enum PostGISCatalog {
    /// What goes wrong while reading the catalog: a layer and a message, or the whole source.
    struct Problem: Error {
        var layer: String?
        var message: String
    }

    static func tables(_ conn: PGConnection, crsOverride: CRS?) throws -> [PostGISLayer] {
        let catalog = try conn.query("""
            SELECT f_table_schema::text, f_table_name::text, f_geometry_column::text, srid, false AS geography,
                   f_table_schema = ANY (current_schemas(false)) AS visible
              FROM geometry_columns
            UNION ALL
            SELECT f_table_schema::text, f_table_name::text, f_geography_column::text, srid, true,
                   f_table_schema = ANY (current_schemas(false))
              FROM geography_columns
            ORDER BY 1, 2, 3
            """, binary: false)
        let columns = try conn.query("""
            SELECT n.nspname::text, c.relname::text, a.attname::text, t.typname::text, t.typcategory::text
              FROM pg_attribute a
              JOIN pg_class c ON c.oid = a.attrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_type t ON t.oid = a.atttypid
             WHERE a.attnum > 0 AND NOT a.attisdropped
               AND (n.nspname, c.relname) IN (SELECT f_table_schema, f_table_name FROM geometry_columns
                                              UNION SELECT f_table_schema, f_table_name FROM geography_columns)
             ORDER BY n.nspname, c.relname, a.attnum
            """, binary: false)
        let keys = try conn.query("""
            SELECT n.nspname::text, c.relname::text, a.attname::text
              FROM pg_index i
              JOIN pg_class c ON c.oid = i.indrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
             WHERE i.indisprimary AND i.indnatts = 1 AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)
            """, binary: false)
        var keyOf: [String: String] = [:]
        for row in 0..<keys.rows { keyOf[keys.string(row, 0)! + "\u{0}" + keys.string(row, 1)!] = keys.string(row, 2)! }
        var columnsOf: [String: [PostGISLayer.Column]] = [:]
        for row in 0..<columns.rows {
            let type = columns.string(row, 3)!
            guard type != "geometry", type != "geography" else { continue }
            let key = columns.string(row, 0)! + "\u{0}" + columns.string(row, 1)!
            columnsOf[key, default: []].append(.init(name: columns.string(row, 2)!, kind: PostGISLayer.kind(category: columns.string(row, 4)!)))
        }
        var layers: [PostGISLayer] = []
        var seen: Set<String> = []
        for row in 0..<catalog.rows {
            let schema = catalog.string(row, 0)!, table = catalog.string(row, 1)!
            let key = schema + "\u{0}" + table
            guard !seen.contains(key) else { continue }  // the first geometry column only
            seen.insert(key)
            let visible = catalog.string(row, 5) == "t"
            let name = visible && !layers.contains(where: { $0.name == table }) ? table : "\(schema).\(table)"
            let srid = Int32(catalog.string(row, 3)!) ?? 0
            layers.append(PostGISLayer(name: name, relation: .table(schema: schema, name: table),
                                       geometryColumn: catalog.string(row, 2)!, isGeography: catalog.string(row, 4) == "t",
                                       srid: srid, crs: crsOverride ?? .wgs84, extent: nil, columns: columnsOf[key] ?? [],
                                       idColumn: keyOf[key]))
        }
        return layers
    }

    /// The CRS of SRID `srid` from `spatial_ref_sys` (its authority and code; EPSG:SRID when
    /// the row has none), or nil for SRID 0 (unknown).
    static func crs(_ conn: PGConnection, srid: Int32) throws -> CRS? {
        guard srid > 0 else { return nil }
        let result = try conn.query("SELECT auth_name, auth_srid FROM spatial_ref_sys WHERE srid = $1", ["\(srid)"], binary: false)
        let code = result.rows > 0 ? "\(result.string(0, 0) ?? "EPSG"):\(result.string(0, 1) ?? "\(srid)")" : "EPSG:\(srid)"
        do {
            return try CRS(code)
        } catch {
            throw Problem(message: "SRID \(srid) (\(code)) is not a CRS PROJ knows: \(error)")
        }
    }

    /// The SRID of the first geometry a relation returns, for views and SELECTs whose
    /// column does not say (SRID 0 in the catalog).
    static func sridOfFirstRow(_ conn: PGConnection, from relation: String, column: String) throws -> Int32 {
        let c = try conn.identifier(column)
        let result = try conn.query("SELECT ST_SRID(\(c)::geometry) FROM \(relation) WHERE \(c) IS NOT NULL LIMIT 1", binary: false)
        return result.rows > 0 ? Int32(result.string(0, 0) ?? "") ?? 0 : 0
    }

    /// The extent PostGIS estimates from the table's statistics (cheap; nil before ANALYZE).
    static func estimatedExtent(_ conn: PGConnection, schema: String, table: String, column: String) -> Box? {
        guard let result = try? conn.query("""
            SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM ST_EstimatedExtent($1, $2, $3) AS e
            """, [schema, table, column], binary: false), result.rows == 1,
            let minX = result.string(0, 0).flatMap(Double.init), let minY = result.string(0, 1).flatMap(Double.init),
            let maxX = result.string(0, 2).flatMap(Double.init), let maxY = result.string(0, 3).flatMap(Double.init)
        else { return nil }
        return Box(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }

    /// A layer of `cartouche:layers`: `"name": "SELECT …"` or `"name": {"sql": "SELECT …",
    /// "geometry": "geom", "srid": 4547}`. The SELECT is asked for no rows to learn its
    /// columns; its geometry column is the one named, or the only geometry column it has.
    static func selectLayer(_ conn: PGConnection, name: String, definition: JSONValue, crsOverride: CRS?) throws -> PostGISLayer {
        var sql: String?, geometry: String?, srid: Int32?
        switch definition {
        case .string(let text): sql = text
        case .object(let object):
            sql = object["sql"]?.stringValue
            if let value = object["geometry"] {
                guard let text = value.stringValue else { throw Problem(layer: name, message: "\"geometry\": expected a column name, found \(value.typeName)") }
                geometry = text
            }
            if let value = object["srid"] {
                guard let number = value.numberValue, number == number.rounded(), number > 0, number < 1e9 else {
                    throw Problem(layer: name, message: "\"srid\": expected a positive whole number, found \(value.brief)")
                }
                srid = Int32(number)
            }
        default: break
        }
        guard let sql, !sql.isEmpty else {
            throw Problem(layer: name, message: "cartouche:layers: expected a SELECT, or an object with \"sql\", found \(definition.brief)")
        }
        let relation = "(\(sql)) AS cartouche_layer"
        let probe: PGResult
        do {
            probe = try conn.query("SELECT * FROM \(relation) LIMIT 0")
        } catch {
            throw Problem(layer: name, message: "the SELECT fails: \(error.message)")
        }
        var fields: [(name: String, type: String, category: String)] = []
        if probe.columns > 0 {
            let oids = (0..<probe.columns).map { "\(probe.type($0))" }.joined(separator: ",")
            let types = try conn.query("SELECT oid::text, typname::text, typcategory::text FROM pg_type WHERE oid = ANY ($1::oid[])",
                                       ["{\(oids)}"], binary: false)
            var byOID: [String: (String, String)] = [:]
            for row in 0..<types.rows { byOID[types.string(row, 0)!] = (types.string(row, 1)!, types.string(row, 2)!) }
            for column in 0..<probe.columns {
                let (type, category) = byOID["\(probe.type(column))"] ?? ("unknown", "X")
                fields.append((probe.name(column), type, category))
            }
        }
        let spatial = fields.filter { $0.type == "geometry" || $0.type == "geography" }
        let geometryField: (name: String, type: String, category: String)
        if let geometry {
            guard let field = fields.first(where: { $0.name == geometry }) else {
                throw Problem(layer: name, message: "the SELECT has no column \"\(geometry)\"; it has \(fields.map(\.name).joined(separator: ", "))")
            }
            guard field.type == "geometry" || field.type == "geography" else {
                throw Problem(layer: name, message: "column \"\(geometry)\" is of type \(field.type), expected geometry or geography")
            }
            geometryField = field
        } else {
            guard spatial.count == 1 else {
                throw Problem(layer: name, message: spatial.isEmpty
                              ? "the SELECT returns no geometry or geography column"
                              : "the SELECT returns several geometry columns (\(spatial.map(\.name).joined(separator: ", "))); name one with \"geometry\"")
            }
            geometryField = spatial[0]
        }
        let columns = fields.filter { $0.type != "geometry" && $0.type != "geography" }
            .map { PostGISLayer.Column(name: $0.name, kind: PostGISLayer.kind(category: $0.category)) }
        var layer = PostGISLayer(name: name, relation: .select(sql), geometryColumn: geometryField.name,
                                 isGeography: geometryField.type == "geography", srid: srid ?? 0,
                                 crs: crsOverride ?? .wgs84, extent: nil, columns: columns)
        if layer.isGeography { layer.srid = 4326 }
        if srid == nil, crsOverride == nil, !layer.isGeography {
            layer.srid = try sridOfFirstRow(conn, from: relation, column: layer.geometryColumn)
        }
        return layer
    }
}
