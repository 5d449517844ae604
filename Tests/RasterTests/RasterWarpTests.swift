import Foundation
import Testing
import TestSupport
@testable import Cartouche

/// A raster in any CRS is warped into the map CRS: the same data in EPSG:4547 and warped
/// by gdalwarp into EPSG:3857 give the same map.
@Suite struct RasterWarpTests {
    /// Pixels may differ by up to 16/255 per channel; at most 1% may differ more (the
    /// Web Mercator copy was resampled once more by gdalwarp, which softens edges).
    static let threshold = 16
    static let tolerance = 0.01

    @Test func sameMapFromGaussKrugerAndWebMercatorCopies() throws {
        let folder = try ScratchDirectory.make("raster-warp")
        let gk = try RasterFixtures.gaussKrugerTIFF(in: folder)
        let merc = "\(folder)/pattern-3857.tif"
        try RasterFixtures.run("gdalwarp", ["-q", "-t_srs", "EPSG:3857", "-r", "bilinear", "-tr", "20", "20", gk, merc])
        let request = try MapRequest(width: 400, height: 300, crs: CRS("EPSG:4547"),
                                 extent: .camera(longitude: 114.0, latitude: 33.507, zoom: 13, bearing: 0))
        try FileManager.default.createDirectory(atPath: RasterFixtures.artifacts, withIntermediateDirectories: true)
        var outputs: [String] = []
        for (name, file) in [("warp-4547", gk), ("warp-3857", merc)] {
            let style = try RasterFixtures.style(raster: file, crs: "EPSG:4547", in: folder, name: name)
            let out = "\(RasterFixtures.artifacts)/\(name).png"
            try MapRenderer(data: MapData(stylePath: style)).render(request, to: out)
            outputs.append(out)
        }
        let diff = "\(RasterFixtures.artifacts)/warp-diff.png"
        let result = try ImageComparison.compare(actual: outputs[1], expected: outputs[0], threshold: Self.threshold, diffPath: diff)
        #expect(result.differingFraction <= Self.tolerance,
                "\(result.differingPixels) pixels differ (max \(result.maxDifference)); see \(outputs) and \(diff)")
        // And the raster is drawn at all: the middle of the map is not the white background.
        let blank = try ImageComparison.compare(actual: outputs[0], expected: blankPNG(folder), threshold: 16)
        #expect(blank.differingFraction > 0.5)
    }

    /// A white 400×300 PNG of the same style with the raster layer hidden.
    func blankPNG(_ folder: String) throws -> String {
        let style = "\(folder)/blank.json"
        try """
        {"version": 8, "sources": {}, "layers": [{"id": "background", "type": "background", "paint": {"background-color": "#ffffff"}}]}
        """.write(toFile: style, atomically: true, encoding: .utf8)
        let out = "\(folder)/blank.png"
        try MapRenderer(data: MapData(stylePath: style)).render(MapRequest(width: 400, height: 300, crs: CRS("EPSG:4547"),
            extent: .camera(longitude: 114.0, latitude: 33.507, zoom: 13, bearing: 0)), to: out)
        return out
    }

    /// `cartouche info` on a raster: size, bands, CRS, extent, resolution, overviews.
    @Test func infoDescribesARaster() throws {
        let folder = try ScratchDirectory.make("raster-info")
        let raster = try GDALRaster(path: RasterFixtures.gaussKrugerTIFF(in: folder, size: 64))
        let text = raster.infoText
        #expect(text.contains("64 × 64 pixels, 1 band of Byte"))
        #expect(text.contains("CRS: EPSG:4547"))
        #expect(text.contains("extent: 495000, 3712400, 496600, 3714000"))
        #expect(text.contains("overviews: 32×32, 16×16"))
    }
}
