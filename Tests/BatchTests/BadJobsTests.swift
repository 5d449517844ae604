import Cartouche
import Foundation
import Testing

/// The corpus of bad jobs files for `cartouche batch`: each `BadJobs/<case>.json` (or
/// `.yaml`) has one problem, and `<case>.expected` is the one-line error loading it must
/// give: the file, then line:column for syntax or the JSON pointer of the member at fault
/// (`{dir}` stands for the corpus folder).
@Suite("Bad jobs files")
struct BadJobsTests {
    static let folder = String(#filePath).components(separatedBy: "/Tests/")[0] + "/Tests/BatchTests/BadJobs"

    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { $0.hasSuffix(".json") || $0.hasSuffix(".yaml") }
        .sorted()

    @Test func corpusHasAtLeastTwentyFiles() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases)
    func loadingGivesTheExpectedError(_ file: String) throws {
        let path = "\(Self.folder)/\(file)"
        let name = file.split(separator: ".").dropLast().joined(separator: ".")
        let expected = try String(contentsOfFile: "\(Self.folder)/\(name).expected", encoding: .utf8)
            .trimmingCharacters(in: .newlines)
            .replacingOccurrences(of: "{dir}", with: Self.folder)
        #expect(expected.hasPrefix(path + ":"))
        do {
            _ = try JobsFile.load(path: path)
            Issue.record("no error for \(file)")
        } catch {
            #expect("\(error)" == expected)
        }
    }
}
