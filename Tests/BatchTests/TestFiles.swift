import Cartouche
import Foundation
import TestSupport

/// A JSON object literal as the `JSONObject` the API takes.
func object(_ value: JSONValue) -> JSONObject { value.objectValue ?? JSONObject() }

/// Folders and files for tests, in scratch folders removed when the test process exits.
enum TestFiles {
    /// The package root, for the sample styles and data.
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]

    static func directory() throws -> String {
        try ScratchDirectory.make("batch")
    }

    static func files(in dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    }

    /// What a program prints on standard output.
    static func output(of program: String, _ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return text
    }
}
