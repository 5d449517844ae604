import Foundation
import JSON
import Testing
@testable import Geometry

/// The corpus of malformed files in `Malformed/`: each must give its expected message at
/// its expected line:column, in strict and in lenient mode, and never crash.
/// `Malformed/expectations.tsv` lists them: file, kind (`syntax`, or `feature N` for a
/// problem confined to feature N), line:column, message.
@Suite("Malformed GeoJSON corpus")
struct MalformedCorpusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        /// The index of the bad feature, or nil for a syntax error (fatal in every mode).
        var feature: Int?
        var line: Int
        var column: Int
        var message: String

        var path: String { MalformedCorpusTests.directory + "/" + file }
        var testDescription: String { file }
    }

    static let directory = TestFiles.packageRoot + "/Tests/GeometryTests/Malformed"

    static let cases: [Case] = {
        guard let text = try? String(contentsOfFile: directory + "/expectations.tsv", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let place = fields[2].split(separator: ":").map { Int($0)! }
            let feature = fields[1] == "syntax" ? nil : Int(fields[1].dropFirst("feature ".count))!
            return Case(file: fields[0], feature: feature, line: place[0], column: place[1], message: fields[3])
        }
    }()

    @Test func everyFileHasAnExpectationAndThereAreAtLeastForty() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory).filter { $0.hasSuffix(".geojson") }
        #expect(Set(files) == Set(Self.cases.map(\.file)))
        #expect(files.count >= 40)
        #expect(Self.cases.contains { $0.feature == nil } && Self.cases.contains { $0.feature != nil })
    }

    @Test(arguments: cases)
    func strictModeGivesTheExpectedErrorAndPlace(_ c: Case) {
        do {
            _ = try GeoJSONReader.read(path: c.path, options: GeoJSONOptions(strict: true))
            Issue.record("no error for \(c.file)")
        } catch let error as SourceError {
            #expect(error.file == c.path)
            #expect(error.line == c.line && error.column == c.column, "\(error)")
            if let feature = c.feature {
                #expect(error.message.hasPrefix("feature \(feature): "), "\(error)")
            }
            #expect(error.message.contains(c.message), "\(error)")
        } catch {
            Issue.record("\(c.file): not a SourceError: \(error)")
        }
    }

    @Test(arguments: cases)
    func lenientModeSkipsOnlyTheBadFeature(_ c: Case) throws {
        guard let feature = c.feature else {
            #expect(throws: SourceError.self) { try GeoJSONReader.read(path: c.path) }
            return
        }
        let document = try GeoJSONReader.read(path: c.path)
        ReaderRobustnessTests.expectConsistent(document.table)
        #expect(document.skipped.count == 1)
        let problem = try #require(document.skipped.first)
        #expect(problem.feature == feature)
        #expect(problem.line == c.line && problem.column == c.column, "\(problem)")
        #expect(problem.message.contains(c.message), "\(problem)")
        // Every other feature is kept.
        let json = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: c.path))))
        #expect(document.table.count == (json["features"]?.arrayValue?.count ?? 1) - 1)
    }
}
