import Cartouche
import Foundation
import Testing

@Suite("Batch runner")
struct BatchRunnerTests {
    /// A small style with inline data, so that maps are quick.
    static let style = """
    {"version": 8, "name": "test",
     "sources": {"roads": {"type": "geojson", "data": {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[113.9, 33.5], [114.1, 33.6]]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[113.9, 33.6], [114.1, 33.5]]}}]}}},
     "layers": [{"id": "bg", "type": "background", "paint": {"background-color": "#f2efe9"}},
                {"id": "roads", "type": "line", "source": "roads", "paint": {"line-color": "#ee8a2a", "line-width": 3}}]}
    """

    struct Batch {
        var dir: String
        var runner: BatchRunner
        var jobs: [MapJob]
    }

    func batch(_ count: Int, in dir: String? = nil) throws -> Batch {
        let dir = try dir ?? TestFiles.directory()
        try Self.style.write(toFile: dir + "/style.json", atomically: true, encoding: .utf8)
        let jobs = (0..<count).map { i in
            MapJob(output: "\(dir)/maps/m\(i).png", format: .png,
                   request: MapRequest(width: 120, height: 90, extent: .camera(longitude: 113.95 + 0.01 * Double(i), latitude: 33.55, zoom: 12, bearing: 0)),
                   id: .number(Double(i)))
        }
        let data = try MapData(stylePath: dir + "/style.json")
        let runner = try BatchRunner(data: data, stylePath: dir + "/style.json", jobs: jobs,
                                     manifestPath: Manifest.defaultPath(for: jobs.map(\.output), shard: nil), version: "test")
        return Batch(dir: dir, runner: runner, jobs: jobs)
    }

    /// Every manifest entry names a file whose size and SHA-256 it records.
    func expectManifestMatchesFiles(_ manifest: Manifest, count: Int) throws {
        let entries = manifest.all(order: [])
        #expect(entries.count == count)
        for entry in entries {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: manifest.directory + "/" + entry.file)))
            #expect(bytes.count == entry.bytes && Checksum.sha256(bytes) == entry.sha256, "\(entry.file)")
        }
    }

    @Test func rendersEveryMapAndRecordsIt() throws {
        let b = try batch(6)
        let summary = try b.runner.run(b.jobs, resume: false) { _ in }
        #expect(summary.rendered == 6 && summary.failures.isEmpty && summary.skipped == 0)
        #expect(try TestFiles.files(in: b.dir + "/maps") == ["m0.png", "m1.png", "m2.png", "m3.png", "m4.png", "m5.png",
                                                             "manifest.csv", "manifest.json"])
        try expectManifestMatchesFiles(Manifest(path: b.dir + "/maps/manifest.json"), count: 6)
        let entry = Manifest(path: b.dir + "/maps/manifest.json").entries(for: "m2.png")[0]
        #expect(entry.id == 2 && entry.crs == "EPSG:3857")
        #expect(entry.extent.contains(x: 113.97, y: 33.55) && entry.extent.width < 0.05)
        // z12 at 33.55°N, with MapLibre's 512 px world: 40 075 017 m × cos φ / (512 × 2¹²)
        // = 15.93 m per CSS pixel, and 96 CSS pixels to the inch: 1:60 200.
        #expect(abs(entry.scale - 60_200) < 600, "\(entry.scale)")
    }

    @Test func resumeSkipsCompleteMapsAndRedoesChangedOnes() throws {
        let b = try batch(5)
        _ = try b.runner.run(b.jobs, resume: false) { _ in }
        // One file damaged, one gone: only those are made again.
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: b.dir + "/maps/m1.png"))
        try FileManager.default.removeItem(atPath: b.dir + "/maps/m3.png")
        let again = try batch(5, in: b.dir)
        var finished: [String] = []
        let summary = try again.runner.run(again.jobs, resume: true) { event in
            if case .finished(let output, nil, _) = event { finished.append(output) }
        }
        #expect(summary.skipped == 3 && summary.rendered == 2)
        #expect(finished.sorted() == [b.dir + "/maps/m1.png", b.dir + "/maps/m3.png"])
        try expectManifestMatchesFiles(Manifest(path: b.dir + "/maps/manifest.json"), count: 5)
    }

    @Test func changedInputsAreNotResumed() throws {
        let b = try batch(3)
        _ = try b.runner.run(b.jobs, resume: false) { _ in }
        var changed = b.jobs
        changed[1].request.width = 121
        let summary = try b.runner.run(changed, resume: true) { _ in }
        #expect(summary.skipped == 2 && summary.rendered == 1)
    }

    @Test func aFailedMapIsReportedAndTheOthersGoOn() throws {
        let b = try batch(4)
        // A folder where a map should go: the rename fails.
        try FileManager.default.createDirectory(atPath: b.dir + "/maps/m2.png", withIntermediateDirectories: true)
        let summary = try b.runner.run(b.jobs, resume: false) { _ in }
        #expect(summary.rendered == 3)
        #expect(summary.failures.map(\.output) == [b.dir + "/maps/m2.png"])
        try expectManifestMatchesFiles(Manifest(path: b.dir + "/maps/manifest.json"), count: 3)
        #expect(try TestFiles.files(in: b.dir + "/maps").filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func leftoverTemporariesAreRemoved() throws {
        let b = try batch(2)
        try FileManager.default.createDirectory(atPath: b.dir + "/maps", withIntermediateDirectories: true)
        for name in [".m0.png.tmp-Ab12Cd", ".manifest.json.tmp-xYz123", ".other.png.tmp-Ab12Cd"] {
            try Data([0]).write(to: URL(fileURLWithPath: b.dir + "/maps/" + name))
        }
        _ = try b.runner.run(b.jobs, resume: false) { _ in }
        // Only the batch's own temporaries go; another program's file stays.
        #expect(try TestFiles.files(in: b.dir + "/maps").filter { $0.hasPrefix(".") } == [".other.png.tmp-Ab12Cd"])
    }

    @Test func pagesMakeOneDocument() throws {
        let b = try batch(3)
        let pdf = b.dir + "/maps/all.pdf"
        let summary = try b.runner.runDocument(b.jobs, output: pdf, title: "All", resume: false) { _ in }
        #expect(summary.rendered == 3)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: pdf)))
        #expect(try TestFiles.output(of: "/usr/bin/pdfinfo", [pdf]).contains("Pages:           3"))
        let entries = b.runner.manifest.entries(for: "all.pdf")
        #expect(entries.map(\.page) == [1, 2, 3] && entries.allSatisfy { $0.sha256 == Checksum.sha256(bytes) })
        let resumed = try b.runner.runDocument(b.jobs, output: pdf, title: "All", resume: true) { _ in }
        #expect(resumed.skipped == 3 && resumed.rendered == 0)
    }
}
