import Foundation
import JSON
import Testing
@testable import Style

/// The corpus of broken styles: each `BrokenStyles/<case>.json` has one problem, and
/// `<case>.expected` lists every diagnostic validation must give for it, one
/// `severity: pointer: message` per line (`{dir}` stands for the corpus folder).
@Suite("Broken styles")
struct BrokenStyleTests {
    static let folder = String(#filePath).components(separatedBy: "/Tests/")[0] + "/Tests/StyleTests/BrokenStyles"

    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { $0.hasSuffix(".json") }
        .map { String($0.dropLast(".json".count)) }
        .sorted()

    @Test func corpusHasAtLeastThirtyStyles() {
        #expect(Self.cases.count >= 30)
    }

    @Test(arguments: cases)
    func validationReportsEveryProblem(_ name: String) throws {
        let json = try JSONParser.parse(String(contentsOfFile: "\(Self.folder)/\(name).json", encoding: .utf8))
        let expected = try String(contentsOfFile: "\(Self.folder)/\(name).expected", encoding: .utf8)
            .split(separator: "\n")
            .map { $0.replacingOccurrences(of: "{dir}", with: Self.folder) }
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
