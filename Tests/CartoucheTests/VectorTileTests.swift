import Foundation
import Geometry
import Render
import Testing
import TestSupport
@testable import Cartouche
@testable import Tiles

/// Vector tile basemaps as a user meets them: an MBTiles written by GDAL's MVT driver and a
/// PMTiles converted from it by the `pmtiles` package draw the same map, the map the same
/// data draws from GeoJSON, in Web Mercator and in another CRS; bad files stop the render
/// with one line, bad tiles are skipped with a warning naming z/x/y.
@Suite("Vector tiles", .serialized)
struct VectorTileTests {
    static let helsinki = "\(CommandLineTests.root)/../shared/data/bench/helsinki"
    static let layers = ["water", "landuse", "roads", "buildings"]

    /// Runs a tool of the test setup; its absence is a failure that says what to install.
    static func tool(_ name: String, _ arguments: [String]) throws {
        try ExternalTool.run(name, arguments)
    }

    static let fixtures: Result<String, Error> = Result {
        let dir = try ScratchDirectory.make("tiles")
        let vrt = "<OGRVRTDataSource>" + layers.map {
            "<OGRVRTLayer name=\"\($0)\"><SrcDataSource>\(helsinki)/\($0).geojson</SrcDataSource></OGRVRTLayer>"
        }.joined() + "</OGRVRTDataSource>"
        try vrt.write(toFile: "\(dir)/helsinki.vrt", atomically: true, encoding: .utf8)
        let options = ["-dsco", "MINZOOM=12", "-dsco", "MAXZOOM=14", "-dsco", "MAX_SIZE=200000000", "-dsco", "MAX_FEATURES=100000000"]
        try tool("ogr2ogr", ["-f", "MBTILES", "\(dir)/helsinki.mbtiles", "\(dir)/helsinki.vrt"] + options)
        try tool("pmtiles-convert", ["\(dir)/helsinki.mbtiles", "\(dir)/helsinki.pmtiles"])
        try tool("ogr2ogr", ["-f", "MVT", "\(dir)/folder", "\(dir)/helsinki.vrt", "-dsco", "FORMAT=DIRECTORY", "-dsco", "COMPRESS=NO"] + options)
        return dir
    }

    static func style(source: String) -> String {
        """
        {"version": 8, "sources": {"osm": \(source)}, "layers": [
          {"id": "bg", "type": "background", "paint": {"background-color": "#f4f1ea"}},
          {"id": "landuse", "type": "fill", "source": "osm", "source-layer": "landuse",
           "paint": {"fill-color": ["match", ["get", "class"], ["park", "grass"], "#b5dca0", "#e0d8c8"]}},
          {"id": "water", "type": "fill", "source": "osm", "source-layer": "water", "paint": {"fill-color": "#6fa8dc"}},
          {"id": "landuse-outline", "type": "line", "source": "osm", "source-layer": "landuse",
           "paint": {"line-color": "#3d6b2f", "line-width": 1.5}},
          {"id": "buildings", "type": "fill", "source": "osm", "source-layer": "buildings",
           "paint": {"fill-color": "#9a8f86", "fill-outline-color": "#4a3f36"}},
          {"id": "roads", "type": "line", "source": "osm", "source-layer": "roads",
           "paint": {"line-color": "#c03020", "line-width": 2}}
        ]}
        """
    }

    static func geojsonStyle() -> String {
        let sources = layers.map { "\"\($0)\": {\"type\": \"geojson\", \"data\": \"\(helsinki)/\($0).geojson\"}" }.joined(separator: ", ")
        var text = style(source: "{\"type\": \"geojson\", \"data\": \"\(helsinki)/water.geojson\"}")
        text = text.replacingOccurrences(of: "\"osm\": {\"type\": \"geojson\", \"data\": \"\(helsinki)/water.geojson\"}", with: sources)
        for l in layers { text = text.replacingOccurrences(of: "\"source\": \"osm\", \"source-layer\": \"\(l)\"", with: "\"source\": \"\(l)\"") }
        return text
    }

    static func data(_ style: String, in dir: String) throws -> MapData {
        try MapData(style: StyleParser.parse(JSONParser.parse(style), baseDirectory: dir))
    }

    /// Central Helsinki at zoom 14.6 (z14 tiles, several of them across the map).
    static func request(crs: String? = nil) -> MapRequest {
        var r = MapRequest(width: 640, height: 480, crs: crs.map { try! CRS($0) })
        r.extent = .camera(longitude: 24.9443, latitude: 60.1716, zoom: 14.6, bearing: 0)
        return r
    }

    @Test func mbtilesAndPMTilesFromIndependentToolsGiveTheSamePixels() throws {
        let dir = try Self.fixtures.get()
        let mb = try MapRenderer(data: Self.data(Self.style(source: #"{"type": "vector", "url": "mbtiles://helsinki.mbtiles"}"#), in: dir))
            .render(Self.request(), format: .png).bytes
        let pm = try MapRenderer(data: Self.data(Self.style(source: #"{"type": "vector", "url": "pmtiles://helsinki.pmtiles"}"#), in: dir))
            .render(Self.request(), format: .png).bytes
        let folder = try MapRenderer(data: Self.data(Self.style(source: #"{"type": "vector", "tiles": ["folder/{z}/{x}/{y}.pbf"], "maxzoom": 14}"#), in: dir))
            .render(Self.request(), format: .png).bytes
        #expect(mb == pm, "the MBTiles and the PMTiles maps differ")
        #expect(mb == folder, "the MBTiles and the tile folder maps differ")
    }

    /// Tiles are stitched without seams and land where the data is (polygons' outlines do
    /// not run along the tile edges where the tiles cut them): the map from tiles
    /// matches the map from the GeoJSON the tiles were made from, but for the tiles'
    /// quantisation (1/8 pixel at z14) and the GeoJSON path's simplification.
    @Test(arguments: [nil, "EPSG:3067"])
    func theTileMapIsTheGeoJSONMap(crs: String?) throws {
        let dir = try Self.fixtures.get()
        let tiles = try Self.data(Self.style(source: #"{"type": "vector", "url": "mbtiles://helsinki.mbtiles"}"#), in: dir)
        let geojson = try Self.data(Self.geojsonStyle(), in: dir)
        let name = crs.map { $0.replacingOccurrences(of: ":", with: "-") } ?? "3857"
        try MapRenderer(data: tiles).render(Self.request(crs: crs), to: "\(dir)/tiles-\(name).png")
        try MapRenderer(data: geojson).render(Self.request(crs: crs), to: "\(dir)/geojson-\(name).png")
        let diff = "\(dir)/diff-\(name).png"
        let result = try ImageComparison.compare(actual: "\(dir)/tiles-\(name).png", expected: "\(dir)/geojson-\(name).png",
                                                 threshold: 48, diffPath: diff)
        // Measured: 0.42 % of pixels differ, on edges; with the polygons' cuts along the tile
        // edges stroked as outlines, 0.81 %.
        print("tile map against GeoJSON map (\(crs ?? "EPSG:3857")): \(result.differingPixels) of \(result.width * result.height) pixels differ")
        #expect(result.differingFraction < 0.006, "\(result.differingPixels) pixels differ (\(crs ?? "EPSG:3857")); see \(diff)")
    }

    @Test func decodedTilesAreCachedAcrossMaps() throws {
        let dir = try Self.fixtures.get()
        let data = try Self.data(Self.style(source: #"{"type": "vector", "url": "pmtiles://helsinki.pmtiles"}"#), in: dir)
        _ = try MapRenderer(data: data).scene(for: Self.request())
        let hits = TileCache.shared.hits, misses = TileCache.shared.misses
        _ = try MapRenderer(data: data).scene(for: Self.request())
        #expect(TileCache.shared.misses == misses, "the second map decoded tiles again")
        #expect(TileCache.shared.hits > hits)
    }

    @Test func aBadTileIsSkippedWithAWarningAndTheMapStillDraws() throws {
        let dir = try Self.fixtures.get()
        let folder = try ScratchDirectory.make("badtile")
        try FileManager.default.copyItem(atPath: "\(dir)/folder/14", toPath: "\(folder)/14")
        // The tile under the map's centre, replaced by bytes that are not a tile.
        let bad = "\(folder)/14/9327/4742.pbf"
        #expect(FileManager.default.fileExists(atPath: bad))
        try Data("<html>502 Bad Gateway</html>".utf8).write(to: URL(fileURLWithPath: bad))
        let data = try Self.data(Self.style(source: #"{"type": "vector", "tiles": ["14/{x}/{y}.pbf"], "minzoom": 14, "maxzoom": 14}"#), in: folder)
        let scene = try MapRenderer(data: data).scene(for: Self.request())
        let warnings = scene.warnings.filter { $0.contains("tile 14/9327/4742") }
        #expect(warnings.count == 4, "one per layer read: \(scene.warnings)")
        #expect(warnings.allSatisfy { $0.contains("not a valid vector tile") && $0.contains("skipped") }, "\(warnings)")
        #expect(scene.layers.contains { $0.id == "roads" }, "the other tiles' roads are drawn")
    }

    @Test func badFilesStopTheRenderWithOneLine() throws {
        let dir = try Self.fixtures.get()
        let work = try ScratchDirectory.make("badfiles")
        let pmtiles = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/helsinki.pmtiles"))
        try pmtiles.prefix(60).write(to: URL(fileURLWithPath: "\(work)/header.pmtiles"))
        try pmtiles.prefix(140).write(to: URL(fileURLWithPath: "\(work)/directory.pmtiles"))
        try Data("not a database at all, just text".utf8).write(to: URL(fileURLWithPath: "\(work)/text.mbtiles"))
        try Self.tool("ogr2ogr", ["-f", "SQLite", "\(work)/notiles.mbtiles", "\(Self.helsinki)/water.geojson"])
        let cases: [(String, [String])] = [
            ("pmtiles://header.pmtiles", ["header.pmtiles", "truncated PMTiles header: 60 bytes"]),
            ("pmtiles://directory.pmtiles", ["directory.pmtiles", "truncated PMTiles root directory"]),
            ("mbtiles://text.mbtiles", ["text.mbtiles", "not a readable MBTiles file"]),
            ("mbtiles://notiles.mbtiles", ["notiles.mbtiles", "has no tiles table"]),
            ("mbtiles://missing.mbtiles", ["missing.mbtiles"]),
        ]
        for (url, fragments) in cases {
            let style = "\(work)/\(url.split(separator: "/").last!).json"
            try Self.style(source: "{\"type\": \"vector\", \"url\": \"\(url)\"}").write(toFile: style, atomically: true, encoding: .utf8)
            let out = "\(work)/out.png"
            let r = try CommandLineTests.run(["render", style, "-o", out])
            #expect(r.status == 1, "\(url): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(url): \(r.stderr)")
            for f in fragments { #expect(r.stderr.contains(f), "\(url): \(r.stderr) should say \(f)") }
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test func infoDescribesATileArchive() throws {
        let dir = try Self.fixtures.get()
        for file in ["helsinki.mbtiles", "helsinki.pmtiles"] {
            let r = try CommandLineTests.run(["info", "\(dir)/\(file)"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("zooms 12–14"), "\(r.stdout)")
            for layer in Self.layers { #expect(r.stdout.contains(layer), "\(file): \(layer) in \(r.stdout)") }
            #expect(r.stdout.contains("highway"), "the roads' fields: \(r.stdout)")
            #expect(r.stdout.contains("tiles"), "\(r.stdout)")
        }
    }
}
