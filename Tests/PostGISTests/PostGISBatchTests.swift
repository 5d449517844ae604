import Cartouche
import Foundation
import Testing
import TestSupport

/// Atlases and batches from PostGIS: a connection per worker thread, a server restarted in
/// the middle of a batch, `--resume`.
@Suite("PostGIS batches", .serialized, .enabled(if: PostgresCluster.missing == nil, "\(PostgresCluster.missing ?? "")"))
struct PostGISBatchTests {
    typealias CLI = PostGISCommandLineTests

    func pngs(in dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".png") && !$0.hasPrefix(".") }.sorted()
    }

    /// The villages' atlas, 2 threads, from PostGIS and from GeoJSON: the same pages.
    @Test func anAtlasOfTheVillagesRunsWithTwoThreadsAndMatchesGeoJSON() throws {
        let cluster = try PostgresCluster.get()
        let dir = try ScratchDirectory.make("pg-atlas")
        let style = try PostGISStyles.write(PostGISStyles.style(url: cluster.url), in: dir)
        let places = "\(PostGISStyles.root)/GeoData/yuanhui/places.geojson"
        func atlas(_ style: String, _ out: String) throws -> CLI.Run {
            try CLI.run(["atlas", style, "--coverage", places, "--filter", #"["==", ["get", "kind"], "village"]"#,
                         "-o", "\(dir)/\(out)/{name}.png", "--width", "400", "--height", "300", "--threads", "2"])
        }
        let fromDB = try atlas(style, "postgis")
        #expect(fromDB.status == 0, "\(fromDB.stderr)")
        let fromFiles = try atlas("\(PostGISStyles.root)/Styles/yuanhui.json", "geojson")
        #expect(fromFiles.status == 0, "\(fromFiles.stderr)")
        let pages = pngs(in: dir + "/postgis")
        #expect(pages.count == 10)
        #expect(pages == pngs(in: dir + "/geojson"))
        // The same pixels, composited over white. Bytes are not compared: in one CI run two
        // pages whose pixels matched exactly over white differed in their bytes (cause not
        // found; a pixel a hair short of opaque would change the PNG from RGB to RGBA).
        for page in pages {
            let diff = "\(dir)/\(page).diff.png"
            let c = try ImageComparison.compare(actual: "\(dir)/postgis/\(page)", expected: "\(dir)/geojson/\(page)", threshold: 0, diffPath: diff)
            #expect(c.differingPixels == 0, "\(page) differs between PostGIS and GeoJSON: \(c.differingPixels) pixels, by up to \(c.maxDifference)/255; see \(diff)")
        }
        let manifest = try String(contentsOfFile: dir + "/postgis/manifest.json", encoding: .utf8)
        #expect(!manifest.contains(PostgresCluster.password))
    }

    /// 60 maps, 2 threads; the server is restarted (connections cut) once some are done.
    /// The maps being drawn fail with a line each and exit 1; the manifest vouches only for
    /// complete files; `--resume` draws the rest on new connections.
    @Test func aServerRestartedMidBatchFailsOnlyTheMapsItWasDrawingAndResumeFinishes() throws {
        let cluster = try PostgresCluster.fresh()  // the restart must not cut the other tests' connections
        let dir = try ScratchDirectory.make("pg-restart")
        // A tenth of a second per map on the server, so that the restart lands mid-batch.
        let meta = #"{"cartouche:password-env": "\#(PostGISStyles.passwordVariable)", "cartouche:layers": {"places": "SELECT p.* FROM places AS p, pg_sleep(0.1)"}}"#
        let style = try PostGISStyles.write(PostGISStyles.style(url: cluster.url, metadata: meta), in: dir)
        let count = 60
        var maps: [String] = []
        for i in 0..<count {
            let lon = 113.80 + 0.22 * Double(i % 10) / 9, lat = 33.46 + 0.14 * Double(i / 10) / 5
            maps.append(#"{"output": "maps/map_\#(i).png", "center": [\#(lon), \#(lat)], "zoom": 13.5, "id": \#(i)}"#)
        }
        try #"{"style": "\#(style)", "defaults": {"width": 300, "height": 220}, "maps": [\#(maps.joined(separator: ",\n"))]}"#
            .write(toFile: dir + "/jobs.json", atomically: true, encoding: .utf8)

        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = ["batch", dir + "/jobs.json", "--threads", "2"]
        var env = ProcessInfo.processInfo.environment
        env[PostGISStyles.passwordVariable] = PostgresCluster.password
        p.environment = env
        _ = FileManager.default.createFile(atPath: dir + "/first.err", contents: nil)
        p.standardError = FileHandle(forWritingAtPath: dir + "/first.err")
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(120)
        while p.isRunning, Date() < deadline, pngs(in: dir + "/maps").count < 8 { usleep(5_000) }
        #expect(p.isRunning, "the batch finished before the restart")
        try cluster.restart()
        p.waitUntilExit()
        let stderr = try String(contentsOfFile: dir + "/first.err", encoding: .utf8)
        #expect(p.terminationStatus == 1, "\(stderr)")
        #expect(stderr.contains("the connection to the server was lost") || stderr.contains("cannot connect"), "\(stderr)")
        #expect(!stderr.contains(PostgresCluster.password))
        let survivors = pngs(in: dir + "/maps")
        #expect(survivors.count >= 8 && survivors.count < count, "\(survivors.count) maps after the first run")

        // The manifest vouches only for files that are there, whole.
        let manifest = Manifest(path: dir + "/maps/manifest.json")
        for entry in manifest.all(order: []) {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/maps/" + entry.file)))
            #expect(bytes.count == entry.bytes && Checksum.sha256(bytes) == entry.sha256, "\(entry.file)")
        }

        let second = try CLI.run(["batch", dir + "/jobs.json", "--resume", "--threads", "2"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("already complete"), "\(second.stderr)")
        #expect(pngs(in: dir + "/maps") == (0..<count).map { "map_\($0).png" }.sorted())
        let entries = Manifest(path: dir + "/maps/manifest.json").all(order: [])
        #expect(entries.count == count)
        let text = try String(contentsOfFile: dir + "/maps/manifest.json", encoding: .utf8)
        #expect(!text.contains(PostgresCluster.password))
    }

    /// A batch page reads its layers in one round trip (pipeline mode). A layer whose query
    /// fails on some pages fails those pages, with a line naming that layer and the server's
    /// reason; the pages after them, on the same connection, are drawn.
    @Test func aLayerFailingOnSomePagesFailsOnlyThoseAndTheConnectionGoesOn() throws {
        let cluster = try PostgresCluster.get()
        let dir = try ScratchDirectory.make("pg-pipeline")
        // Division by zero for the places east of 113.95 only.
        let meta = #"{"cartouche:password-env": "\#(PostGISStyles.passwordVariable)", "cartouche:layers": {"places": "SELECT p.* FROM places AS p WHERE 1 / (CASE WHEN ST_X(p.geom) > 113.95 THEN 0 ELSE 1 END) = 1"}}"#
        let style = try PostGISStyles.write(PostGISStyles.style(url: cluster.url, metadata: meta), in: dir)
        let longitudes = [114.02, 113.85, 114.02, 113.85]
        let maps = longitudes.enumerated().map { i, lon in
            #"{"output": "maps/map_\#(i).png", "center": [\#(lon), 33.53], "zoom": 13.5}"#
        }
        try #"{"style": "\#(style)", "defaults": {"width": 400, "height": 300}, "maps": [\#(maps.joined(separator: ",\n"))]}"#
            .write(toFile: dir + "/jobs.json", atomically: true, encoding: .utf8)
        let run = try CLI.run(["batch", dir + "/jobs.json", "--threads", "1"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains(#"layer "places": the query failed: division by zero"#), "\(run.stderr)")
        #expect(!run.stderr.contains(PostgresCluster.password))
        #expect(pngs(in: dir + "/maps") == ["map_1.png", "map_3.png"], "\(run.stderr)")
    }
}
