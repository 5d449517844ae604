import Foundation
import JSON
import TestSupport

/// Datasets made from the Yuanhui GeoJSON layers by GDAL's own `ogr2ogr`, once per test
/// process, in a scratch folder: every format a `vector` source may name.
enum GDALFixtures {
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]
    static let layers = YuanhuiSample.layers
    static func geojson(_ layer: String) -> String { "\(root)/GeoData/yuanhui/\(layer).geojson" }

    /// Runs `ogr2ogr` (or another GDAL tool) and fails with its stderr when it fails.
    static func gdal(_ tool: String, _ arguments: [String]) throws {
        try ExternalTool.run(tool, arguments)
    }

    /// One format: how its dataset is made, and which dataset (`url` relative to the
    /// fixtures folder) holds each layer.
    struct Format: Sendable, CustomStringConvertible {
        var name: String
        var make: @Sendable (_ dir: String) throws -> Void
        var url: @Sendable (_ layer: String) -> String
        var metadata: [String: String] = [:]
        var description: String { name }
    }

    /// Every layer into one multi-layer dataset with `driver`.
    static func multiLayer(_ name: String, _ driver: String, file: String, _ options: [String] = []) -> Format {
        Format(name: name, make: { dir in
            for (i, layer) in layers.enumerated() {
                try gdal("ogr2ogr", ["-f", driver, "\(dir)/\(file)", geojson(layer), "-nln", layer] + (i > 0 ? ["-update"] : []) + options)
            }
        }, url: { _ in file })
    }

    /// A dataset per layer, named after it.
    static func perLayer(_ name: String, _ driver: String, ext: String, _ options: [String] = [], metadata: [String: String] = [:]) -> Format {
        Format(name: name, make: { dir in
            try FileManager.default.createDirectory(atPath: "\(dir)/\(name)", withIntermediateDirectories: true)
            for layer in layers { try gdal("ogr2ogr", ["-f", driver, "\(dir)/\(name)/\(layer).\(ext)", geojson(layer)] + options) }
        }, url: { layer in "\(name)/\(layer).\(ext)" }, metadata: metadata)
    }

    static let formats: [Format] = [
        multiLayer("GeoPackage", "GPKG", file: "yuanhui.gpkg"),
        // A folder of Shapefiles is one dataset whose layers are the files; UTF-8 `.cpg`s,
        // `.qix` spatial indexes.
        Format(name: "Shapefile folder", make: { dir in
            try FileManager.default.createDirectory(atPath: "\(dir)/shp", withIntermediateDirectories: true)
            for layer in layers {
                try gdal("ogr2ogr", ["-f", "ESRI Shapefile", "\(dir)/shp/\(layer).shp", geojson(layer), "-lco", "ENCODING=UTF-8", "-lco", "SPATIAL_INDEX=YES"])
            }
        }, url: { _ in "shp" }),
        perLayer("Shapefile", "ESRI Shapefile", ext: "shp", ["-lco", "ENCODING=UTF-8"]),
        // FlatGeobuf's packed R-tree stores features in Hilbert order, which changes the
        // order crossing roads are drawn in: the same scene needs the file's order kept.
        perLayer("FlatGeobuf", "FlatGeobuf", ext: "fgb", ["-lco", "SPATIAL_INDEX=NO"]),
        multiLayer("File Geodatabase", "OpenFileGDB", file: "yuanhui.gdb"),
        // GeoJSON text sequences, written here from the GeoJSON features as they are
        // (ogr2ogr would rewind rings to RFC 7946's order, which moves the boundary's dashes).
        Format(name: "GeoJSONSeq", make: { dir in
            for layer in layers {
                let doc = try JSONParser.parse(contentsOf: geojson(layer))
                let lines = (doc["features"]?.arrayValue ?? []).map { JSONWriter().string($0) }
                try (lines.joined(separator: "\n") + "\n").write(toFile: "\(dir)/\(layer).geojsonl", atomically: true, encoding: .utf8)
            }
        }, url: { layer in "\(layer).geojsonl" }),
        multiLayer("KML", "LIBKML", file: "yuanhui.kml"),
        // WKT geometry, the field types in a `.csvt`; CSV has no CRS.
        perLayer("CSV", "CSV", ext: "csv", ["-lco", "GEOMETRY=AS_WKT", "-lco", "CREATE_CSVT=YES"], metadata: ["cartouche:crs": "EPSG:4326"]),
    ]

    /// The folder holding every format's datasets, made on first use.
    static let folder: Result<String, any Error> = Result {
        let dir = try ScratchDirectory.make("gdal-formats")
        for format in formats { try format.make(dir) }
        return dir
    }

    static func directory() throws -> String { try folder.get() }

    /// The Yuanhui style with its layers drawn from `format`'s datasets: a vector source per
    /// dataset, each layer's `source-layer` the layer it was made from.
    static func style(_ format: Format, folder: String) throws -> String {
        var text = try String(contentsOfFile: "\(root)/Styles/yuanhui.json", encoding: .utf8)
        var sources = JSONObject()
        for layer in layers {
            let url = format.url(layer)
            let id = url.replacingOccurrences(of: "/", with: "_")
            var source: JSONObject = ["type": .string("vector"), "url": .string("file:\(folder)/\(url)")]
            if !format.metadata.isEmpty {
                source["metadata"] = .object(JSONObject(format.metadata.map { JSONObject.Entry(key: $0.key, value: .string($0.value)) }))
            }
            sources[id] = .object(source)
            text = text.replacingOccurrences(of: "\"source\": \"\(layer)\"", with: "\"source\": \"\(id)\", \"source-layer\": \"\(layer)\"")
        }
        let start = text.range(of: "\"sources\": {")!, end = text.range(of: "\"layers\": [")!
        text.replaceSubrange(start.lowerBound..<end.lowerBound, with: "\"sources\": \(JSONWriter().string(.object(sources))),\n  ")
        return text
    }
}
