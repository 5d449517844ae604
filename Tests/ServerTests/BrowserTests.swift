import Foundation
import Testing
import TestSupport

/// The server's Leaflet viewer (Leaflet from Debian's libjs-leaflet, served by the server
/// itself) in headless Chromium: the screenshot shows the district drawn from its tiles.
@Suite("Leaflet in Chromium")
struct BrowserTests {
    @Test func leafletShowsTheTiles() throws {
        let server = ServerProcess.shared
        let dir = try ScratchDirectory.make("chromium")
        let shot = dir + "/leaflet.png"
        let r = try runTool("/usr/bin/chromium", [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(dir)/profile",
            "--window-size=900,700", "--virtual-time-budget=20000", "--screenshot=\(shot)", server.url("/viewer/yuanhui"),
        ])
        #expect(r.status == 0, "chromium (apt-get install chromium): \(r.err.suffix(500))")
        let image = try PNGPixels([UInt8](Data(contentsOf: URL(fileURLWithPath: shot))))
        #expect(image.width == 900 && image.height == 700)
        // The district fills the middle of the view: cut it into 100-pixel cells and count
        // those with a map drawn in them (many colours), not a blank tile or Leaflet's grey.
        var drawn = 0
        for cy in stride(from: 100, to: 600, by: 100) {
            for cx in stride(from: 200, to: 700, by: 100) {
                var colours = Set<UInt32>()
                for y in cy..<(cy + 100) { for x in cx..<(cx + 100) { colours.insert(image.pixels[y * image.width + x]) } }
                if colours.count > 40 { drawn += 1 }
            }
        }
        #expect(drawn >= 12, "\(drawn) of 25 cells in the middle show the map")
        // Roads in the style's red (#d7301f-like) and rivers in blue are there.
        let red = image.count { r, g, b, _ in r > 180 && g < 90 && b < 70 }
        let blue = image.count { r, g, b, _ in b > 180 && r < 150 && g > 120 && g < 210 }
        #expect(red > 100 && blue > 100, "red \(red), blue \(blue)")
        // The page asked the server for tiles and for Leaflet.
        #expect(server.stderr.contains(#""path":"/leaflet/leaflet.js""#))
        #expect(server.stderr.contains(#""path":"/styles/yuanhui/"#))
    }
}
