import Foundation
import Testing
import TestSupport

/// Broken datasets, each made by `ogr2ogr` and then damaged, through the `cartouche`
/// executable: one line naming the file, the layer and what is wrong; exit 1; no map.
@Suite("GDAL bad input")
struct GDALBadInputTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        /// Makes the dataset in the folder; returns its url and the layer the style draws.
        var make: @Sendable (_ dir: String) throws -> (url: String, layer: String)
        var expected: [String]
        var description: String { name }
    }

    static func ogr2ogr(_ arguments: [String]) throws { try GDALFixtures.gdal("ogr2ogr", arguments) }

    static func edit(_ path: String, _ change: (inout Data) -> Void) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        change(&data)
        try data.write(to: URL(fileURLWithPath: path))
    }

    static let cases: [Case] = [
        Case(name: "truncated .shp", make: { dir in
            try ogr2ogr(["-f", "ESRI Shapefile", "\(dir)/roads.shp", GDALFixtures.geojson("roads"), "-lco", "ENCODING=UTF-8"])
            try edit("\(dir)/roads.shp") { $0 = $0.prefix($0.count / 2) }
            return ("roads.shp", "roads")
        }, expected: ["roads.shp: layer \"roads\": ", "from .shp file"]),
        Case(name: "corrupt .dbf", make: { dir in
            try ogr2ogr(["-f", "ESRI Shapefile", "\(dir)/roads.shp", GDALFixtures.geojson("roads"), "-lco", "ENCODING=UTF-8"])
            try edit("\(dir)/roads.dbf") { $0.replaceSubrange(0..<32, with: Data(repeating: 0xFF, count: 32)) }
            return ("roads.shp", "roads")
        }, expected: ["roads.shp: layer \"roads\": roads.dbf is not a dBASE file GDAL can read"]),
        Case(name: "truncated .gpkg", make: { dir in
            try ogr2ogr(["-f", "GPKG", "\(dir)/d.gpkg", GDALFixtures.geojson("roads"), "-nln", "roads"])
            try edit("\(dir)/d.gpkg") { $0 = $0.prefix($0.count / 3) }
            return ("d.gpkg", "roads")
        }, expected: ["/sources/d/url: d.gpkg: database disk image is malformed"]),
        Case(name: "truncated .fgb", make: { dir in
            try ogr2ogr(["-f", "FlatGeobuf", "\(dir)/roads.fgb", GDALFixtures.geojson("roads")])
            try edit("\(dir)/roads.fgb") { $0 = $0.prefix($0.count * 2 / 3) }
            return ("roads.fgb", "roads")
        }, expected: ["roads.fgb: layer \"roads\": Fatal error parsing feature"]),
        Case(name: "missing layer", make: { dir in
            try ogr2ogr(["-f", "GPKG", "\(dir)/d.gpkg", GDALFixtures.geojson("roads"), "-nln", "roads"])
            return ("d.gpkg", "road")
        }, expected: ["/layers/0/source-layer: d.gpkg has no layer \"road\"; it has roads"]),
        Case(name: "unsupported geometry", make: { dir in
            try "WKT,name\n\"TIN Z (((113.9 33.5 0,113.9 33.6 0,114 33.5 0,113.9 33.5 0)))\",a\n".write(toFile: "\(dir)/tin.csv", atomically: true, encoding: .utf8)
            try ogr2ogr(["-f", "GPKG", "\(dir)/tin.gpkg", "\(dir)/tin.csv", "-a_srs", "EPSG:4326", "-nlt", "TIN", "-nln", "tin"])
            return ("tin.gpkg", "tin")
        }, expected: ["tin.gpkg: layer \"tin\": feature 1: geometry of type TIN, which maps cannot draw"]),
        Case(name: "mixed encodings", make: { dir in
            try ogr2ogr(["-f", "ESRI Shapefile", "\(dir)/places.shp", GDALFixtures.geojson("places"), "-lco", "ENCODING=GBK"])
            // The first name rewritten in UTF-8 in a DBF whose .cpg says GBK.
            try edit("\(dir)/places.dbf") { data in
                let gbk = Data([0xBF, 0xD5, 0xDA, 0xA3, 0xB9, 0xF9, 0xD5, 0xF2])  // 空冢郭镇
                let utf8 = Data("空冢".utf8) + Data("  ".utf8)
                let at = data.range(of: gbk)!
                data.replaceSubrange(at.lowerBound..<(at.lowerBound + utf8.count), with: utf8)
            }
            return ("places.shp", "places")
        }, expected: ["places.shp: layer \"places\": feature 0: field \"name\": UTF-8 text in a file that declares GBK (mixed encodings)"]),
        Case(name: "a folder of something else", make: { dir in
            try FileManager.default.createDirectory(atPath: "\(dir)/notes", withIntermediateDirectories: true)
            try "hello".write(toFile: "\(dir)/notes/a.txt", atomically: true, encoding: .utf8)
            return ("notes", "a")
        }, expected: ["/sources/d/url: notes: a folder with no datasets GDAL reads"]),
        Case(name: "no CRS", make: { dir in
            try ogr2ogr(["-f", "ESRI Shapefile", "\(dir)/places.shp", GDALFixtures.geojson("places"), "-lco", "ENCODING=UTF-8"])
            try FileManager.default.removeItem(atPath: "\(dir)/places.prj")
            return ("places.shp", "places")
        }, expected: ["places.shp: layer \"places\": no CRS", "\"cartouche:crs\""]),
        Case(name: "not a dataset", make: { dir in
            try "not a geopackage".write(toFile: "\(dir)/x.gpkg", atomically: true, encoding: .utf8)
            return ("x.gpkg", "x")
        }, expected: ["/sources/d/url: x.gpkg: not a vector dataset GDAL reads"]),
    ]

    @Test(arguments: cases)
    func aBrokenDatasetStopsTheMapWithOneLine(_ c: Case) throws {
        let dir = try ScratchDirectory.make("gdal-bad")
        let (url, layer) = try c.make(dir)
        let style = """
        {"version": 8, "sources": {"d": {"type": "vector", "url": "file:\(url)"}}, "center": [113.95, 33.53], "zoom": 11,
         "layers": [{"id": "l", "type": "symbol", "source": "d", "source-layer": "\(layer)",
                     "layout": {"text-field": ["get", "name"], "text-font": ["Noto Sans CJK SC Regular"]}}]}
        """
        try style.write(toFile: "\(dir)/style.json", atomically: true, encoding: .utf8)
        let output = "\(dir)/map.png"
        let r = try CommandLineTests.run(["render", "\(dir)/style.json", "-o", output])
        #expect(r.status == 1, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stderr)")
        for fragment in c.expected { #expect(r.stderr.contains(fragment), "\(r.stderr) should say \(fragment)") }
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
