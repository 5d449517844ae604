import Foundation
import Page
import Testing
import TestSupport
@testable import Cartouche

/// `MapRenderer.render` is one call for maps and pages, to bytes or to a file: it returns
/// the scene's warnings every time, and phase times only when asked.
@Suite struct RenderResultTests {
    /// A style whose one raster tile does not decode: the map draws, with a warning.
    static func styleWithABadTile() throws -> (folder: String, style: String) {
        let folder = try ScratchDirectory.make("render-result")
        try FileManager.default.createDirectory(atPath: "\(folder)/tiles", withIntermediateDirectories: true)
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: "\(folder)/tiles/1-1-0.png"))
        let style = "\(folder)/style.json"
        try """
        {"version": 8, "center": [10, 10], "zoom": 0,
         "sources": {"t": {"type": "raster", "tiles": ["tiles/{z}-{x}-{y}.png"], "tileSize": 256}},
         "layers": [{"id": "t", "type": "raster", "source": "t"}]}
        """.write(toFile: style, atomically: true, encoding: .utf8)
        return (folder, style)
    }

    static func mentionsTheTile(_ warnings: [String]) -> Bool {
        warnings.contains { $0.contains("tile 1/1/0") && $0.contains("the tile is skipped") }
    }

    /// A style's data as loaded: a tile that does not decode is reported once per load, so
    /// each form below gets data of its own.
    static func renderer() throws -> (folder: String, renderer: MapRenderer) {
        let (folder, style) = try styleWithABadTile()
        return (folder, MapRenderer(data: try MapData(stylePath: style)))
    }

    @Test func warningsComeBackFromEveryForm() throws {
        let request = MapRequest(width: 64, height: 64)
        let bytes = try Self.renderer().renderer.render(request, format: .png)
        #expect(Self.mentionsTheTile(bytes.warnings), "\(bytes.warnings)")
        #expect(bytes.bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        var (folder, renderer) = try Self.renderer()
        let file = try renderer.render(request, to: "\(folder)/map.svg")
        #expect(Self.mentionsTheTile(file.warnings), "\(file.warnings)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/map.svg")) == Data(file.bytes))
        // A report page carries its map's warnings too.
        let layout = try LayoutParser.parse(JSONParser.parse("""
        {"page": {"size": [80, 60], "dpi": 96, "margins": 5}, "map": {"x": 0, "y": 0, "width": 70, "height": 50}, "elements": []}
        """))
        (folder, renderer) = try Self.renderer()
        let page = try renderer.render(request, to: "\(folder)/page.png", layout: layout)
        #expect(Self.mentionsTheTile(page.warnings), "\(page.warnings)")
    }

    @Test func timingsOnlyWhenAsked() throws {
        let (folder, renderer) = try Self.renderer()
        let request = MapRequest(width: 64, height: 64)
        #expect(try renderer.render(request, to: "\(folder)/a.png").timings.phases.isEmpty)
        let timed = try renderer.render(request, to: "\(folder)/b.png", timed: true).timings
        for phase in ["project", "scene", "write"] { #expect(timed[phase] != nil, "no \(phase) in \(timed.phases.map(\.name))") }
    }
}
