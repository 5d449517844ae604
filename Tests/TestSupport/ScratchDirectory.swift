import Foundation

/// Folders for tests' files, all under one folder per test process that is removed when
/// the process exits, so that a test run leaves nothing in the temporary folder.
public enum ScratchDirectory {
    /// `$TMPDIR/cartouche-tests-PID`, made (and its removal at exit registered) on first use.
    public static let root: String = {
        let root = NSTemporaryDirectory() + "cartouche-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: ScratchDirectory.root) }
        return root
    }()

    /// A new empty folder, its name starting with `prefix`.
    public static func make(_ prefix: String) throws -> String {
        let dir = "\(root)/\(prefix)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
