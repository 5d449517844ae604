import ArgumentParser
import Cartouche
import Foundation
import GDALSource
import Raster
import Tiles

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Summarise GeoJSON files, datasets, tile sets, databases and rasters: features, geometry types, extent, CRS, fields; a raster's size, bands and resolution.",
        discussion: """
        Like `ogrinfo -so`. A file that cannot be read is reported on stderr and the others \
        are still summarised; the exit status is then 1. Features that GeoJSON does not \
        allow (an unclosed ring, a line of one position, ...) are skipped and counted, with \
        one warning per file, unless --strict makes them errors. Any other file or folder \
        (GeoPackage, Shapefile, FlatGeobuf, File Geodatabase, GeoJSONSeq, KML, GPX, CSV) is \
        opened with GDAL and each layer is listed: feature count, geometry type, CRS, extent, \
        text encoding (Shapefiles) and fields with their types.

        A PostgreSQL connection string (postgresql://USER@HOST:PORT/DB, or libpq's \
        "host=… dbname=…") lists the database's tables and views with geometry: geometry \
        column and type, SRID, row count and extent. A PMTiles or MBTiles file lists its \
        zooms, bounds, tile count, and layers with their fields (vector tiles) or the \
        image format and tile size in pixels (raster tiles).
        """
    )

    @Argument(help: "GeoJSON files, datasets GDAL reads, rasters (.tif, .jp2, .vrt, ...), PMTiles/MBTiles files, or PostgreSQL connection strings.")
    var files: [String]

    @Flag(help: "Print JSON: an object per file (keys file, features, skipped, geometryTypes, bbox, positions, properties); an array for several files.")
    var json = false

    @Flag(help: "Fail on the first feature that GeoJSON does not allow, instead of skipping it.")
    var strict = false

    @Option(name: .customLong("password-env"), help: "For a database: the environment variable holding the password (else PGPASSWORD or ~/.pgpass).")
    var passwordEnv: String?

    func run() throws {
        var reports: [JSONValue] = []
        var failed = false
        for file in files {
            do {
                if let summary = try storeSummary(file) {
                    if json { reports.append(summary.json) } else { print(summary.text) }
                    continue
                }
            } catch {
                printError("cartouche: error: \(error)")
                failed = true
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

    /// The summary of a store that is not a GeoJSON file (a database, a tile set, a
    /// dataset GDAL reads), as text and JSON; nil for a GeoJSON file.
    func storeSummary(_ file: String) throws -> (text: String, json: JSONValue)? {
        if ConnectionInfo.isConnectionString(file) {
            let summary = try DatabaseSummary(connection: file, passwordVariable: passwordEnv)
            return (summary.text, summary.json)
        }
        if TileSetSummary.handles(file) {
            var summary = try TileSetSummary(path: file)
            summary.measureTiles()
            return (summary.text(), summary.json())
        }
        if GDALRaster.looksLikeRaster(file) {
            let raster = try GDALRaster(path: file)
            return (raster.infoText, raster.infoJSON)
        }
        if !Self.isGeoJSON(file) {
            let summary = try GDALDatasetSummary(GDALVectorDataset(path: file, requireCRS: false))
            return (summary.text(), summary.json())
        }
        return nil
    }

    /// GeoJSON files go to Cartouche's own reader; everything else to GDAL.
    static func isGeoJSON(_ file: String) -> Bool {
        let lower = file.lowercased()
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), isFolder.boolValue { return false }
        return lower.hasSuffix(".geojson") || lower.hasSuffix(".json") || !FileManager.default.fileExists(atPath: file)
    }
}
