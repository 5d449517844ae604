import ArgumentParser
import Cartouche
import Tiles

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Summarise GeoJSON files: features by geometry type, bounding box, properties and their types.",
        discussion: """
        Like `ogrinfo -so`. A file that cannot be read is reported on stderr and the others \
        are still summarised; the exit status is then 1. Features that GeoJSON does not \
        allow (an unclosed ring, a line of one position, ...) are skipped and counted, with \
        one warning per file, unless --strict makes them errors.
        """
    )

    @Argument(help: "GeoJSON files, or PMTiles/MBTiles files (zooms, bounds, tile count, layers and fields).")
    var files: [String]

    @Flag(help: "Print JSON: an object per file (keys file, features, skipped, geometryTypes, bbox, positions, properties); an array for several files.")
    var json = false

    @Flag(help: "Fail on the first feature that GeoJSON does not allow, instead of skipping it.")
    var strict = false

    func run() throws {
        var reports: [JSONValue] = []
        var failed = false
        for file in files {
            if TileSetSummary.handles(file) {
                do {
                    let summary = try TileSetSummary(path: file)
                    if json { reports.append(summary.json()) } else { print(summary.text()) }
                } catch {
                    printError("cartouche: error: \(error)")
                    failed = true
                }
                continue
            }
            let document: GeoJSONDocument
            do {
                document = try GeoJSONReader.read(path: file, options: GeoJSONOptions(strict: strict))
            } catch {
                printError("cartouche: error: \(error)")
                failed = true
                continue
            }
            if let warning = document.warning { printError("cartouche: warning: \(file): \(warning)") }
            let summary = LayerSummary(document)
            if json {
                reports.append(summary.json(file: file))
            } else {
                print(summary.text(file: file))
            }
        }
        if json && !reports.isEmpty {
            print(JSONWriter(indent: 2).string(files.count == 1 ? reports[0] : .array(reports)))
        }
        if failed { throw ExitCode.failure }
    }
}
