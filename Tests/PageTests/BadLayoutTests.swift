import Foundation
import JSON
import Testing
@testable import Page

/// The corpus of bad layout documents: each `BadLayouts/<case>.json` has one problem, and
/// `<case>.expected` says what reading it must report: every diagnostic as
/// `severity: pointer: message`, one a line, or for a file that is not JSON the one
/// `file:line:column: message` of the syntax error (`{dir}` stands for the corpus folder).
@Suite("Bad layouts")
struct BadLayoutTests {
    static let folder = String(#filePath).components(separatedBy: "/Tests/")[0] + "/Tests/PageTests/BadLayouts"

    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { $0.hasSuffix(".json") }
        .map { String($0.dropLast(".json".count)) }
        .sorted()

    @Test func corpusHasAtLeastThirtyLayouts() {
        #expect(Self.cases.count >= 30)
    }

    @Test(arguments: cases)
    func readingReportsTheExpectedProblems(_ name: String) throws {
        let path = "\(Self.folder)/\(name).json"
        let expected = try String(contentsOfFile: "\(Self.folder)/\(name).expected", encoding: .utf8)
            .split(separator: "\n")
            .map { $0.replacingOccurrences(of: "{dir}", with: Self.folder) }
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
