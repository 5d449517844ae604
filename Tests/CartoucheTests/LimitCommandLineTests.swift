import Foundation
import Testing

/// The limits as the command line shows them: one line naming the limit and the flag that
/// raises it, exit 1, no output file; and the flag does raise it.
@Suite("Limits on the command line")
struct LimitCommandLineTests {
    typealias CLI = CommandLineTests

    @Test func anImageOverThePixelLimitFailsBeforeDrawing() throws {
        let out = try CLI.temporaryDirectory() + "/big.png"
        try CommandLineTests().expectFailure(
            ["render", "Styles/yuanhui.json", "-o", out, "--width", "20000", "--height", "20000", "--pixel-ratio", "8"],
            mentions: ["160000x160000", "more than the limit of 100000000", "--max-pixels"], output: out)
    }

    @Test func maxPixelsLowersAndRaisesTheLimit() throws {
        let dir = try CLI.temporaryDirectory()
        try CommandLineTests().expectFailure(
            ["render", "Styles/yuanhui.json", "-o", dir + "/a.png", "--width", "200", "--height", "100", "--max-pixels", "19999"],
            mentions: ["200x100 = 20000 pixels", "limit of 19999"], output: dir + "/a.png")
        let r = try CLI.run(["render", "Styles/yuanhui.json", "-o", dir + "/b.png", "--width", "200", "--height", "100", "--max-pixels", "20000"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/b.png"))
    }

    @Test func aFeatureOverThePositionLimitIsSkippedWithAWarning() throws {
        let dir = try CLI.temporaryDirectory()
        try #"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[114, 33.5], [114.1, 33.6], [114.2, 33.5]]}}]}"#
            .write(toFile: dir + "/l.geojson", atomically: true, encoding: .utf8)
        try #"{"version": 8, "center": [114.1, 33.55], "zoom": 10, "sources": {"l": {"type": "geojson", "data": "l.geojson"}}, "layers": [{"id": "l", "type": "line", "source": "l"}]}"#
            .write(toFile: dir + "/s.json", atomically: true, encoding: .utf8)
        let r = try CLI.run(["render", dir + "/s.json", "-o", dir + "/m.svg", "--max-feature-points", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("more than 2 positions in one feature"), "\(r.stderr)")
        #expect(r.stderr.contains("the limit of positions per feature"), "\(r.stderr)")
    }
}
