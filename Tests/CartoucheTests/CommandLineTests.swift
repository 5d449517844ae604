import Foundation
import Testing

/// The `cartouche` executable as a user meets it: exit codes, one-line errors, no output
/// left behind by a failed run, and the three output formats.
@Suite("Command line")
struct CommandLineTests {
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]

    /// The executable built next to this test bundle.
    static let binary: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("cartouche").path
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        if !environment.isEmpty {
            p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        p.currentDirectoryURL = URL(fileURLWithPath: root)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Both pipes read at once: a child that fills one (64 KB) while we wait for the end
        // of the other would wait for ever.
        nonisolated(unsafe) var o = Data()
        let stdoutRead = DispatchGroup()
        DispatchQueue.global().async(group: stdoutRead) { o = out.fileHandleForReading.readDataToEndOfFile() }
        let e = err.fileHandleForReading.readDataToEndOfFile()
        stdoutRead.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> String {
        try ScratchDirectory.make("cli")
    }

    func expectFailure(_ arguments: [String], mentions fragments: [String], output: String) throws {
        let r = try Self.run(arguments)
        #expect(r.status != 0)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stderr)")
        for f in fragments { #expect(r.stderr.contains(f), "\(r.stderr) should mention \(f)") }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func missingStyleFile() throws {
        let out = try Self.temporaryDirectory() + "/m.png"
        try expectFailure(["render", "Styles/nope.json", "-o", out], mentions: ["Styles/nope.json", "No such file"], output: out)
    }

    @Test func malformedStyleJSON() throws {
        let dir = try Self.temporaryDirectory()
        try #"{"version": 8, "layers": [}"#.write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        try expectFailure(["render", dir + "/bad.json", "-o", dir + "/m.png"], mentions: ["bad.json:1:27", "expected a value"], output: dir + "/m.png")
    }

    @Test func unknownCRS() throws {
        let out = try Self.temporaryDirectory() + "/m.png"
        try expectFailure(["render", "Styles/yuanhui.json", "-o", out, "--crs", "EPSG:123456"], mentions: ["EPSG:123456"], output: out)
    }

    @Test func missingDataFile() throws {
        let dir = try Self.temporaryDirectory()
        try #"{"version": 8, "sources": {"a": {"type": "geojson", "data": "gone.geojson"}}, "layers": []}"#
            .write(toFile: dir + "/s.json", atomically: true, encoding: .utf8)
        try expectFailure(["render", dir + "/s.json", "-o", dir + "/m.png"], mentions: ["gone.geojson", "No such file"], output: dir + "/m.png")
    }

    @Test func writesPNGSVGAndPDFOfTheSamePicture() throws {
        let dir = try Self.temporaryDirectory()
        for ext in ["png", "svg", "pdf"] {
            let r = try Self.run(["render", "Styles/yuanhui.json", "-o", "\(dir)/m.\(ext)", "--width", "600", "--height", "450", "--bbox", "113.78,33.44,114.05,33.62"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let png = try Data(contentsOf: URL(fileURLWithPath: dir + "/m.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // Rasterise the vector files with the usual tools and compare with the PNG.
        try shell("rsvg-convert -w 600 -h 450 -b white -o \(dir)/svg.png \(dir)/m.svg")
        try shell("pdftoppm -r 96 -png -singlefile \(dir)/m.pdf \(dir)/pdf")
        for name in ["svg", "pdf"] {
            let c = try ImageCheck.compare("\(dir)/\(name).png", "\(dir)/m.png")
            #expect(c < 0.03, "\(name) differs from the PNG in \(c * 100)% of pixels")
        }
    }

    func shell(_ command: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(command)")
    }
}

import Cartouche
import TestSupport

enum ImageCheck {
    /// Fraction of pixels that differ by more than 48/255 (antialiasing differs between
    /// Cairo, librsvg and poppler; the picture must not).
    static func compare(_ a: String, _ b: String) throws -> Double {
        try ImageComparison.compare(actual: a, expected: b, threshold: 48).differingFraction
    }
}
