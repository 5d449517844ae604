import Foundation

/// A folder of bad inputs kept beside the tests: each `<case>.<extension>` has one problem,
/// and `<case>.expected` says what reading it must report, `{dir}` standing for the folder
/// (so that messages naming files can be written down).
public struct BadInputCorpus: Sendable {
    /// The folder's absolute path.
    public let folder: String
    /// The inputs' file names, sorted.
    public let files: [String]

    /// `folder` relative to the package root, e.g. "Tests/StyleTests/BrokenStyles".
    public init(_ folder: String, extensions: [String]) {
        self.folder = String(#filePath).components(separatedBy: "/Tests/")[0] + "/" + folder
        files = ((try? FileManager.default.contentsOfDirectory(atPath: self.folder)) ?? [])
            .filter { file in extensions.contains { file.hasSuffix("." + $0) } }
            .sorted()
    }

    public func path(_ file: String) -> String { "\(folder)/\(file)" }

    /// The lines of the input's `.expected` file, with `{dir}` replaced.
    public func expected(_ file: String) throws -> [String] {
        let stem = file.split(separator: ".").dropLast().joined(separator: ".")
        return try String(contentsOfFile: "\(folder)/\(stem).expected", encoding: .utf8)
            .split(separator: "\n")
            .map { $0.replacingOccurrences(of: "{dir}", with: folder) }
    }
}
