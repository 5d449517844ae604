import Foundation

/// The command-line tools the tests make their fixtures with (GDAL's `ogr2ogr`,
/// `pmtiles-convert`), found on PATH. A tool that fails stops the fixture with its stderr.
public enum ExternalTool {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func run(_ name: String, _ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [name] + arguments
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failure(description: "\(name) \(arguments.joined(separator: " ")) failed (\(p.terminationStatus)); scripts/setup.sh installs the tools the tests use: \(String(decoding: e, as: UTF8.self))")
        }
    }
}
