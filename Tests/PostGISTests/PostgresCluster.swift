import Foundation
import TestSupport

/// A throwaway PostgreSQL 15 + PostGIS cluster for the tests of this process: initdb into a
/// scratch folder, a Unix socket in that folder for the superuser (trust) and 127.0.0.1 on a
/// free port for the role `mapper`, whose password is `PostgresCluster.password` (SCRAM), the
/// Yuanhui layers loaded by GDAL's `ogr2ogr` into database `yuanhui`. Stopped when the test
/// process exits. As root, the server tools run as the OS user `postgres` (initdb refuses
/// root).
final class PostgresCluster: @unchecked Sendable {
    static let bin = ProcessInfo.processInfo.environment["CARTOUCHE_PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]
    static let password = "s3cret-Pa55"
    static let layers = YuanhuiSample.layers

    /// Why the suites are skipped, or nil when PostgreSQL and PostGIS are installed.
    static let missing: String? = {
        if !FileManager.default.isExecutableFile(atPath: bin + "/initdb") {
            return "no PostgreSQL in \(bin) (apt-get install postgresql-15 postgresql-15-postgis-3, or scripts/setup.sh)"
        }
        if !FileManager.default.fileExists(atPath: "/usr/share/postgresql/15/extension/postgis.control") {
            return "no PostGIS for PostgreSQL 15 (apt-get install postgresql-15-postgis-3)"
        }
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/ogr2ogr") { return "no ogr2ogr (apt-get install gdal-bin)" }
        return nil
    }()

    /// The cluster of this test process, started on first use.
    static let shared: Result<PostgresCluster, Error> = Result { try PostgresCluster() }
    static func get() throws -> PostgresCluster { try shared.get() }

    /// A cluster of its own, for a test that restarts the server under the other tests' feet.
    static func fresh() throws -> PostgresCluster { try PostgresCluster() }

    /// Every cluster started, stopped when the process exits.
    private static let started = Locked<[PostgresCluster]>([])

    let dir: String
    let port: Int
    let asRoot = getuid() == 0

    /// `postgresql://mapper@127.0.0.1:PORT/yuanhui`: the role the maps read as (the password
    /// comes from the environment).
    var url: String { "postgresql://mapper@127.0.0.1:\(port)/yuanhui" }

    private init() throws {
        dir = try ScratchDirectory.make("pg")
        port = Self.freePort()
        if asRoot {
            // The server runs as `postgres`, which must reach the folder through its parents.
            for path in [ScratchDirectory.root, dir] { chmod(path, 0o755) }
            try run("/bin/chown", ["postgres:postgres", dir])
        }
        try server("initdb", ["-D", dir + "/data", "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
                              "-E", "UTF8", "--no-locale", "--no-sync"])
        let conf = """

        listen_addresses = '127.0.0.1'
        port = \(port)
        unix_socket_directories = '\(dir)'
        max_connections = 200
        fsync = off
        synchronous_commit = off
        full_page_writes = off
        jit = off
        """
        try server("/bin/sh", ["-c", "cat >> '\(dir)/data/postgresql.conf'"], input: conf, tool: false)
        try start()
        Self.started.withLock { $0.append(self) }
        if Self.started.withLock({ $0.count }) == 1 {
            atexit { for cluster in PostgresCluster.started.withLock({ $0 }) { try? cluster.stop() } }
        }
        try psql("postgres", """
            CREATE ROLE mapper LOGIN PASSWORD '\(Self.password)';
            CREATE DATABASE yuanhui OWNER mapper;
            """)
        try psql("yuanhui", "CREATE EXTENSION postgis;")
        for layer in Self.layers { try load("\(Self.root)/GeoData/yuanhui/\(layer).geojson", as: layer) }
        try psql("yuanhui", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO mapper;")
    }

    func start() throws {
        try server("pg_ctl", ["-D", dir + "/data", "-l", dir + "/server.log", "-w", "-t", "60", "start"])
    }

    func stop() throws {
        try server("pg_ctl", ["-D", dir + "/data", "-m", "fast", "-w", "stop"])
    }

    /// Stops the server at once (connections are cut) and starts it again.
    func restart() throws {
        try server("pg_ctl", ["-D", dir + "/data", "-m", "immediate", "-w", "stop"])
        try start()
    }

    /// Loads a GeoJSON file as table `table` of database `yuanhui` with GDAL's ogr2ogr:
    /// geometry column `geom`, GiST index, readable by `mapper`.
    func load(_ file: String, as table: String, database: String = "yuanhui") throws {
        try run("/usr/bin/ogr2ogr", ["-f", "PostgreSQL", "PG:host=\(dir) port=\(port) dbname=\(database) user=postgres", file,
                                     "-nln", table, "-lco", "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=GIST",
                                     "-lco", "FID=fid", "-lco", "LAUNDER=NO"])
        try psql(database, "ANALYZE;")
    }

    /// Runs SQL as the superuser over the socket; fails on the first error.
    @discardableResult
    func psql(_ database: String, _ sql: String) throws -> String {
        try run(Self.bin + "/psql", ["-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-h", dir, "-p", "\(port)", "-U", "postgres",
                                     "-d", database], input: sql)
    }

    /// A server tool (initdb, pg_ctl) as the cluster's owner.
    private func server(_ tool: String, _ arguments: [String], input: String? = nil, tool isTool: Bool = true) throws {
        let path = isTool ? Self.bin + "/" + tool : tool
        if asRoot {
            try run("/sbin/runuser", ["-u", "postgres", "--", path] + arguments, input: input)
        } else {
            try run(path, arguments, input: input)
        }
    }

    /// Runs a program to its end, its output into files. Spawned with every descriptor
    /// above 2 closed: `pg_ctl start` leaves the server running with whatever it inherited,
    /// and Foundation's `Process` waits for its own inherited socket to close.
    @discardableResult
    func run(_ program: String, _ arguments: [String], input: String? = nil) throws -> String {
        let base = "\(dir)/run-\(UUID().uuidString)"
        try (input ?? "").write(toFile: base + ".in", atomically: false, encoding: .utf8)
        defer { for suffix in [".out", ".err", ".in"] { try? FileManager.default.removeItem(atPath: base + suffix) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, base + ".in", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, base + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, base + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // bash closes every other descriptor (other threads' pipes and sockets, which the
        // server would otherwise keep open for its whole life), then runs the program.
        let closeAll = #"for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null; done; exec "$@""#
        let argv = (["/bin/bash", "-c", closeAll, "bash", program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, nil, argv, environ)
        guard spawned == 0 else { throw ClusterError(message: "cannot run \(program): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
        guard status == 0 else {
            let error = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
            throw ClusterError(message: "\(program) \(arguments.joined(separator: " ")) failed (\(status)): \(error)")
        }
        return output
    }

    struct ClusterError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// A loopback port nothing listens on (the kernel's choice for a socket bound to port 0).
    static func freePort() -> Int {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(s) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in
                bind(s, p, length)
                return getsockname(s, p, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
