#if canImport(Glibc)
import Glibc
#endif
import CLibPQ

/// One libpq connection, used by one thread at a time. Queries go through
/// `PQexecParams`: values are parameters, never spliced into the SQL, and results come in
/// binary so that geometry arrives as WKB bytes and numbers as machine numbers.
final class PGConnection {
    private let conn: OpaquePointer
    /// A password given to libpq, to be blanked out of any message that might repeat it.
    private let password: String?

    /// Connects with the options of `info`, `password` (from `cartouche:password-env`; libpq
    /// itself reads `PGPASSWORD` and `~/.pgpass`) and `settings` (`statement_timeout`...),
    /// sent as startup options so that they hold for the connection's whole life.
    init(_ info: ConnectionInfo, password: String?, settings: [String: String] = [:]) throws(PGError) {
        var pairs = info.options
        if let password {
            pairs.removeAll { $0.keyword == "password" }
            pairs.append(("password", password))
        }
        if !pairs.contains(where: { $0.keyword == "connect_timeout" }) { pairs.append(("connect_timeout", "10")) }
        pairs.append(("client_encoding", "UTF8"))
        if !pairs.contains(where: { $0.keyword == "application_name" }) { pairs.append(("application_name", "cartouche")) }
        let startup = settings.sorted { $0.key < $1.key }.map { "-c \($0.key)=\($0.value)" }.joined(separator: " ")
        if let i = pairs.firstIndex(where: { $0.keyword == "options" }) {
            pairs[i].value += " " + startup
        } else if !startup.isEmpty {
            pairs.append(("options", startup))
        }
        let keywords = pairs.map { strdup($0.keyword) }, values = pairs.map { strdup($0.value) }
        defer { (keywords + values).forEach { free($0) } }
        var k = keywords.map { UnsafePointer($0) } + [nil], v = values.map { UnsafePointer($0) } + [nil]
        let conn = PQconnectdbParams(&k, &v, 0)!
        // Checked before the object exists: a throwing initialiser of a complete object
        // would run deinit, and the connection would be finished twice.
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = Self.redacted(String(cString: PQerrorMessage(conn)), password)
            PQfinish(conn)
            throw PGError(kind: .connection, message: message)
        }
        // Notices and warnings (ST_EstimatedExtent's "no statistics", a server shutting
        // down) would go to stderr; the errors that matter come back from the queries.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        self.password = password
        self.conn = conn
    }

    deinit { PQfinish(conn) }

    /// Whether the connection still works, as far as libpq knows (it learns of a lost
    /// connection when a query fails).
    var isUsable: Bool { PQstatus(conn) == CONNECTION_OK }

    /// Statements prepared on this connection, by SQL text: a map's query of a layer is the
    /// same text every time, so the server parses it once per connection.
    private var prepared: [String: String] = [:]

    /// Runs `sql` with text parameters `$1…`, results in binary (or text) format. With
    /// `prepare`, the statement is prepared on first use and executed by name afterwards.
    func query(_ sql: String, _ parameters: [String?] = [], binary: Bool = true, prepare: Bool = false) throws(PGError) -> PGResult {
        if prepare && prepared[sql] == nil {
            let name = "cartouche_\(prepared.count + 1)"
            guard let raw = PQprepare(conn, name, sql, Int32(parameters.count), nil) else {
                throw PGError(kind: .connection, message: Self.redacted(String(cString: PQerrorMessage(conn)), password))
            }
            try check(raw)
            PQclear(raw)
            prepared[sql] = name
        }
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let values = copies.map { UnsafePointer($0) }
        let raw = values.withUnsafeBufferPointer { p in
            if prepare, let name = prepared[sql] {
                PQexecPrepared(conn, name, Int32(parameters.count), p.baseAddress, nil, nil, binary ? 1 : 0)
            } else {
                PQexecParams(conn, sql, Int32(parameters.count), nil, p.baseAddress, nil, nil, binary ? 1 : 0)
            }
        }
        guard let raw else { throw PGError(kind: .connection, message: Self.redacted(String(cString: PQerrorMessage(conn)), password)) }
        try check(raw)
        return PGResult(raw)
    }

    /// Runs several queries in one round trip (libpq's pipeline mode): each is prepared on
    /// first use as `query(prepare: true)` does, then all are sent with one sync, and their
    /// results are read in order as the server finishes each (the caller's work on them
    /// overlaps the server's on the next). A query that fails makes the ones after it
    /// abort; every result is read before returning, so the connection stays usable.
    func pipeline(_ queries: [(sql: String, parameters: [String?])]) throws(PGError) -> [Result<PGResult, PGError>] {
        if queries.count == 1 {
            do { return [.success(try query(queries[0].sql, queries[0].parameters, prepare: true))] } catch { return [.failure(error)] }
        }
        for (i, q) in queries.enumerated() where prepared[q.sql] == nil {
            let name = "cartouche_\(prepared.count + 1)"
            guard let raw = PQprepare(conn, name, q.sql, Int32(q.parameters.count), nil) else { throw lost() }
            do { try check(raw) } catch {
                // A query the server refuses (a column of the wrong type) fails alone.
                var results = Array(repeating: Result<PGResult, PGError>.failure(.notRun), count: queries.count)
                results[i] = .failure(error)
                return results
            }
            PQclear(raw)
            prepared[q.sql] = name
        }
        guard PQenterPipelineMode(conn) == 1 else { throw lost() }
        defer { PQexitPipelineMode(conn) }
        var sent = 0
        for q in queries {
            let copies = q.parameters.map { $0.map { strdup($0) } ?? nil }
            defer { copies.forEach { free($0) } }
            let values = copies.map { UnsafePointer($0) }
            let ok = values.withUnsafeBufferPointer { p in
                PQsendQueryPrepared(conn, prepared[q.sql]!, Int32(q.parameters.count), p.baseAddress, nil, nil, 1)
            }
            guard ok == 1 else { break }
            sent += 1
        }
        guard PQpipelineSync(conn) == 1 else { throw lost() }
        var results: [Result<PGResult, PGError>] = []
        for _ in 0..<sent {
            guard let raw = PQgetResult(conn) else { results.append(.failure(lost())); break }
            let status = PQresultStatus(raw)
            if status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK {
                results.append(.success(PGResult(raw)))
            } else if status == PGRES_PIPELINE_ABORTED {
                PQclear(raw)
                results.append(.failure(.notRun))
            } else {
                results.append(.failure(failure(raw)))
            }
            // Each query's results end with a null; a lost connection gives no more.
            var extra = 0
            while let more = PQgetResult(conn) {
                PQclear(more)
                extra += 1
                if extra > 8 || !isUsable { break }
            }
            if !isUsable { break }
        }
        if isUsable {
            // The sync's own result, then the null that ends the pipeline.
            while let raw = PQgetResult(conn) {
                let status = PQresultStatus(raw)
                PQclear(raw)
                if status == PGRES_PIPELINE_SYNC || !isUsable { break }
            }
        }
        while results.count < queries.count { results.append(.failure(lost())) }
        return results
    }

    /// The error of a connection that libpq reports lost.
    private func lost() -> PGError {
        PGError(kind: .connection, message: Self.redacted(String(cString: PQerrorMessage(conn)), password))
    }

    /// Throws the error a result carries (and frees it then).
    private func check(_ raw: OpaquePointer) throws(PGError) {
        let status = PQresultStatus(raw)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else { throw failure(raw) }
    }

    /// The error a failed result carries; the result is freed.
    private func failure(_ raw: OpaquePointer) -> PGError {
        let state = PQresultErrorField(raw, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
        let primary = PQresultErrorField(raw, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
        let message = primary ?? String(cString: PQerrorMessage(conn))
        PQclear(raw)
        let kind: PGError.Kind = !isUsable ? .connection : state == "57014" ? .timeout : .query
        return PGError(kind: kind, sqlState: state, message: Self.redacted(message, password))
    }

    /// `name` quoted as an SQL identifier by libpq (`"roads""; DROP …"`), so that any table
    /// or column name is read literally.
    func identifier(_ name: String) throws(PGError) -> String {
        guard let quoted = PQescapeIdentifier(conn, name, name.utf8.count) else {
            throw PGError(kind: .query, message: "cannot quote the name \"\(name)\": \(Self.redacted(String(cString: PQerrorMessage(conn)), password))")
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    /// A message from libpq or the server as one line, with the password blanked should it
    /// ever appear.
    static func redacted(_ message: String, _ password: String?) -> String {
        var line = ConnectionInfo.firstLine(message)
        if let password, !password.isEmpty { line = line.replacing(password, with: "********") }
        return line
    }
}

/// A query's result; freed with the object.
final class PGResult {
    let raw: OpaquePointer
    init(_ raw: OpaquePointer) { self.raw = raw }
    deinit { PQclear(raw) }

    var rows: Int { Int(PQntuples(raw)) }
    var columns: Int { Int(PQnfields(raw)) }
    func name(_ column: Int) -> String { String(cString: PQfname(raw, Int32(column))) }
    func type(_ column: Int) -> UInt32 { PQftype(raw, Int32(column)) }
    func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(raw, Int32(row), Int32(column)) != 0 }

    /// The bytes of a value, valid while the result lives.
    @inline(__always) func bytes(_ row: Int, _ column: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: PQgetvalue(raw, Int32(row), Int32(column)), count: Int(PQgetlength(raw, Int32(row), Int32(column))))
    }

    /// A value of a text-format result (or a binary text column) as a string.
    func string(_ row: Int, _ column: Int) -> String? {
        isNull(row, column) ? nil : String(decoding: bytes(row, column), as: UTF8.self)
    }
}

/// A failure of the database: connecting, a query the server refused, the statement
/// timeout, a connection lost on the way.
struct PGError: Error {
    enum Kind { case connection, query, timeout }
    var kind: Kind
    var sqlState = ""
    var message: String

    /// A query of a pipeline not run because another of the same pipeline failed.
    static let notRun = PGError(kind: .query, sqlState: "cartouche:not-run", message: "not run: another query of the same map failed")
    var isNotRun: Bool { sqlState == Self.notRun.sqlState }
}
