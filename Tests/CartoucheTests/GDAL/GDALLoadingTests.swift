import Foundation
import Testing
import TestSupport

/// libgdal and the hundred libraries it needs take about 35 ms to load: `cartouche` loads
/// them only for a map that reads through GDAL, not at every start.
@Suite("GDAL loading")
struct GDALLoadingTests {
    /// The shared libraries the dynamic loader opened for one run (its LD_DEBUG=files log).
    static func librariesLoaded(_ arguments: [String]) throws -> (status: Int32, libraries: [String]) {
        let r = try CommandLineTests.run(arguments, environment: ["LD_DEBUG": "files"])
        let names = r.stderr.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "file=") else { return nil }
            return String(line[range.upperBound...].prefix { $0 != " " && $0 != ";" })
        }
        return (r.status, names)
    }

    @Test func aGeoJSONMapDoesNotLoadGDAL() throws {
        let out = try ScratchDirectory.make("gdal-loading") + "/map.png"
        let run = try Self.librariesLoaded(["render", "Styles/yuanhui.json", "-o", out, "--width", "200", "--height", "150"])
        #expect(run.status == 0)
        #expect(run.libraries.contains { $0.hasPrefix("libcairo") }, "the log lists the libraries loaded")
        #expect(!run.libraries.contains { $0.hasPrefix("libgdal") }, "\(run.libraries)")
    }

    @Test func aGeoPackageMapLoadsGDALWhenItReadsIt() throws {
        let out = try ScratchDirectory.make("gdal-loading") + "/map.png"
        let run = try Self.librariesLoaded(["render", "Styles/yuanhui-gpkg.json", "-o", out, "--width", "200", "--height", "150"])
        #expect(run.status == 0)
        #expect(run.libraries.contains { $0.hasPrefix("libgdal") })
        #expect(FileManager.default.fileExists(atPath: out))
    }
}
