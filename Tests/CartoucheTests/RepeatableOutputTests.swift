import Foundation
import Testing

/// The same input gives the same file, run after run. Each run is a new process, so glyph
/// fields are made afresh while other threads draw the page's text: a race between them
/// once crashed one report page in three or dropped a label's first glyph.
@Suite("Repeatable output")
struct RepeatableOutputTests {
    @Test func aReportPageIsTheSameBytesInEveryRun() throws {
        let dir = try CommandLineTests.temporaryDirectory()
        var files: [Data] = []
        for i in 0..<4 {
            let out = "\(dir)/page-\(i).png"
            let r = try CommandLineTests.run(["render", "Styles/yuanhui.json", "--layout", "Styles/report-a4.json", "-o", out])
            #expect(r.status == 0, "run \(i): \(r.stderr)")
            files.append(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        #expect(Set(files).count == 1, "\(Set(files).count) different files from 4 runs")
    }
}
