import Foundation
import Testing
import TestSupport
@testable import Cartouche

/// The corpus of bad project CSV files: each `BadCSV/<case>.csv` has one problem, and
/// `<case>.expected` is the one-line error reading it as projects for an EPSG:4547 map must
/// give, with file and line (and column, for syntax); `{dir}` stands for the corpus folder.
@Suite("Bad CSV files")
struct BadCSVTests {
    static let corpus = BadInputCorpus("Tests/CartoucheTests/BadCSV", extensions: ["csv"])
    static let cases = corpus.files

    static let mapCRS = try! CRS("EPSG:4547")

    func expected(_ file: String) throws -> String {
        try Self.corpus.expected(file).joined(separator: "\n")
    }

    @Test func corpusHasAtLeastTwentyFiles() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases)
    func strictReadingGivesTheExpectedError(_ file: String) throws {
        let path = Self.corpus.path(file)
        let message = try expected(file)
        #expect(message.hasPrefix(path + ":"))
        do {
            _ = try ProjectReader.read(path: path, mapCRS: Self.mapCRS, strict: true)
            Issue.record("no error for \(file)")
        } catch {
            #expect("\(error)" == message)
        }
    }

    /// Without `strict`, a bad row is a problem to report and the good rows are kept; a
    /// file that cannot be read at all is still an error.
    @Test(arguments: cases)
    func lenientReadingReportsTheSameProblem(_ file: String) throws {
        let path = Self.corpus.path(file)
        let message = try expected(file)
        do {
            let (projects, problems) = try ProjectReader.read(path: path, mapCRS: Self.mapCRS)
            #expect(problems.map(\.description) == [message])
            if file == "bad-row-after-good-rows.csv" { #expect(projects.count == 3) }
        } catch {
            #expect("\(error)" == message)
        }
    }
}
