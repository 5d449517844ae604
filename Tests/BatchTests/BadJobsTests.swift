import Cartouche
import Foundation
import Testing
import TestSupport

/// The corpus of bad jobs files for `cartouche batch`: each `BadJobs/<case>.json` (or
/// `.yaml`) has one problem, and `<case>.expected` is the one-line error loading it must
/// give: the file, then line:column for syntax or the JSON pointer of the member at fault
/// (`{dir}` stands for the corpus folder).
@Suite("Bad jobs files")
struct BadJobsTests {
    static let corpus = BadInputCorpus("Tests/BatchTests/BadJobs", extensions: ["json", "yaml"])
    static let cases = corpus.files

    @Test func corpusHasAtLeastTwentyFiles() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases)
    func loadingGivesTheExpectedError(_ file: String) throws {
        let path = Self.corpus.path(file)
        let expected = try Self.corpus.expected(file).joined(separator: "\n")
        #expect(expected.hasPrefix(path + ":"))
        do {
            _ = try JobsFile.load(path: path)
            Issue.record("no error for \(file)")
        } catch {
            #expect("\(error)" == expected)
        }
    }
}
