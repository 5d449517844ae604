import Cartouche
import Datasource
import Foundation
import Testing

/// A batch tells each map's warnings (a tile a dataset skipped, labels left out over the
/// limit) on the map's own line, as `render` does for its one map.
@Suite("Batch warnings")
struct BatchWarningTests {
    /// One line on every map, and a warning with every read.
    final class SkippingDataset: VectorDatasource, @unchecked Sendable {
        var name: String { "basemap.pmtiles" }
        var layerNames: [String] { ["roads"] }
        var fingerprint: String { "test" }
        func layer(named name: String) -> DatasetLayer? { name == "roads" ? DatasetLayer(name: name, crs: .wgs84) : nil }
        func read(_ query: FeatureQuery) throws -> DatasetFeatures {
            var table = FeatureTable()
            table.addPoint(x: 113.9, y: 33.5)
            table.addPoint(x: 114.1, y: 33.6)
            table.endRing()
            table.endPart(.line)
            table.endFeature(type: .lineString, id: nil)
            return DatasetFeatures(table: table, warnings: ["tile 12/3380/1651 skipped: not valid gzip"])
        }
    }

    @Test func eachMapsWarningsComeWithItsEvent() throws {
        let dir = try TestFiles.directory()
        let style = #"{"version": 8, "sources": {"tiles": {"type": "vector", "url": "pmtiles://basemap.pmtiles"}}, "layers": [{"id": "roads", "type": "line", "source": "tiles", "source-layer": "roads"}]}"#
        try style.write(toFile: dir + "/style.json", atomically: true, encoding: .utf8)
        let data = try MapData(stylePath: dir + "/style.json", openDataset: { _, _ in SkippingDataset() })
        let jobs = (0..<3).map { i in
            MapJob(output: "\(dir)/m\(i).png", format: .png,
                   request: MapRequest(width: 64, height: 64, extent: .camera(longitude: 114, latitude: 33.55, zoom: 11, bearing: 0)))
        }
        let runner = try BatchRunner(data: data, stylePath: dir + "/style.json", jobs: jobs,
                                     manifestPath: dir + "/manifest.json", version: "test")
        var warned: [String: [String]] = [:]
        let summary = try runner.run(jobs, resume: false) { event in
            if case .finished(let output, nil, let warnings) = event { warned[output] = warnings }
        }
        #expect(summary.rendered == 3)
        #expect(warned.count == 3)
        #expect(warned.values.allSatisfy { $0 == ["tile 12/3380/1651 skipped: not valid gzip"] }, "\(warned)")
    }

    @Test func theProgressLogPrintsThemOnTheMapsLine() throws {
        let pipe = Pipe()
        let display = ProgressDisplay(fd: pipe.fileHandleForWriting.fileDescriptor, isTerminal: false) { 0 }
        display.handle(.started(total: 1, skipped: 0))
        display.handle(.finished(output: "m0.png", error: nil, warnings: ["the labels of 3 features were left out"]))
        display.finish()
        try pipe.fileHandleForWriting.close()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.hasPrefix("cartouche: warning: m0.png: the labels of 3 features were left out\n"), "\(text)")
    }
}
