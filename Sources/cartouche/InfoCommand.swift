import ArgumentParser
import Cartouche

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Summarise GeoJSON files (features by geometry type, bounding box, properties and their types) and rasters (size, bands, CRS, extent, resolution, overviews).",
        discussion: """
        Like `ogrinfo -so`. A file that cannot be read is reported on stderr and the others \
        are still summarised; the exit status is then 1. Features that GeoJSON does not \
        allow (an unclosed ring, a line of one position, ...) are skipped and counted, with \
        one warning per file, unless --strict makes them errors.
        """
    )

    @Argument(help: "GeoJSON files, or rasters GDAL reads (.tif, .jp2, .vrt, ...).")
    var files: [String]

    @Flag(help: "Print JSON: an object per file (keys file, features, skipped, geometryTypes, bbox, positions, properties); an array for several files.")
    var json = false

    @Flag(help: "Fail on the first feature that GeoJSON does not allow, instead of skipping it.")
    var strict = false

    func run() throws {
        var reports: [JSONValue] = []
        var failed = false
        for file in files {
            if GDALRaster.looksLikeRaster(file) {
                do {
                    let raster = try GDALRaster(path: file)
                    if json { reports.append(raster.infoJSON) } else { print(raster.infoText) }
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
