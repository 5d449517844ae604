import ArgumentParser
import Cartouche

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a style to a PNG, SVG or PDF file (the format follows the extension).",
        discussion: """
        The extent comes from the style's center, zoom and bearing (MapLibre's defaults \
        [0, 0], 0 and 0 when absent), unless --bbox or --fit is given. Zoom keeps its \
        MapLibre meaning in every CRS: the zoom with the same ground resolution at the map \
        centre as in Web Mercator.
        """
    )

    @Argument(help: "The style JSON file (MapLibre Style Specification v8).")
    var style: String

    @OptionGroup var sources: SourceOptions

    @Option(name: .shortAndLong, help: "Output file: .png, .svg or .pdf.")
    var output: String

    @Option(help: "Width in CSS pixels.")
    var width: Double = 1024

    @Option(help: "Height in CSS pixels.")
    var height: Double = 768

    @Option(name: .customLong("pixel-ratio"), help: "Device pixels per CSS pixel (2 for a high-resolution PNG).")
    var pixelRatio: Double = 1

    @Option(help: "Map CRS: EPSG:4547, an OGC URN or URL, WKT, PROJJSON or a PROJ string. Default: the style's \"cartouche:crs\", else EPSG:3857.")
    var crs: String?

    @Option(parsing: .unconditional, help: "Show this longitude/latitude box: minLon,minLat,maxLon,maxLat.")
    var bbox: String?

    @Flag(help: "Fit the map to all of the style's data.")
    var fit = false

    @Option(help: "Padding around the data with --fit, in CSS pixels.")
    var padding: Double = 20

    @Option(name: .customLong("max-feature-points"), help: "Skip (with a warning) a feature with more positions than this (default 10000000).")
    var maxFeaturePoints: Int = GeoJSONOptions.defaultMaxPointsPerFeature

    @Option(name: .customLong("max-pixels"), help: "Refuse a PNG larger than this many device pixels (default 100000000).")
    var maxPixels: Int = ImageLimit.defaultMaxPixels

    @Option(help: "A page layout (JSON) to draw the map on a report page with title, legend, scale bar, north arrow, grid and inset; the page sets the size.")
    var layout: String?

    mutating func validate() throws {
        guard OutputFormat(path: output) != nil else {
            throw ValidationError("\(output): unknown output format; use a .png, .svg or .pdf file name")
        }
        guard width > 0, height > 0, width <= 20000, height <= 20000 else {
            throw ValidationError("--width and --height must be between 1 and 20000 CSS pixels")
        }
        guard pixelRatio > 0, pixelRatio <= 8 else { throw ValidationError("--pixel-ratio must be between 0 and 8") }
        guard maxFeaturePoints > 0 else { throw ValidationError("--max-feature-points must be a positive number") }
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be a positive number of pixels") }
        if bbox != nil && fit { throw ValidationError("use either --bbox or --fit, not both") }
        if let bbox { _ = try parseBox(bbox) }
    }

    func parseBox(_ text: String) throws -> Box { try Self.parseBox(text) }

    static func parseBox(_ text: String) throws -> Box {
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, let w = parts[0], let s = parts[1], let e = parts[2], let n = parts[3], w < e, s < n else {
            throw ValidationError("--bbox expects minLon,minLat,maxLon,maxLat with min < max, found \"\(text)\"")
        }
        return Box(minX: w, minY: s, maxX: e, maxY: n)
    }

    func run() throws {
        try reportingErrors {
            var timings = PhaseTimings()
            let data = try timings.measure("load") { try MapData(stylePath: style, options: GeoJSONOptions(maxPointsPerFeature: maxFeaturePoints),
                                                                   lenientSources: sources.lenient) }
            var request = MapRequest(width: width, height: height, pixelRatio: pixelRatio, crs: try crs.map { try CRS($0) })
            request.maxPixels = maxPixels
            if let bbox { request.extent = .boundingBox(try parseBox(bbox)) }
            if fit { request.extent = .fitData(padding: padding) }
            let renderer = MapRenderer(data: data)
            // Fail on a bad CRS or page layout before any work.
            _ = try renderer.crs(for: request)
            let page = try layout.map { try LayoutParser.load(path: $0) }
            let result = try renderer.render(request, to: output, layout: page, timed: timingsAsked)
            for warning in data.warnings + result.warnings { printError("cartouche: warning: \(warning)") }
            timings.add(result.timings)
            printTimingsIfAsked(timings)
        }
    }
}

import Foundation
