import Foundation
import Testing
import TestSupport
@testable import Cartouche
import Tiles

/// Raster tiles from archives as a user makes them: the GeoTIFF fixture cut into an MBTiles
/// by `gdal_translate` (with `gdaladdo` levels) and converted to PMTiles by the `pmtiles`
/// package. Both draw the same map, the map the GeoTIFF itself draws; a missing tile is
/// drawn from its parent, a tile that does not decode is skipped with a warning naming the
/// archive and z/x/y, a broken archive stops the map.
@Suite(.serialized) struct RasterArchiveTests {
    static let fixtures: Result<(folder: String, tiff: String), Error> = Result {
        let folder = try ScratchDirectory.make("raster-archives")
        let tiff = try RasterFixtures.gaussKrugerTIFF(in: folder)
        // Levels 11-13: GDAL picks 13 as the level at or above the TIFF's 25 m cells.
        try RasterFixtures.run("gdal_translate", ["-q", "-of", "MBTILES", "-co", "ZOOM_LEVEL_STRATEGY=UPPER", tiff, "\(folder)/pattern.mbtiles"])
        try RasterFixtures.run("gdaladdo", ["-q", "\(folder)/pattern.mbtiles"])
        try ExternalTool.run("pmtiles-convert", ["\(folder)/pattern.mbtiles", "\(folder)/pattern.pmtiles"])
        return (folder, tiff)
    }

    static let request = MapRequest(width: 400, height: 300, crs: try! CRS("EPSG:4547"),
                                    extent: .camera(longitude: 114.0, latitude: 33.507, zoom: 13, bearing: 0))

    /// A style drawing one raster source (its JSON) over white, in EPSG:4547.
    static func style(_ source: String, in folder: String, name: String) throws -> String {
        let path = "\(folder)/\(name).json"
        try """
        {"version": 8, "metadata": {"cartouche:crs": "EPSG:4547"}, "sources": {"image": \(source)},
         "layers": [{"id": "background", "type": "background", "paint": {"background-color": "#ffffff"}},
                    {"id": "image", "type": "raster", "source": "image"}]}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Renders the style to a PNG under the test artifacts; returns its path and warnings.
    static func render(_ style: String, _ name: String) throws -> (png: String, warnings: [String]) {
        try FileManager.default.createDirectory(atPath: RasterFixtures.artifacts, withIntermediateDirectories: true)
        let out = "\(RasterFixtures.artifacts)/\(name).png"
        let warnings = try MapRenderer(data: MapData(stylePath: style)).render(request, to: out).warnings
        return (out, warnings)
    }

    /// A z13 tile of the archive (XYZ), as sqlite3 lists it.
    static func someTile(_ mbtiles: String) throws -> (x: Int, y: Int) {
        let row = try RasterFixtures.run("sqlite3", [mbtiles, "SELECT tile_column, tile_row FROM tiles WHERE zoom_level = 13 ORDER BY tile_column, tile_row LIMIT 1 OFFSET 5"])
        let parts = row.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").compactMap { Int($0) }
        return (parts[0], (1 << 13) - 1 - parts[1])
    }

    @Test func mbtilesAndPMTilesDrawTheGeoTIFFsMap() throws {
        let (folder, tiff) = try Self.fixtures.get()
        try """
        {"tilejson": "3.0.0", "tiles": ["pmtiles://pattern.pmtiles"]}
        """.write(toFile: "\(folder)/pattern-tilejson.json", atomically: true, encoding: .utf8)
        let sources = [("archive-tiff", #"{"type": "raster", "url": "file:\#(tiff)"}"#),
                       ("archive-mbtiles", #"{"type": "raster", "url": "mbtiles://pattern.mbtiles", "tileSize": 256}"#),
                       ("archive-pmtiles", #"{"type": "raster", "url": "pmtiles://pattern.pmtiles", "tileSize": 256}"#),
                       ("archive-tilejson", #"{"type": "raster", "url": "pattern-tilejson.json", "tileSize": 256}"#)]
        var pngs: [String] = []
        for (name, source) in sources {
            let (png, warnings) = try Self.render(Self.style(source, in: folder, name: name), name)
            #expect(warnings.isEmpty, "\(name): \(warnings)")
            pngs.append(png)
        }
        for other in pngs[2...] {
            let same = try ImageComparison.compare(actual: other, expected: pngs[1], threshold: 0)
            #expect(same.differingPixels == 0, "\(other) differs from \(pngs[1]) in \(same.differingPixels) pixels")
        }
        // The tiles were resampled into Web Mercator by GDAL and are drawn from level 13
        // (19 m pixels, overzoomed to the map's 9.6 m): soft edges, the same picture.
        let diff = "\(RasterFixtures.artifacts)/archive-diff.png"
        let result = try ImageComparison.compare(actual: pngs[1], expected: pngs[0], threshold: RasterWarpTests.threshold, diffPath: diff)
        #expect(result.differingFraction <= 0.03, "\(result.differingPixels) pixels differ (max \(result.maxDifference)); see \(diff)")
    }

    @Test func missingTileIsDrawnFromItsParent() throws {
        let (folder, _) = try Self.fixtures.get()
        let sparse = "\(folder)/sparse.mbtiles"
        try? FileManager.default.removeItem(atPath: sparse)
        try FileManager.default.copyItem(atPath: "\(folder)/pattern.mbtiles", toPath: sparse)
        let tile = try Self.someTile(sparse)
        try RasterFixtures.run("sqlite3", [sparse, "DELETE FROM tiles WHERE zoom_level = 13 AND tile_column = \(tile.x) AND tile_row = \((1 << 13) - 1 - tile.y)"])
        let full = try Self.render(Self.style(#"{"type": "raster", "url": "mbtiles://pattern.mbtiles", "tileSize": 256}"#, in: folder, name: "full"), "archive-full")
        let holed = try Self.render(Self.style(#"{"type": "raster", "url": "mbtiles://sparse.mbtiles", "tileSize": 256}"#, in: folder, name: "sparse"), "archive-sparse")
        #expect(holed.warnings.isEmpty, "\(holed.warnings)")
        // Drawn from the z12 tile: a softer picture there, never white.
        let exact = try ImageComparison.compare(actual: holed.png, expected: full.png, threshold: 0)
        let close = try ImageComparison.compare(actual: holed.png, expected: full.png, threshold: 48)
        #expect(exact.differingPixels > 0, "the tile \(tile) is not in view")
        #expect(close.differingPixels == 0, "\(close.differingPixels) pixels differ by more than 48 (max \(close.maxDifference))")
    }

    @Test func tileThatDoesNotDecodeIsNamedWithTheArchive() throws {
        let (folder, _) = try Self.fixtures.get()
        let bad = "\(folder)/bad.mbtiles"
        try? FileManager.default.removeItem(atPath: bad)
        try FileManager.default.copyItem(atPath: "\(folder)/pattern.mbtiles", toPath: bad)
        let tile = try Self.someTile(bad)
        // A PNG signature and then rubbish: a tile cut short or overwritten.
        try RasterFixtures.run("sqlite3", [bad, "UPDATE tiles SET tile_data = X'89504E470D0A1A0A0000000D49484452DEADBEEF' WHERE zoom_level = 13 AND tile_column = \(tile.x) AND tile_row = \((1 << 13) - 1 - tile.y)"])
        let (png, warnings) = try Self.render(Self.style(#"{"type": "raster", "url": "mbtiles://bad.mbtiles", "tileSize": 256}"#, in: folder, name: "bad"), "archive-bad")
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.contains { $0.contains("bad.mbtiles") && $0.contains("tile 13/\(tile.x)/\(tile.y)") && $0.contains("skipped") }, "\(warnings)")
        #expect(FileManager.default.fileExists(atPath: png))
    }

    @Test func brokenOrWrongArchivesStopTheMap() throws {
        let (folder, _) = try Self.fixtures.get()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/pattern.pmtiles"))
        try bytes.prefix(100).write(to: URL(fileURLWithPath: "\(folder)/cut.pmtiles"))
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: "\(folder)/text.mbtiles"))
        try #"{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [114, 33.5]}}"#
            .write(toFile: "\(folder)/point.geojson", atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: "\(folder)/vector.mbtiles")
        try ExternalTool.run("ogr2ogr", ["-f", "MBTILES", "\(folder)/vector.mbtiles", "\(folder)/point.geojson", "-dsco", "MAXZOOM=2"])
        let cases = [(#"{"type": "raster", "url": "pmtiles://cut.pmtiles"}"#, "cut.pmtiles: truncated PMTiles header: 100 bytes"),
                     (#"{"type": "raster", "url": "mbtiles://text.mbtiles"}"#, "text.mbtiles"),
                     (#"{"type": "raster", "url": "pmtiles://none.pmtiles"}"#, "none.pmtiles: No such file or directory"),
                     (#"{"type": "raster", "url": "mbtiles://vector.mbtiles"}"#, "vector.mbtiles: holds pbf tiles, not raster tiles")]
        for (i, (source, expected)) in cases.enumerated() {
            let style = try Self.style(source, in: folder, name: "broken\(i)")
            let error = #expect(throws: StyleError.self) { try MapData(stylePath: style) }
            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("/sources/image/url") && text.contains(expected), "\(text)")
            let file = String(expected.prefix { $0 != ":" })
            #expect(text.components(separatedBy: file).count == 2, "the file is named once: \(text)")
        }
    }

    @Test func infoDescribesARasterArchive() throws {
        let (folder, _) = try Self.fixtures.get()
        for (file, kind) in [("pattern.mbtiles", "MBTiles"), ("pattern.pmtiles", "PMTiles v3")] {
            var summary = try TileSetSummary(path: "\(folder)/\(file)")
            summary.measureTiles()
            let text = summary.text()
            #expect(text.contains("\(file): \(kind), raster tiles (PNG)"), "\(text)")
            #expect(text.contains("zooms 11–13, 21 tiles"), "\(text)")
            #expect(text.contains("bounds 113.946159, 33.462096"), "\(text)")
            #expect(text.contains("tiles of 256 × 256 pixels"), "\(text)")
        }
    }

    /// pmtiles-convert writes tile type 0 (unknown) for an MBTiles of "jpg" tiles and copies
    /// the metadata, whose format then says what the tiles are.
    @Test func jpegTilesConvertedToPMTilesAreRead() throws {
        let (folder, tiff) = try Self.fixtures.get()
        try? FileManager.default.removeItem(atPath: "\(folder)/jpeg.mbtiles")
        try RasterFixtures.run("gdal_translate", ["-q", "-of", "MBTILES", "-co", "TILE_FORMAT=JPEG", "-co", "ZOOM_LEVEL_STRATEGY=UPPER",
                                                  tiff, "\(folder)/jpeg.mbtiles"])
        try ExternalTool.run("pmtiles-convert", ["\(folder)/jpeg.mbtiles", "\(folder)/jpeg.pmtiles"])
        let text = try TileSetSummary(path: "\(folder)/jpeg.pmtiles").text()
        #expect(text.contains("jpeg.pmtiles: PMTiles v3, raster tiles (JPG)"), "\(text)")
        let (png, warnings) = try Self.render(Self.style(#"{"type": "raster", "url": "pmtiles://jpeg.pmtiles", "tileSize": 256}"#,
                                                         in: folder, name: "jpeg"), "archive-jpeg")
        #expect(warnings.isEmpty, "\(warnings)")
        let tiffMap = try Self.render(Self.style(#"{"type": "raster", "url": "file:\#(tiff)"}"#, in: folder, name: "jpeg-tiff"), "archive-jpeg-tiff")
        let result = try ImageComparison.compare(actual: png, expected: tiffMap.png, threshold: RasterWarpTests.threshold)
        #expect(result.differingFraction <= 0.03, "\(result.differingPixels) pixels differ (max \(result.maxDifference))")
    }

    /// Terrain tiles (MapLibre's test tiles, Mapbox encoding) packed into an MBTiles by the
    /// sqlite3 shell and converted to PMTiles by pmtiles-convert shade the same relief as
    /// the same tiles read by a template.
    @Test func terrainFromArchivesShadesAsFromFiles() throws {
        let folder = try ScratchDirectory.make("raster-dem-archives")
        let assets = "\(RasterFixtures.root)/../shared/conformance/assets/tiles"
        let mbtiles = "\(folder)/terrain.mbtiles"
        var sql = """
        CREATE TABLE metadata (name TEXT, value TEXT);
        CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
        INSERT INTO metadata VALUES ('format', 'png'), ('minzoom', '12'), ('maxzoom', '12'), ('name', 'terrain');
        """
        for x in [758, 759] {
            for y in [1608, 1609] {
                sql += "INSERT INTO tiles VALUES (12, \(x), \((1 << 12) - 1 - y), readfile('\(assets)/12-\(x)-\(y).terrain.png'));\n"
            }
        }
        try RasterFixtures.run("sqlite3", [mbtiles, sql])
        try ExternalTool.run("pmtiles-convert", [mbtiles, "\(folder)/terrain.pmtiles"])
        var pngs: [String] = []
        for (name, source) in [("dem-files", #"{"type": "raster-dem", "tiles": ["file:\#(assets)/{z}-{x}-{y}.terrain.png"], "tileSize": 256, "maxzoom": 12}"#),
                               ("dem-mbtiles", #"{"type": "raster-dem", "url": "mbtiles://terrain.mbtiles", "tileSize": 256}"#),
                               ("dem-pmtiles", #"{"type": "raster-dem", "url": "pmtiles://terrain.pmtiles", "tileSize": 256}"#)] {
            let style = "\(folder)/\(name).json"
            try """
            {"version": 8, "sources": {"dem": \(source)},
             "layers": [{"id": "background", "type": "background", "paint": {"background-color": "#ffffff"}},
                        {"id": "relief", "type": "hillshade", "source": "dem"}]}
            """.write(toFile: style, atomically: true, encoding: .utf8)
            try FileManager.default.createDirectory(atPath: RasterFixtures.artifacts, withIntermediateDirectories: true)
            let out = "\(RasterFixtures.artifacts)/archive-\(name).png"
            // The corner the four tiles share, at zoom 12.5.
            let warnings = try MapRenderer(data: MapData(stylePath: style)).render(
                MapRequest(width: 256, height: 256, extent: .camera(longitude: -113.291015625, latitude: 35.96022296929667, zoom: 12.5, bearing: 0)),
                to: out).warnings
            #expect(warnings.isEmpty, "\(name): \(warnings)")
            pngs.append(out)
        }
        for other in pngs[1...] {
            let same = try ImageComparison.compare(actual: other, expected: pngs[0], threshold: 0)
            #expect(same.differingPixels == 0, "\(other) differs from \(pngs[0]) in \(same.differingPixels) pixels")
        }
        // Relief, not a blank map: most pixels are shaded away from the white background.
        let white = "\(folder)/white.png"
        try RasterFixtures.run("gdal_create", ["-q", "-of", "PNG", "-outsize", "256", "256", "-bands", "4", "-ot", "Byte",
                                              "-burn", "255", "-burn", "255", "-burn", "255", "-burn", "255", white])
        let shaded = try ImageComparison.compare(actual: pngs[0], expected: white, threshold: 4)
        #expect(shaded.differingFraction > 0.5, "only \(shaded.differingPixels) pixels are shaded")
    }

    /// A batch resumed after the imagery archive changed draws its maps again: the archive is
    /// among the inputs `--resume` compares.
    @Test func resumeRedrawsMapsWhenTheArchiveChanges() throws {
        let (folder, _) = try Self.fixtures.get()
        let dir = try ScratchDirectory.make("raster-archive-resume")
        try FileManager.default.copyItem(atPath: "\(folder)/pattern.mbtiles", toPath: "\(dir)/imagery.mbtiles")
        let style = try Self.style(#"{"type": "raster", "url": "mbtiles://imagery.mbtiles", "tileSize": 256}"#, in: dir, name: "style")
        let jobs = (0..<2).map { i in
            MapJob(output: "\(dir)/maps/m\(i).png", format: .png, request: Self.request, id: .number(Double(i)))
        }
        func run(resume: Bool) throws -> BatchSummary {
            let runner = try BatchRunner(data: MapData(stylePath: style), stylePath: style, jobs: jobs,
                                         manifestPath: Manifest.defaultPath(for: jobs.map(\.output), shard: nil), version: "test")
            return try runner.run(jobs, resume: resume) { _ in }
        }
        #expect(try run(resume: false).rendered == 2)
        #expect(try run(resume: true).skipped == 2)
        // The imagery updated in place: a tile replaced by its parent's.
        try RasterFixtures.run("sqlite3", ["\(dir)/imagery.mbtiles", "DELETE FROM tiles WHERE zoom_level = 13 AND rowid = (SELECT min(rowid) FROM tiles WHERE zoom_level = 13)"])
        let again = try run(resume: true)
        #expect(again.rendered == 2 && again.skipped == 0, "\(again)")
    }
}
