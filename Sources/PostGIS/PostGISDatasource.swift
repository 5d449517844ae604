#if canImport(Glibc)
import Glibc
#endif
import Datasource
import Geometry
import JSON
import Projection

/// A PostgreSQL database with PostGIS as a `vector` source: its tables and views with
/// geometry, and the SELECTs of `cartouche:layers`, read per map by extent over libpq.
///
/// The catalog is read once, when the source is opened, on a connection closed afterwards.
/// Each thread that draws maps then keeps a connection of its own for the whole run.
public final class PostGISDatasource: VectorDatasource {
    /// The database as messages name it: the connection without its password.
    public let name: String
    /// The database's identity (never its password), the source's CRS and its SELECTs, for
    /// `--resume`.
    public let fingerprint: String
    /// The tables and views with geometry and the `cartouche:layers` SELECTs, by name.
    public let layerNames: [String]
    let layers: [String: PostGISLayer]
    let settings: Settings
    private let connections: ConnectionPerThread

    /// What the source's metadata sets, with the defaults.
    public struct Settings: Sendable {
        /// `cartouche:statement-timeout`, seconds: no query of a map may run longer.
        public var statementTimeout: Double = 60
        /// `cartouche:row-limit`: the most rows one layer may return for one map.
        public var rowLimit: Int = 1_000_000
        /// `cartouche:password-env`: the environment variable holding the password.
        public var passwordVariable: String?
        /// `cartouche:layers`: layers defined by a SELECT, by name.
        public var selects: JSONObject = JSONObject()
        /// `cartouche:crs` on the source: the CRS of every layer, whatever the SRIDs say.
        public var crs: CRS?

        /// The defaults: 60 s per query, a million rows per layer and map.
        public init() {}
    }

    /// Opens the database `connection` names (a URI or libpq's `key=value` string) and reads
    /// its catalog. `allowPassword` is false for styles: a password written in a style would
    /// travel with it, so it must come from the environment or `~/.pgpass` instead.
    public init(connection text: String, settings: Settings = Settings(), allowPassword: Bool = false) throws {
        let info: ConnectionInfo
        do {
            info = try ConnectionInfo(text)
        } catch {
            throw DatasourceError(dataset: "postgresql connection string", error.description)
        }
        name = info.displayName
        if info.hasPassword && !allowPassword {
            throw DatasourceError(dataset: name, "the connection string holds a password, which a style must not; use PGPASSWORD, ~/.pgpass or the source's cartouche:password-env")
        }
        var password: String?
        if let variable = settings.passwordVariable {
            guard let value = getenv(variable) else {
                throw DatasourceError(dataset: name, "the environment variable \(variable) named by cartouche:password-env is not set")
            }
            password = String(cString: value)
        }
        self.settings = settings
        let name = self.name
        func connector(timeout: Double) -> @Sendable () throws -> PGConnection {
            let startup = ["statement_timeout": "\(Int((timeout * 1000).rounded()))"]
            return { [password] in
                do {
                    return try PGConnection(info, password: password, settings: startup)
                } catch let error as PGError {
                    throw DatasourceError(dataset: name, "cannot connect: \(error.message)")
                }
            }
        }
        connections = ConnectionPerThread(connect: connector(timeout: settings.statementTimeout))

        // The catalog is read once, whatever the maps' timeout (which may be set tight for
        // maps), but not for ever.
        let conn = try connector(timeout: max(settings.statementTimeout, 60))()
        var layers: [PostGISLayer]
        var crsOfSRID: [Int32: CRS?] = [:]
        do {
            layers = try PostGISCatalog.tables(conn, crsOverride: settings.crs)
            for entry in settings.selects {
                let (layerName, definition) = (entry.key, entry.value)
                layers.removeAll { $0.name == layerName }
                layers.append(try PostGISCatalog.selectLayer(conn, name: layerName, definition: definition, crsOverride: settings.crs))
            }
            for i in layers.indices {
                if case .table(let schema, let table) = layers[i].relation {
                    if layers[i].srid == 0, settings.crs == nil {
                        let relation = "\(try conn.identifier(schema)).\(try conn.identifier(table))"
                        layers[i].srid = try PostGISCatalog.sridOfFirstRow(conn, from: relation, column: layers[i].geometryColumn)
                    }
                    if !layers[i].isGeography {
                        layers[i].extent = PostGISCatalog.estimatedExtent(conn, schema: schema, table: table, column: layers[i].geometryColumn)
                    }
                }
                if settings.crs == nil {
                    let srid = layers[i].srid
                    if crsOfSRID[srid] == nil { crsOfSRID[srid] = try PostGISCatalog.crs(conn, srid: srid) }
                    if let crs = crsOfSRID[srid] ?? nil {
                        layers[i].crs = crs
                    } else if case .select = layers[i].relation {
                        throw PostGISCatalog.Problem(layer: layers[i].name, message: "the SRID of the geometry is unknown (0); give \"srid\" in cartouche:layers or cartouche:crs on the source")
                    }
                }
            }
        } catch let error as PGError {
            throw DatasourceError(dataset: name, "reading the catalog: \(error.message)")
        } catch let problem as PostGISCatalog.Problem {
            throw DatasourceError(dataset: name, layer: problem.layer, problem.message)
        }
        self.layers = Dictionary(layers.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        layerNames = layers.map(\.name)
        let selects = settings.selects.map { "\($0.key)=\(JSONWriter().string($0.value))" }.sorted()
        fingerprint = (["postgresql \(info.identity)", "crs=\(settings.crs?.description ?? "")"] + selects).joined(separator: "\n")
    }

    /// The datasource of `connection` with `settings`, shared by every source of the process
    /// that names the same database the same way (a style often has one source per layer,
    /// all on one URL): the catalog is read once, and each thread keeps one connection
    /// rather than one per source. Held weakly: it closes when the last map data using it goes.
    public static func shared(connection: String, settings: Settings) throws -> PostGISDatasource {
        let key = connection + "\u{0}" + settings.key
        if let existing = openDatasets.withLock({ $0[key]?.value }) { return existing }
        let made = try PostGISDatasource(connection: connection, settings: settings)
        return openDatasets.withLock { open in
            if let existing = open[key]?.value { return existing }
            open = open.filter { $0.value.value != nil }
            open[key] = Weak(value: made)
            return made
        }
    }

    private struct Weak { weak var value: PostGISDatasource? }
    private static let openDatasets = Locked<[String: Weak]>([:])

    /// The layer's name, CRS (from its SRID, or the source's `cartouche:crs`) and extent; nil when
    /// there is no such table, view or SELECT.
    public func layer(named name: String) -> DatasetLayer? {
        guard let layer = find(name) else { return nil }
        return DatasetLayer(name: layer.name, crs: layer.crs, extent: layer.extent)
    }

    /// A layer by its name, or a table of the search path by `schema.table` as well.
    func find(_ name: String) -> PostGISLayer? {
        if let layer = layers[name] { return layer }
        return layers.values.first { layer in
            if case .table(let schema, let table) = layer.relation { "\(schema).\(table)" == name } else { false }
        }
    }

    /// Runs `body` on this thread's connection.
    func withConnection<R>(_ body: (PGConnection) throws -> R) throws -> R {
        try connections.withConnection(body)
    }

    /// The rows of a layer whose geometry meets the query's box (`&&` on its spatial index), over
    /// this thread's connection, geometry as binary WKB.
    public func read(_ query: FeatureQuery) throws -> DatasetFeatures {
        try read([query])[0]
    }

    /// The layers of one map in one round trip on this thread's connection (pipeline mode):
    /// an atlas page waits for the server once rather than once per layer.
    public func read(_ queries: [FeatureQuery]) throws -> [DatasetFeatures] {
        let layers = try queries.map { query in
            guard let layer = find(query.layer) else {
                throw DatasourceError(dataset: name, layer: query.layer, "no such table or view with geometry")
            }
            return layer
        }
        var current = layers.first
        do {
            return try connections.withConnection { conn in
                let plans = try zip(queries, layers).map { query, layer in
                    let box = query.box
                    let bounded = box.minX.isFinite && box.minY.isFinite && box.maxX.isFinite && box.maxY.isFinite
                    return try LayerQuery(layer, properties: query.properties, bounded: bounded, conn: conn)
                }
                let results = try conn.pipeline(zip(plans, zip(queries, layers)).map { plan, ql in
                    (plan.sql, plan.parameters(layer: ql.1, box: ql.0.box, rowLimit: settings.rowLimit))
                })
                // The query that failed, rather than those it kept from running.
                if let i = results.firstIndex(where: { if case .failure(let e) = $0 { !e.isNotRun } else { false } }),
                   case .failure(let error) = results[i] {
                    current = layers[i]
                    throw error
                }
                return try zip(plans, zip(results, layers)).map { plan, rl in
                    let (result, layer) = rl
                    current = layer
                    let (table, skipped, firstError) = try plan.table(of: result.get(), rowLimit: settings.rowLimit)
                    var warnings: [String] = []
                    if skipped > 0 {
                        warnings.append("\(name): layer \"\(layer.name)\": \(skipped) row(s) without a drawable geometry skipped" + (firstError.map { " (first: \($0))" } ?? ""))
                    }
                    return DatasetFeatures(table: table, warnings: warnings)
                }
            }
        } catch let error as PGError {
            let layer = current?.name
            switch error.kind {
            case .timeout:
                throw DatasourceError(dataset: name, layer: layer, "the query ran past the statement timeout of \(formatJSONNumber(settings.statementTimeout)) s; raise cartouche:statement-timeout on the source, or draw a smaller area")
            case .connection:
                throw DatasourceError(dataset: name, layer: layer, "the connection to the server was lost (\(error.message)); the map was not drawn")
            case .query:
                throw DatasourceError(dataset: name, layer: layer, "the query failed: \(error.message)")
            }
        } catch is LayerQuery.RowLimitExceeded {
            throw DatasourceError(dataset: name, layer: current?.name, "more than \(settings.rowLimit) rows meet this map's extent (cartouche:row-limit); raise the limit on the source, or draw a smaller area")
        }
    }
}
