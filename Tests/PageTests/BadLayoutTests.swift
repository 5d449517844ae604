import Foundation
import JSON
import Testing
import TestSupport
@testable import Page

/// The corpus of bad layout documents: each `BadLayouts/<case>.json` has one problem, and
/// `<case>.expected` says what reading it must report: every diagnostic as
/// `severity: pointer: message`, one a line, or for a file that is not JSON the one
/// `file:line:column: message` of the syntax error (`{dir}` stands for the corpus folder).
@Suite("Bad layouts")
struct BadLayoutTests {
    static let corpus = BadInputCorpus("Tests/PageTests/BadLayouts", extensions: ["json"])
    static let folder = corpus.folder
    static let cases = corpus.files

    @Test func corpusHasAtLeastThirtyLayouts() {
        #expect(Self.cases.count >= 30)
    }

    @Test(arguments: cases)
    func readingReportsTheExpectedProblems(_ file: String) throws {
        let path = Self.corpus.path(file)
        let expected = try Self.corpus.expected(file)
        #expect(!expected.isEmpty)

        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let actual: [String]
        do {
            let json = try JSONParser.parse(bytes)
            actual = LayoutParser.validate(json, baseDirectory: Self.folder).map { "\($0.severity.rawValue): \($0)" }
        } catch {
            actual = [error.inFile(path).description]
        }
        #expect(actual == expected)

        // Loading fails exactly when there is an error, and the message names the file.
        let hasErrors = expected.contains { !$0.hasPrefix("warning: ") }
        do {
            _ = try LayoutParser.load(path: path)
            #expect(!hasErrors)
        } catch {
            #expect(hasErrors)
            #expect("\(error)".hasPrefix(path), "\(error)")
        }
    }
}
