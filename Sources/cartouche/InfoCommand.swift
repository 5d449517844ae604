import ArgumentParser
import Cartouche

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Summarise GeoJSON files: features by geometry type, bounding box, properties and their types."
    )

    @Argument(help: "GeoJSON files.")
    var files: [String]

    @Flag(help: "Print JSON (keys: file, features, geometryTypes, bbox, properties).")
    var json = false

    func run() throws {
        try reportingErrors {
            var reports: [JSONValue] = []
            for file in files {
                let document = try GeoJSONReader.read(path: file)
                let summary = LayerSummary(document.table)
                if json {
                    reports.append(summary.json(file: file, skipped: document.skipped.count))
                } else {
                    print(summary.text(file: file, skipped: document.skipped.count))
                }
            }
            if json {
                print(JSONWriter(indent: 2).string(files.count == 1 ? reports[0] : .array(reports)))
            }
        }
    }
}
