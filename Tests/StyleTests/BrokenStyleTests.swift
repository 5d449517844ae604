import Foundation
import JSON
import Testing
import TestSupport
@testable import Style

/// The corpus of broken styles: each `BrokenStyles/<case>.json` has one problem, and
/// `<case>.expected` lists every diagnostic validation must give for it, one
/// `severity: pointer: message` per line (`{dir}` stands for the corpus folder).
@Suite("Broken styles")
struct BrokenStyleTests {
    static let corpus = BadInputCorpus("Tests/StyleTests/BrokenStyles", extensions: ["json"])
    static let folder = corpus.folder
    static let cases = corpus.files

    @Test func corpusHasAtLeastThirtyStyles() {
        #expect(Self.cases.count >= 30)
    }

    @Test(arguments: cases)
    func validationReportsEveryProblem(_ file: String) throws {
        let json = try JSONParser.parse(String(contentsOfFile: Self.corpus.path(file), encoding: .utf8))
        let expected = try Self.corpus.expected(file)
        #expect(!expected.isEmpty)
        let diagnostics = StyleParser.validate(json, baseDirectory: Self.folder)
        #expect(diagnostics.map { "\($0.severity.rawValue): \($0)" } == expected)

        // Errors stop the load; warnings alone do not.
        let hasErrors = diagnostics.contains { $0.severity == .error }
        do {
            let style = try StyleParser.parse(json, baseDirectory: Self.folder)
            #expect(!hasErrors)
            #expect(style.warnings == diagnostics)
        } catch {
            #expect(hasErrors)
            #expect(error.errors == diagnostics.filter { $0.severity == .error })
        }
    }
}
