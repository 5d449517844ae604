import Foundation
import Testing
import TestSupport
@testable import Cartouche

/// Maps of the whole world in Web Mercator: Natural Earth's countries reach -90° (2.4e8 m
/// south in EPSG:3857), and the world fitted into a few hundred pixels has a zoom below 0.
/// Both once gave an empty, transparent image with exit status 0.
@Suite("World maps")
struct WorldMapTests {
    static let countries = "\(CommandLineTests.root)/../shared/data/naturalearth/50m/ne_50m_admin_0_countries.geojson"

    func style(in dir: String) throws -> String {
        let path = dir + "/world.json"
        try """
        {"version": 8, "sources": {"countries": {"type": "geojson", "data": "\(Self.countries)"}},
         "layers": [{"id": "sea", "type": "background", "paint": {"background-color": "#0000ff"}},
                    {"id": "land", "type": "fill", "source": "countries", "paint": {"fill-color": "#00ff00"}}]}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Sea and land pixels in each quarter of the image: Europe, North America, South
    /// America and Australia are all on the map.
    func expectWorld(_ png: String, _ context: String) throws {
        let image = try PNGPixels(Array(try Data(contentsOf: URL(fileURLWithPath: png))))
        let w = image.width, h = image.height
        for (xs, ys) in [(0..<w / 2, 0..<h / 2), (w / 2..<w, 0..<h / 2), (0..<w / 2, h / 2..<h), (w / 2..<w, h / 2..<h)] {
            let land = image.count(in: xs, ys) { r, g, b, a in g > 200 && r < 60 && b < 60 && a == 255 }
            let sea = image.count(in: xs, ys) { r, g, b, a in b > 200 && r < 60 && g < 60 && a == 255 }
            #expect(land > 50 && sea > 50, "\(context): quarter \(xs), \(ys) has \(land) land and \(sea) sea pixels")
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: countries), "no ../shared/data/naturalearth"))
    func theWorldFittedIntoAFewHundredPixelsIsDrawn() throws {
        let dir = try CommandLineTests.temporaryDirectory()
        let style = try style(in: dir)
        for (width, height) in [(600, 400), (300, 200)] {
            let out = "\(dir)/fit-\(width).png"
            let r = try CommandLineTests.run(["render", style, "--fit", "-o", out, "--width", "\(width)", "--height", "\(height)"])
            #expect(r.status == 0, "\(r.stderr)")
            try expectWorld(out, "--fit at \(width)x\(height)")
        }
    }

    /// A box whose first number is negative is read as the box, without `--bbox=`.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: countries), "no ../shared/data/naturalearth"))
    func aBoxOfTheWholeWorldIsDrawn() throws {
        let dir = try CommandLineTests.temporaryDirectory()
        let out = "\(dir)/box.png"
        let r = try CommandLineTests.run(["render", try style(in: dir), "--bbox", "-180,-85,180,85", "-o", out,
                                          "--width", "400", "--height", "300"])
        #expect(r.status == 0, "\(r.stderr)")
        try expectWorld(out, "--bbox -180,-85,180,85")
    }
}
