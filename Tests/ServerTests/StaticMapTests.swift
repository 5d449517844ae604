import Foundation
import Testing
import TestSupport

/// tileserver-gl's static map URLs against a running server: each form gives the image it
/// names, and the same map as `cartouche render` draws.
@Suite("Static maps over HTTP")
struct StaticMapTests {
    let server = ServerProcess.shared

    @Test func boundingBoxMatchesCommandLineRender() throws {
        let r = try server.get("/styles/yuanhui/static/113.95,33.53,114.04,33.59/800x600.png")
        #expect(r.status == 200)
        #expect(r.header("content-type") == "image/png")
        let dir = try ScratchDirectory.make("static")
        let cli = try runTool(ServerProcess.binary, ["render", ServerProcess.root + "/Styles/yuanhui.json", "-o", dir + "/cli.png",
                                                     "--width", "800", "--height", "600", "--bbox", "113.95,33.53,114.04,33.59"])
        #expect(cli.status == 0, "\(cli.err)")
        let expected = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/cli.png")))
        // The server draws with the library the command line uses: the same bytes.
        #expect(r.body.elementsEqual(expected), "the server's PNG differs from cartouche render's")
    }

    @Test func centreZoomBearingAndScale() throws {
        let r = try server.get("/styles/yuanhui/static/114.0,33.56,13@30/400x300@2x.png")
        #expect(r.status == 200)
        #expect(pngSize(r.body)! == (800, 600))
        let flat = try server.get("/styles/yuanhui/static/114.0,33.56,13/400x300@2x.png")
        #expect(!flat.body.elementsEqual(r.body), "a bearing turns the map")
    }

    @Test func autoFitsTheDataAndFormatsFollowTheExtension() throws {
        let png = try server.get("/styles/yuanhui/static/auto/640x480.png")
        #expect(pngSize(png.body)! == (640, 480))
        let svg = try server.get("/styles/yuanhui/static/auto/640x480.svg")
        #expect(svg.header("content-type") == "image/svg+xml")
        #expect(svg.text.hasPrefix("<?xml") || svg.text.hasPrefix("<svg"))
        let pdf = try server.get("/styles/yuanhui/static/auto/640x480.pdf")
        #expect(pdf.header("content-type") == "application/pdf")
        #expect(pdf.body.starts(with: Array("%PDF-".utf8)))
    }

    @Test func crsChangesTheProjection() throws {
        // The style's own CRS is EPSG:4547 (metadata "cartouche:crs"); Web Mercator is asked for.
        let gk = try server.get("/styles/yuanhui/static/auto/600x600.png")
        let merc = try server.get("/styles/yuanhui/static/auto/600x600.png?crs=EPSG:3857")
        #expect(gk.status == 200)
        #expect(merc.status == 200)
        #expect(pngSize(merc.body)! == (600, 600))
        #expect(!gk.body.elementsEqual(merc.body), "the projection changes the picture")
    }

    @Test func layoutMakesAReportPage() throws {
        let r = try server.get("/styles/yuanhui/static/113.78,33.445,114.045,33.615/800x600.png?layout=report-a4")
        #expect(r.status == 200)
        let size = try #require(pngSize(r.body))
        // A4 landscape at 150 dpi, whatever the URL's size.
        #expect(abs(size.width - 1754) <= 2 && abs(size.height - 1240) <= 2, "\(size)")
        let bad = try server.get("/styles/yuanhui/static/auto/800x600.png?layout=../Styles/report-a4")
        #expect(bad.status == 400)
        #expect(bad.text.contains("not offered"))
    }

    /// `state` reaches the style as global state: the atlas style rings the village whose
    /// id `["global-state", "atlas"]` names, in red.
    @Test func stateSelectsTheAtlasFeature() throws {
        let base = "/styles/atlas/static/113.942,33.522,14/400x400.png"
        let plain = try PNGPixels(server.get(base).body)
        let state = #"{"atlas":{"id":10,"name":"蔡庄村"}}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let r = try server.get(base + "?state=" + state)
        #expect(r.status == 200)
        let chosen = try PNGPixels(r.body)
        func red(_ img: PNGPixels) -> Int { img.count(in: 150..<250, 150..<250) { r, g, b, _ in r > 180 && g < 120 && b < 120 } }
        #expect(red(chosen) > red(plain) + 50, "the village is ringed: \(red(chosen)) vs \(red(plain)) red pixels")
        let broken = try server.get(base + "?state=%7Bnope")
        #expect(broken.status == 400)
        #expect(broken.text.contains("state must be a JSON object"))
    }

    @Test func pathAndMarkerAreDrawnWhereTheySay() throws {
        // The map is centred on the marker; the path runs from corner to corner through it.
        let r = try server.get("/styles/yuanhui/static/114.0,33.56,13/400x400.png?path=stroke:%23ff00ff|width:6|113.96,33.56|114.04,33.56&marker=114.0,33.56|color:%2300ff00|radius:10")
        #expect(r.status == 200)
        let img = try PNGPixels(r.body)
        let green = img.count(in: 190..<210, 190..<210) { r, g, b, _ in g > 200 && r < 80 && b < 80 }
        #expect(green > 150, "the marker is at the centre: \(green)")
        let magenta = img.count(in: 40..<120, 195..<205) { r, g, b, _ in r > 200 && b > 200 && g < 80 }
        #expect(magenta > 200, "the path runs along the centre row: \(magenta)")
        let auto = try server.get("/styles/yuanhui/static/auto/400x300.png?marker=113.9,33.5&marker=113.95,33.55")
        #expect(auto.status == 200)
        let icon = try server.get("/styles/yuanhui/static/auto/400x300.png?marker=113.9,33.5|/etc/passwd")
        #expect(icon.status == 400)
    }
}
