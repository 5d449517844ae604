import Foundation

/// The Yuanhui styles turned into styles of one PostGIS `vector` source, each layer's
/// GeoJSON source becoming a `source-layer` (a table of the same name).
enum PostGISStyles {
    static let root = PostgresCluster.root
    /// The environment variable the test styles name in `cartouche:password-env`.
    static let passwordVariable = "CARTOUCHE_TEST_PGPASSWORD"

    /// `Styles/<name>.json` with its sources replaced by `district`: `url` and `metadata`.
    static func style(_ name: String = "yuanhui", url: String, metadata: String? = nil) throws -> String {
        var text = try String(contentsOfFile: "\(root)/Styles/\(name).json", encoding: .utf8)
        for id in PostgresCluster.layers {
            text = text.replacingOccurrences(of: "\"source\": \"\(id)\"", with: "\"source\": \"district\", \"source-layer\": \"\(id)\"")
        }
        let start = text.range(of: "\"sources\": {")!, end = text.range(of: "\"layers\": [")!
        let meta = metadata ?? "{\"cartouche:password-env\": \"\(passwordVariable)\"}"
        let sources = "\"sources\": {\"district\": {\"type\": \"vector\", \"url\": \"\(url)\", \"metadata\": \(meta)}},\n  "
        text.replaceSubrange(start.lowerBound..<end.lowerBound, with: sources)
        return text
    }

    /// Writes a style into `dir` (beside nothing it needs: the data is in the database).
    static func write(_ text: String, in dir: String, name: String = "style.json") throws -> String {
        let path = "\(dir)/\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
