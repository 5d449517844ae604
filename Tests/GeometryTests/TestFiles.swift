import Foundation
import TestSupport

/// Files for tests: a fresh temporary directory per call, and where the package's shared
/// data lives.
enum TestFiles {
    /// The package root, found from this file's path (tests run from any directory).
    static let packageRoot = String(#filePath).components(separatedBy: "/Tests/")[0]

    /// A new empty directory, removed when the test process exits.
    static func temporaryDirectory() -> String {
        (try? ScratchDirectory.make("geometry")) ?? NSTemporaryDirectory()
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
