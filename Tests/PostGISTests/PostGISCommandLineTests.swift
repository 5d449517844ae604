import Cartouche
import Foundation
import Testing
import TestSupport

/// The `cartouche` executable against the real server: what a user sees when something is
/// wrong (one line, exit 1, no file), injection-shaped names and values, `info`.
@Suite("PostGIS from the command line", .serialized,
       .enabled(if: PostgresCluster.missing == nil, "\(PostgresCluster.missing ?? "")"))
struct PostGISCommandLineTests {
    static let binary: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("cartouche").path
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [Substring] { stderr.split(separator: "\n") }
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env[PostGISStyles.passwordVariable] = PostgresCluster.password
        env["PGPASSWORD"] = nil
        env["PGPASSFILE"] = "/nonexistent"
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// Renders `style` (text) to a PNG in a new folder; the run, and whether a PNG was left.
    func render(_ style: String, environment: [String: String] = [:], extra: [String] = []) throws -> (Run, Bool) {
        let dir = try ScratchDirectory.make("pg-cli")
        let path = try PostGISStyles.write(style, in: dir)
        let out = dir + "/map.png"
        let run = try Self.run(["render", path, "-o", out, "--width", "400", "--height", "300",
                                "--bbox", "113.9,33.5,114.05,33.62"] + extra, environment: environment)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0 != "style.json" }
        return (run, !files.isEmpty)
    }

    /// One line on stderr naming the database (never its password), exit 1, no file.
    func expectOneLineFailure(_ result: (Run, Bool), containing parts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let (run, wrote) = result
        #expect(run.status == 1, "exit \(run.status): \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.lines.count == 1, "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(!wrote, "a file was left behind", sourceLocation: sourceLocation)
        #expect(!run.stderr.contains(PostgresCluster.password), "the password leaked: \(run.stderr)", sourceLocation: sourceLocation)
        for part in parts {
            #expect(run.stderr.contains(part), "expected \"\(part)\" in: \(run.stderr)", sourceLocation: sourceLocation)
        }
    }

    @Test func aWrongPasswordIsOneLine() throws {
        let cluster = try PostgresCluster.get()
        let style = try PostGISStyles.style(url: cluster.url)
        expectOneLineFailure(try render(style, environment: [PostGISStyles.passwordVariable: "not-the-password"]),
                             containing: ["/sources/district/url: postgresql://mapper@127.0.0.1:\(cluster.port)/yuanhui: cannot connect:",
                                          "password authentication failed for user \"mapper\""])
    }

    @Test func aMissingPasswordVariableIsOneLine() throws {
        let cluster = try PostgresCluster.get()
        let style = try PostGISStyles.style(url: cluster.url, metadata: #"{"cartouche:password-env": "CARTOUCHE_NO_SUCH_VARIABLE"}"#)
        expectOneLineFailure(try render(style), containing: ["environment variable CARTOUCHE_NO_SUCH_VARIABLE named by cartouche:password-env is not set"])
    }

    @Test func aPasswordWrittenInTheStyleIsRefusedWithoutBeingRepeated() throws {
        let cluster = try PostgresCluster.get()
        let style = try PostGISStyles.style(url: "postgresql://mapper:\(PostgresCluster.password)@127.0.0.1:\(cluster.port)/yuanhui")
        expectOneLineFailure(try render(style), containing: ["postgresql://mapper@127.0.0.1:\(cluster.port)/yuanhui: the connection string holds a password"])
    }

    @Test func anUnreachableHostIsOneLine() throws {
        let port = PostgresCluster.freePort()
        let style = try PostGISStyles.style(url: "postgresql://mapper@127.0.0.1:\(port)/yuanhui")
        expectOneLineFailure(try render(style), containing: ["postgresql://mapper@127.0.0.1:\(port)/yuanhui: cannot connect:", "Connection refused"])
    }

    @Test func aMissingTableIsOneLineWithTheTablesThereAre() throws {
        let cluster = try PostgresCluster.get()
        let style = try PostGISStyles.style(url: cluster.url).replacingOccurrences(of: "\"source-layer\": \"rivers\"", with: "\"source-layer\": \"river\"")
        expectOneLineFailure(try render(style), containing: ["/source-layer: postgresql://mapper@127.0.0.1:\(cluster.port)/yuanhui has no layer \"river\"; it has boundary,", "rivers"])
    }

    @Test func aGeometryColumnOfTheWrongTypeIsOneLine() throws {
        let cluster = try PostgresCluster.get()
        let meta = #"{"cartouche:password-env": "\#(PostGISStyles.passwordVariable)", "cartouche:layers": {"rivers": {"sql": "SELECT geom, name FROM rivers", "geometry": "name"}}}"#
        let style = try PostGISStyles.style(url: cluster.url, metadata: meta)
        expectOneLineFailure(try render(style), containing: ["yuanhui: layer \"rivers\": column \"name\" is of type", "expected geometry or geography"])
    }

    @Test func aStatementTimeoutIsOneLine() throws {
        let cluster = try PostgresCluster.get()
        let meta = #"{"cartouche:password-env": "\#(PostGISStyles.passwordVariable)", "cartouche:statement-timeout": 1, "cartouche:layers": {"rivers": {"sql": "SELECT geom, name FROM rivers WHERE pg_sleep(5) IS NOT NULL", "srid": 4326}}}"#
        let style = try PostGISStyles.style(url: cluster.url, metadata: meta)
        expectOneLineFailure(try render(style), containing: ["the query ran past the statement timeout of 1 s; raise cartouche:statement-timeout on the source"])
    }

    @Test func aRowLimitIsOneLine() throws {
        let cluster = try PostgresCluster.get()
        let meta = #"{"cartouche:password-env": "\#(PostGISStyles.passwordVariable)", "cartouche:row-limit": 5}"#
        let style = try PostGISStyles.style(url: cluster.url, metadata: meta)
        expectOneLineFailure(try render(style), containing: ["more than 5 rows meet this map's extent (cartouche:row-limit)"])
    }

    /// A table whose name is an injection attempt, and a value of the same shape: both are
    /// read literally, and the table the "injection" would drop is still there.
    @Test func injectionShapedNamesAndValuesAreReadLiterally() throws {
        let cluster = try PostgresCluster.get()
        let evil = #"roads"; DROP TABLE x; --"#
        let dir = try ScratchDirectory.make("pg-evil")
        let geojson = """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[113.92, 33.52], [114.02, 33.6]]},
               "properties": {"name": "\(evil.replacingOccurrences(of: "\"", with: "\\\""))", "class": "primary"}}]}
            """
        try geojson.write(toFile: dir + "/evil.geojson", atomically: true, encoding: .utf8)
        try cluster.psql("yuanhui", "CREATE TABLE IF NOT EXISTS x (id int); GRANT SELECT ON x TO mapper;")
        try cluster.load(dir + "/evil.geojson", as: evil)
        try cluster.psql("yuanhui", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO mapper;")

        let escapedName = evil.replacingOccurrences(of: "\"", with: "\\\"")
        let style = """
            {"version": 8, "sources": {"db": {"type": "vector", "url": "\(cluster.url)",
                                                "metadata": {"cartouche:password-env": "\(PostGISStyles.passwordVariable)"}}},
             "layers": [{"id": "bg", "type": "background", "paint": {"background-color": "#ffffff"}},
                        {"id": "evil", "type": "line", "source": "db", "source-layer": "\(escapedName)",
                         "filter": ["==", ["get", "name"], "\(escapedName)"],
                         "paint": {"line-color": "#ff0000", "line-width": 6}}]}
            """
        let styleDir = try ScratchDirectory.make("pg-evil-style")
        func draw(_ style: String, _ name: String) throws -> String {
            let path = try PostGISStyles.write(style, in: styleDir, name: name + ".json")
            let out = "\(styleDir)/\(name).png"
            let run = try Self.run(["render", path, "-o", out, "--width", "200", "--height", "200", "--bbox", "113.9,33.5,114.05,33.62"])
            #expect(run.status == 0, "\(run.stderr)")
            return out
        }
        let matching = try draw(style, "matching")
        let other = try draw(style.replacingOccurrences(of: "\"filter\": [\"==\", [\"get\", \"name\"], \"", with: "\"filter\": [\"==\", [\"get\", \"name\"], \"not "), "other")
        // The line was drawn: the filter matched the value, so it came back literally.
        let difference = try ImageComparison.compare(actual: matching, expected: other)
        #expect(difference.differingPixels > 300, "expected the red line, \(difference.differingPixels) pixels differ")
        // And table x is still there.
        #expect(try cluster.psql("yuanhui", "SELECT count(*) FROM x;").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    @Test func infoListsTheTablesWithTheirSRIDsCountsAndExtents() throws {
        let cluster = try PostgresCluster.get()
        let run = try Self.run(["info", cluster.url, "--password-env", PostGISStyles.passwordVariable])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("postgresql://mapper@127.0.0.1:\(cluster.port)/yuanhui:"), "\(run.stdout)")
        #expect(run.stdout.contains("  places: 18 row(s), POINT in column geom, SRID 4326"), "\(run.stdout)")
        #expect(run.stdout.contains("  roads: "), "\(run.stdout)")
        let json = try Self.run(["info", cluster.url, "--json", "--password-env", PostGISStyles.passwordVariable])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.contains("\"table\": \"places\""), "\(json.stdout)")
        // key=value form, and a wrong password: one line, no secret.
        let wrong = try Self.run(["info", "host=127.0.0.1 port=\(cluster.port) dbname=yuanhui user=mapper password=wrong-\(PostgresCluster.password)"])
        #expect(wrong.status == 1 && wrong.lines.count == 1, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("password authentication failed") && !wrong.stderr.contains(PostgresCluster.password), "\(wrong.stderr)")
    }
}
