import Foundation
import Testing
import TestSupport
@testable import Cartouche

/// PDF and SVG embed a raster layer once, at the resolution of the output, clipped to the
/// frame: JPEG for imagery, so that a report with imagery stays small and sharp.
@Suite struct RasterPDFTests {
    /// 1280 CSS pixels at 300/96 device pixels each: a 4000-pixel image over 13.3 inches.
    @Test func pdfEmbedsOneJPEGAtPrintResolution() throws {
        let folder = try ScratchDirectory.make("raster-pdf")
        let tif = try RasterFixtures.gaussKrugerTIFF(in: folder)
        let style = try RasterFixtures.style(raster: tif, crs: "EPSG:4547", in: folder, name: "print")
        let pdf = "\(folder)/print.pdf"
        let request = try MapRequest(width: 1280, height: 1280, pixelRatio: 300.0 / 96, crs: CRS("EPSG:4547"),
                                 extent: .camera(longitude: 114.0, latitude: 33.507, zoom: 15, bearing: 0))
        try MapRenderer(data: MapData(stylePath: style)).render(request, to: pdf)
        let list = try RasterFixtures.run("pdfimages", ["-list", pdf]).split(separator: "\n").dropFirst(2)
        #expect(list.count == 1, "\(list)")
        // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
        let fields = list.first?.split(separator: " ", omittingEmptySubsequences: true).map(String.init) ?? []
        #expect(fields.count > 12)
        guard fields.count > 12 else { return }
        #expect(fields[2] == "image")
        #expect(fields[3] == "4000" && fields[4] == "4000")
        #expect(fields[8] == "jpeg")
        #expect(fields[12] == "300" && fields[13] == "300")
        let size = try FileManager.default.attributesOfItem(atPath: pdf)[.size] as? Int ?? 0
        #expect(size < 8_000_000, "the PDF is \(size) bytes")
    }

    /// Shaded relief and translucent imagery are PNG in SVG, with their alpha.
    @Test func svgEmbedsTheImageInline() throws {
        let folder = try ScratchDirectory.make("raster-svg")
        let tif = try RasterFixtures.gaussKrugerTIFF(in: folder, size: 100)
        let style = try RasterFixtures.style(raster: tif, crs: "EPSG:4547", in: folder, name: "svg")
        let svg = "\(folder)/map.svg"
        try MapRenderer(data: MapData(stylePath: style)).render(
            try MapRequest(width: 200, height: 150, crs: CRS("EPSG:4547"), extent: .camera(longitude: 113.96, latitude: 33.541, zoom: 14, bearing: 0)),
            to: svg)
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.components(separatedBy: "<image").count == 2)
        #expect(text.contains("data:image/"))
    }
}
