import Foundation
import Testing

/// A map that silently lacks a layer is a wrong map: a source that cannot be read or drawn
/// stops `render`, `batch`, `atlas` and `annotate` with the file and place, and leaves no
/// output; `--lenient-sources` draws without it and says so, as MapLibre does.
@Suite("Unreadable sources")
struct UnreadableSourceTests {
    /// A folder with a style over `roads.geojson` holding `data`, the district's boundary
    /// as a second, good source.
    static func style(roads data: String) throws -> String {
        let dir = try CommandLineTests.temporaryDirectory()
        try data.write(toFile: "\(dir)/roads.geojson", atomically: true, encoding: .utf8)
        let style = """
        {"version": 8, "center": [114.0, 33.55], "zoom": 10,
         "sources": {"roads": {"type": "geojson", "data": "roads.geojson"},
                     "boundary": {"type": "geojson", "data": "\(CommandLineTests.root)/GeoData/yuanhui/boundary.geojson"}},
         "layers": [{"id": "boundary", "type": "fill", "source": "boundary", "paint": {"fill-color": "#ccddee"}},
                    {"id": "roads", "type": "line", "source": "roads"}]}
        """
        try style.write(toFile: "\(dir)/style.json", atomically: true, encoding: .utf8)
        return dir
    }

    static let truncated = String(#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "沙河路"}, "geometry": {"type": "LineString", "coordinates": [[114.0, 33.5], [114.1"#)

    @Test(arguments: [
        (truncated, "roads.geojson:1:"),
        (#"{"type": "Pointz", "coordinates": [114, 33.5]}"#, #"roads.geojson:1:10: unknown GeoJSON type "Pointz""#),
    ])
    func renderStopsAtASourceThatCannotBeRead(data: String, message: String) throws {
        let dir = try Self.style(roads: data)
        let out = "\(dir)/map.png"
        let r = try CommandLineTests.run(["render", "\(dir)/style.json", "-o", out])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("cartouche: error: source \"roads\": "), "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func lenientSourcesDrawTheRestWithAWarning() throws {
        let dir = try Self.style(roads: Self.truncated)
        let out = "\(dir)/map.png"
        let r = try CommandLineTests.run(["render", "\(dir)/style.json", "-o", out, "--lenient-sources"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: source \"roads\": ") && r.stderr.contains("the source is empty"), "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: out))
    }

    @Test func aBatchStopsBeforeDrawingAnyMap() throws {
        let dir = try Self.style(roads: Self.truncated)
        let jobs = #"{"style": "style.json", "maps": [{"output": "a.png", "center": [114, 33.55], "zoom": 10}, {"output": "b.png", "center": [114.02, 33.57], "zoom": 12}]}"#
        try jobs.write(toFile: "\(dir)/jobs.json", atomically: true, encoding: .utf8)
        let r = try CommandLineTests.run(["batch", "\(dir)/jobs.json"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("source \"roads\": ") && r.stderr.contains("roads.geojson:1:"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/a.png") && !FileManager.default.fileExists(atPath: "\(dir)/b.png"))
    }

    @Test func aSourceTypeThatCannotBeDrawnIsNamedByItsPointer() throws {
        let dir = try CommandLineTests.temporaryDirectory()
        let style = #"{"version": 8, "sources": {"photo": {"type": "image", "url": "photo.png", "coordinates": [[0, 1], [1, 1], [1, 0], [0, 0]]}}, "layers": [{"id": "photo", "type": "raster", "source": "photo"}]}"#
        try style.write(toFile: "\(dir)/style.json", atomically: true, encoding: .utf8)
        let r = try CommandLineTests.run(["render", "\(dir)/style.json", "-o", "\(dir)/map.png"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("style.json: /sources/photo/type: source type \"image\" is not supported"), "\(r.stderr)")
        let v = try CommandLineTests.run(["validate", "\(dir)/style.json"])
        #expect(v.status == 1 && v.stdout.contains("error: /sources/photo/type: source type \"image\" is not supported"), "\(v.stdout)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/map.png"))
    }
}
