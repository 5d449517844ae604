import Cartouche
import Foundation
import Testing
import TestSupport

/// `cartouche batch` killed part way (SIGKILL) and run again with `--resume`.
@Suite("Batch killed and resumed", .serialized)
struct BatchKillTests {
    /// The executable built next to this test bundle.
    static let binary: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("cartouche").path
    }()

    static let count = 60

    /// 60 maps of the district, 300×220 px, centres on a grid across it.
    func writeJobs(in dir: String) throws {
        var maps: [String] = []
        for i in 0..<Self.count {
            let lon = 113.80 + 0.22 * Double(i % 10) / 9, lat = 33.46 + 0.14 * Double(i / 10) / 5
            maps.append(#"{"output": "maps/map_\#(i).png", "center": [\#(lon), \#(lat)], "zoom": 13.5, "id": \#(i)}"#)
        }
        let jobs = """
        {"style": "\(TestFiles.root)/Styles/yuanhui.json", "defaults": {"width": 300, "height": 220},
         "maps": [\(maps.joined(separator: ",\n"))]}
        """
        try jobs.write(toFile: dir + "/jobs.json", atomically: true, encoding: .utf8)
    }

    func start(_ arguments: [String], stderr: Pipe? = nil) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = stderr ?? FileHandle.nullDevice
        try p.run()
        return p
    }

    func pngs(in dir: String) throws -> [String] {
        try TestFiles.files(in: dir).filter { $0.hasSuffix(".png") && !$0.hasPrefix(".") }
    }

    @Test func resumeAfterSIGKILLCompletesTheBatchWithNoBrokenOrDuplicateFile() throws {
        let dir = try TestFiles.directory()
        try writeJobs(in: dir)
        let maps = dir + "/maps"

        // Kill the first run once a few maps are done, while others are being drawn.
        let first = try start(["batch", dir + "/jobs.json", "--threads", "2"])
        let deadline = Date().addingTimeInterval(120)
        while first.isRunning, Date() < deadline, ((try? pngs(in: maps).count) ?? 0) < 8 {
            usleep(5_000)
        }
        #expect(first.isRunning, "the batch finished before it could be killed")
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal && first.terminationStatus == SIGKILL)
        let survivors = try pngs(in: maps)
        #expect(survivors.count >= 8 && survivors.count < Self.count)

        // Right after the kill the manifest (with its journal) vouches only for complete files.
        let killed = Manifest(path: maps + "/manifest.json")
        try expectEntriesMatchFiles(killed.all(order: []), in: maps)

        // Run again: only the missing maps are made.
        let log = Pipe()
        let second = try start(["batch", dir + "/jobs.json", "--resume", "--threads", "2"], stderr: log)
        let stderr = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        second.waitUntilExit()
        #expect(second.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains("already complete"), "\(stderr)")

        // Every map exists once, decodes whole, and no temporary file is left.
        let expected = (0..<Self.count).map { "map_\($0).png" }.sorted()
        #expect(try pngs(in: maps) == expected)
        #expect(try TestFiles.files(in: maps).filter { $0.hasPrefix(".") || $0.contains("tmp") }.isEmpty)
        #expect(try TestFiles.files(in: maps).count == Self.count + 2, "maps, manifest.json and manifest.csv only")
        for name in expected {
            let image = try ImageComparison.compare(actual: maps + "/" + name, expected: maps + "/" + name)
            #expect(image.width == 300 && image.height == 220, "\(name)")
        }

        // The manifest lists each map once, with the checksum of the file on disk.
        let manifest = Manifest(path: maps + "/manifest.json")
        let entries = manifest.all(order: [])
        #expect(entries.map(\.file).sorted() == expected)
        try expectEntriesMatchFiles(entries, in: maps)
        let csv = try String(contentsOfFile: maps + "/manifest.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == Self.count + 1)
    }

    func expectEntriesMatchFiles(_ entries: [ManifestEntry], in dir: String) throws {
        for entry in entries {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/" + entry.file)))
            #expect(bytes.count == entry.bytes && Checksum.sha256(bytes) == entry.sha256, "\(entry.file)")
        }
    }
}
