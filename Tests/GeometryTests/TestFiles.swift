import Foundation

/// Files for tests: a fresh temporary directory per call, and where the package's shared
/// data lives.
enum TestFiles {
    /// The package root, found from this file's path (tests run from any directory).
    static let packageRoot = String(#filePath).components(separatedBy: "/Tests/")[0]

    /// A new empty directory under the system's temporary directory.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "cartouche-geometry-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
