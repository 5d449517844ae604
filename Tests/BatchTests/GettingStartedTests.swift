import Cartouche
import Foundation
import Testing
import TestSupport

// The code of the DocC article "Getting started" (Sources/Cartouche/Cartouche.docc/
// GettingStarted.md), compiled and run here so that it cannot drift from the API. Each
// function between `// snippet` and `// end snippet` must appear in the article as it is;
// the last test checks that it does.

// snippet
/// A map of Yuanhui District as a PNG. The style names the data and the CRS the map is
/// drawn in (its `cartouche:crs`, CGCS2000 / EPSG:4547); the request gives the size in
/// CSS pixels and the extent, here a longitude/latitude box.
func renderMap(project: String, to path: String) throws {
    let data = try MapData(stylePath: project + "/Styles/yuanhui.json")
    var request = MapRequest(width: 1200, height: 800)
    request.extent = .boundingBox(Box(minX: 113.78, minY: 33.445, maxX: 114.045, maxY: 33.615))
    try MapRenderer(data: data).render(request, to: path)
}
// end snippet

// snippet
/// A report page: the layout places the map frame, title, legend, scale bar, north arrow
/// and inset on an A4 sheet; the map is fitted to the style's data. The warnings say which
/// labels were left out over the limit.
func renderReportPage(project: String, to path: String) throws -> [String] {
    let data = try MapData(stylePath: project + "/Styles/yuanhui.json")
    let layout = try LayoutParser.load(path: project + "/Styles/report-a4.json")
    var request = MapRequest()
    request.extent = .fitData(padding: 12)
    return try MapRenderer(data: data).render(request, to: path, layout: layout).warnings
}
// end snippet

// snippet
/// An atlas: one page per town of the `places` source, in name order, each framed on its
/// town and laid out by the atlas layout, drawn on every core into one PDF. A manifest
/// beside the PDF records what was made, so that a second run with `resume` skips it.
func renderAtlas(project: String, to path: String) throws -> BatchSummary {
    let stylePath = project + "/Styles/yuanhui-atlas.json"
    let layoutPath = project + "/Styles/atlas-a4.json"
    let data = try MapData(stylePath: stylePath)
    var options = AtlasOptions(coverage: "places", output: FileNameTemplate(path))
    options.filter = ["==", ["get", "kind"], "town"]
    options.sortBy = "name"
    options.layout = layoutPath
    let (jobs, _) = try Atlas.jobs(data: data, options: options, layout: LayoutParser.load(path: layoutPath))
    let runner = try BatchRunner(data: data, stylePath: stylePath, jobs: jobs,
                                 manifestPath: Manifest.defaultPath(forDocument: path), version: "1.0")
    return try runner.runDocument(jobs, output: path, title: "源汇区 towns", resume: false) { event in
        if case .finished(let output, let error?, _) = event { print("\(output): \(error)") }
    }
}
// end snippet

@Suite("Getting started (the DocC article's code)")
struct GettingStartedTests {
    @Test func theMapIsAPNGOfTheRequestedSizeWithTheStyleDrawn() throws {
        let dir = try TestFiles.directory()
        try renderMap(project: TestFiles.root, to: dir + "/yuanhui.png")
        let png = try PNGPixels(Array(FileManager.default.contents(atPath: dir + "/yuanhui.png")!))
        #expect(png.width == 1200 && png.height == 800)
        // Fills, lines and labels in many colours, not a blank or single-colour canvas.
        #expect(png.distinctColours > 100, "\(png.distinctColours) colours")
    }

    @Test func theReportPageIsOneA4PDFPageWithItsTitle() throws {
        let dir = try TestFiles.directory()
        _ = try renderReportPage(project: TestFiles.root, to: dir + "/report.pdf")
        let info = try TestFiles.output(of: "/usr/bin/pdfinfo", [dir + "/report.pdf"])
        #expect(pageCount(info) == 1, "\(info)")
        #expect(info.contains("(A4)"), "\(info)")
        #expect(info.contains("源汇区2024年道路与重点项目图"), "\(info)")
    }

    @Test func theAtlasIsOnePDFPagePerTown() throws {
        let dir = try TestFiles.directory()
        let summary = try renderAtlas(project: TestFiles.root, to: dir + "/towns.pdf")
        #expect(summary.rendered == 3 && summary.failures.isEmpty, "\(summary.failures)")
        let info = try TestFiles.output(of: "/usr/bin/pdfinfo", [dir + "/towns.pdf"])
        #expect(pageCount(info) == 3, "\(info)")
        let text = try TestFiles.output(of: "/usr/bin/pdftotext", [dir + "/towns.pdf", "-"])
        for town in ["空冢郭镇", "大刘镇", "阴阳赵镇"] { #expect(text.contains(town), "\(town) has no page") }
    }

    /// The "Pages:" line of `pdfinfo`'s output.
    func pageCount(_ info: String) -> Int? {
        for line in info.split(separator: "\n") where line.hasPrefix("Pages:") {
            return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// Every function above appears, as it is, in a `swift` code block of the article.
    @Test func theArticleShowsThisCode() throws {
        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        let article = try String(contentsOfFile: TestFiles.root + "/Sources/Cartouche/Cartouche.docc/GettingStarted.md",
                                 encoding: .utf8)
        let snippets = source.components(separatedBy: "// snippet\n").dropFirst()
            .map { $0.components(separatedBy: "// end snippet")[0] }
        #expect(snippets.count == 3)
        for snippet in snippets {
            #expect(article.contains(snippet), "not in GettingStarted.md as it is here:\n\(snippet)")
        }
    }
}
