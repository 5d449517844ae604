import CGDAL
import Geometry
import JSON

/// What `cartouche info` says about a dataset GDAL opens, as `ogrinfo -so -al` does: each
/// layer's feature count, geometry type, CRS, extent and fields with their types.
public struct GDALDatasetSummary: Sendable {
    /// One layer: what GDAL says of it, and how many features it holds.
    public struct Layer: Sendable {
        /// The layer's CRS, extent, geometry type and fields.
        public var info: GDALLayerInfo
        /// The number of features, counted when the summary was made.
        public var featureCount: Int
    }

    /// The dataset's path, as it was opened.
    public var file: String
    /// GDAL's short name of the format's driver ("GPKG", "ESRI Shapefile", "FlatGeobuf").
    public var driver: String
    /// The dataset's layers, in GDAL's order.
    public var layers: [Layer]

    /// Counts every layer's features (from the header or index where the format keeps the
    /// count, by reading otherwise).
    public init(_ dataset: GDALVectorDataset) throws {
        file = dataset.name
        driver = dataset.driver
        layers = try dataset.layers.map { Layer(info: $0, featureCount: try dataset.featureCount(of: $0.name)) }
    }

    static func number(_ x: Double) -> String { formatJSONNumber(x) }

    /// The summary as `cartouche info` prints it: the file and driver, then per layer its count,
    /// geometry type, CRS, extent and fields, indented.
    public func text() -> String {
        var lines = ["\(file) (\(driver))"]
        for layer in layers {
            let info = layer.info
            lines.append("  layer \(info.name)")
            lines.append("    features: \(layer.featureCount)")
            lines.append("    geometry type: \(info.geometryType)")
            lines.append("    CRS: " + (info.crs.map { info.crsOrigin == "WKT" ? "\($0.name) (WKT)" : "\($0)" } ?? "none (set \"cartouche:crs\" on the source)"))
            lines.append("    extent: " + (info.extent.map { [$0.minX, $0.minY, $0.maxX, $0.maxY].map(Self.number).joined(separator: ", ") } ?? "none"))
            if let encoding = info.textEncoding { lines.append("    encoding: " + (encoding.isEmpty ? "none declared" : encoding)) }
            lines.append("    fields:" + (info.fields.isEmpty ? " none" : ""))
            for f in info.fields { lines.append("      \(f.name): \(f.type)" + (f.subtype.map { " (\($0))" } ?? "")) }
        }
        return lines.joined(separator: "\n")
    }

    /// `file`, `driver` and `layers`: an array of objects with `name`, `features`,
    /// `geometryType`, `crs`, `extent` ([minX, minY, maxX, maxY] or null) and `fields`
    /// (name → type).
    public func json() -> JSONValue {
        .object([
            "file": .string(file),
            "driver": .string(driver),
            "layers": .array(layers.map { layer in
                let info = layer.info
                var fields = JSONObject()
                for f in info.fields { fields[f.name] = .string(f.type + (f.subtype.map { "(\($0))" } ?? "")) }
                return .object([
                    "name": .string(info.name),
                    "features": .number(Double(layer.featureCount)),
                    "geometryType": .string(info.geometryType),
                    "crs": info.crs.map { .string("\($0)") } ?? .null,
                    "extent": info.extent.map { .array([.number($0.minX), .number($0.minY), .number($0.maxX), .number($0.maxY)]) } ?? .null,
                    "fields": .object(fields),
                ])
            }),
        ])
    }
}
