import Foundation
import Testing
import TestSupport
@testable import Cartouche

/// Bad rasters are named with what is wrong: a bad file stops the map with no output, a
/// bad tile is skipped with a warning.
@Suite struct RasterBadInputTests {
    @Test func rasterWithoutGeoreferencingIsRefused() throws {
        let folder = try ScratchDirectory.make("raster-nogeo")
        let plain = "\(folder)/plain.tif"
        try RasterFixtures.run("gdal_create", ["-q", "-of", "GTiff", "-outsize", "8", "8", "-bands", "1", plain])
        let style = try RasterFixtures.style(raster: plain, crs: "EPSG:4547", in: folder, name: "nogeo")
        let error = #expect(throws: StyleError.self) { try MapData(stylePath: style) }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("/sources/image/url"))
        #expect(text.contains("plain.tif: has no georeferencing"))
    }

    @Test func truncatedTIFFStopsTheMapWithNoOutput() throws {
        let folder = try ScratchDirectory.make("raster-truncated")
        let tif = try RasterFixtures.gaussKrugerTIFF(in: folder, size: 300)
        let cut = "\(folder)/cut.tif"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: tif))
        // A download cut short: the header and first strips, not the rest.
        try bytes.prefix(bytes.count * 3 / 10).write(to: URL(fileURLWithPath: cut))
        let style = try RasterFixtures.style(raster: cut, crs: "EPSG:4547", in: folder, name: "cut")
        let out = "\(folder)/cut.png"
        #expect(throws: (any Error).self) {
            try MapRenderer(data: MapData(stylePath: style)).render(
                try MapRequest(width: 200, height: 150, crs: CRS("EPSG:4547"), extent: .camera(longitude: 113.9866, latitude: 33.5185, zoom: 14, bearing: 0)),
                to: out)
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func tileThatDoesNotDecodeIsSkippedWithAWarning() throws {
        let folder = try ScratchDirectory.make("raster-badtile")
        try FileManager.default.createDirectory(atPath: "\(folder)/tiles", withIntermediateDirectories: true)
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: "\(folder)/tiles/1-1-0.png"))
        let style = "\(folder)/style.json"
        try """
        {"version": 8, "center": [10, 10], "zoom": 0,
         "sources": {"t": {"type": "raster", "tiles": ["tiles/{z}-{x}-{y}.png"], "tileSize": 256}},
         "layers": [{"id": "t", "type": "raster", "source": "t"}]}
        """.write(toFile: style, atomically: true, encoding: .utf8)
        let warnings = try MapRenderer(data: MapData(stylePath: style)).render(
            MapRequest(width: 64, height: 64), to: "\(folder)/out.png").warnings
        #expect(warnings.contains { $0.contains("tile 1/1/0") && $0.contains("the tile is skipped") }, "\(warnings)")
    }

    @Test func layerAndSourceKindsMustMatch() throws {
        let json = try JSONParser.parse("""
        {"version": 8, "sources": {"dem": {"type": "raster-dem", "tiles": ["t/{z}/{x}/{y}.png"], "encoding": "terrarium"},
                                    "img": {"type": "raster", "tiles": ["i/{z}/{x}/{y}.jpg"], "scheme": "sideways"}},
         "layers": [{"id": "a", "type": "raster", "source": "dem"}, {"id": "b", "type": "hillshade", "source": "dem"},
                    {"id": "c", "type": "fill", "source": "img"}]}
        """)
        let problems = StyleParser.validate(json).map(\.description)
        #expect(problems.contains { $0.contains("/layers/0/source") && $0.contains("needs a raster source") }, "\(problems)")
        #expect(problems.contains { $0.contains("/layers/2/source") && $0.contains("cannot draw the raster source") }, "\(problems)")
        #expect(problems.contains { $0.contains("/sources/img/scheme") }, "\(problems)")
        #expect(!problems.contains { $0.contains("/layers/1") }, "\(problems)")
    }
}

/// A terrain tile read with the wrong encoding is named, and drawn flat.
@Suite struct DEMEncodingTests {
    @Test func terrariumTileReadAsMapboxIsNamed() throws {
        let folder = try ScratchDirectory.make("raster-dem-encoding")
        try FileManager.default.createDirectory(atPath: "\(folder)/dem", withIntermediateDirectories: true)
        // Terrarium's sea level: red 128, green 0, blue 0.
        try RasterFixtures.run("gdal_create", ["-q", "-of", "PNG", "-outsize", "256", "256", "-bands", "3", "-ot", "Byte",
                                              "-burn", "128", "-burn", "0", "-burn", "0", "\(folder)/dem/1-1-0.png"])
        let style = "\(folder)/style.json"
        try """
        {"version": 8, "center": [10, 10], "zoom": 0,
         "sources": {"dem": {"type": "raster-dem", "tiles": ["dem/{z}-{x}-{y}.png"], "tileSize": 256}},
         "layers": [{"id": "relief", "type": "hillshade", "source": "dem"}]}
        """.write(toFile: style, atomically: true, encoding: .utf8)
        let warnings = try MapRenderer(data: MapData(stylePath: style)).render(
            MapRequest(width: 64, height: 64), to: "\(folder)/out.png").warnings
        #expect(warnings.contains { $0.contains("tile 1/1/0") && $0.contains("is the source's \"encoding\" right (mapbox)") }, "\(warnings)")
    }
}

/// A raster source's `url` may name a local TileJSON file, whose templates are relative to it.
@Suite struct RasterTileJSONTests {
    @Test func tileJSONNamesTheTiles() throws {
        let folder = try ScratchDirectory.make("raster-tilejson")
        try FileManager.default.createDirectory(atPath: "\(folder)/set/tiles", withIntermediateDirectories: true)
        try RasterFixtures.run("gdal_create", ["-q", "-of", "PNG", "-outsize", "256", "256", "-bands", "3", "-ot", "Byte",
                                              "-burn", "200", "-burn", "30", "-burn", "30", "\(folder)/set/tiles/0-0-0.png"])
        try """
        {"tilejson": "3.0.0", "tiles": ["tiles/{z}-{x}-{y}.png"], "minzoom": 0, "maxzoom": 0}
        """.write(toFile: "\(folder)/set/tiles.json", atomically: true, encoding: .utf8)
        let style = "\(folder)/style.json"
        try """
        {"version": 8, "center": [0, 0], "zoom": 1,
         "sources": {"t": {"type": "raster", "url": "set/tiles.json", "tileSize": 256}},
         "layers": [{"id": "t", "type": "raster", "source": "t"}]}
        """.write(toFile: style, atomically: true, encoding: .utf8)
        let data = try MapData(stylePath: style)
        let bytes = try MapRenderer(data: data).render(MapRequest(width: 64, height: 64), format: .png).bytes
        let png = "\(folder)/out.png"
        try Data(bytes).write(to: URL(fileURLWithPath: png))
        // The red tile, overzoomed, fills the map.
        let red = "\(folder)/red.png"
        try RasterFixtures.run("gdal_create", ["-q", "-of", "PNG", "-outsize", "64", "64", "-bands", "4", "-ot", "Byte",
                                              "-burn", "200", "-burn", "30", "-burn", "30", "-burn", "255", red])
        let result = try ImageComparison.compare(actual: png, expected: red, threshold: 4)
        #expect(result.differingPixels == 0, "\(result.differingPixels) pixels differ (max \(result.maxDifference))")
    }
}
