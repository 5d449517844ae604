import Foundation
import Testing
@testable import Cartouche

/// The corpus of bad project CSV files: each `BadCSV/<case>.csv` has one problem, and
/// `<case>.expected` is the one-line error reading it as projects for an EPSG:4547 map must
/// give, with file and line (and column, for syntax); `{dir}` stands for the corpus folder.
@Suite("Bad CSV files")
struct BadCSVTests {
    static let folder = String(#filePath).components(separatedBy: "/Tests/")[0] + "/Tests/CartoucheTests/BadCSV"

    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { $0.hasSuffix(".csv") }
        .map { String($0.dropLast(".csv".count)) }
        .sorted()

    static let mapCRS = try! CRS("EPSG:4547")

    func expected(_ name: String) throws -> String {
        try String(contentsOfFile: "\(Self.folder)/\(name).expected", encoding: .utf8)
            .trimmingCharacters(in: .newlines)
            .replacingOccurrences(of: "{dir}", with: Self.folder)
    }

    @Test func corpusHasAtLeastTwentyFiles() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases)
    func strictReadingGivesTheExpectedError(_ name: String) throws {
        let path = "\(Self.folder)/\(name).csv"
        let message = try expected(name)
        #expect(message.hasPrefix(path + ":"))
        do {
            _ = try ProjectReader.read(path: path, mapCRS: Self.mapCRS, strict: true)
            Issue.record("no error for \(name)")
        } catch {
            #expect("\(error)" == message)
        }
    }

    /// Without `strict`, a bad row is a problem to report and the good rows are kept; a
    /// file that cannot be read at all is still an error.
    @Test(arguments: cases)
    func lenientReadingReportsTheSameProblem(_ name: String) throws {
        let path = "\(Self.folder)/\(name).csv"
        let message = try expected(name)
        do {
            let (projects, problems) = try ProjectReader.read(path: path, mapCRS: Self.mapCRS)
            #expect(problems.map(\.description) == [message])
            if name == "bad-row-after-good-rows" { #expect(projects.count == 3) }
        } catch {
            #expect("\(error)" == message)
        }
    }
}
