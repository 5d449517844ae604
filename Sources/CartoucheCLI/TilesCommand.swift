import ArgumentParser
import Cartouche
import Geometry
import TilePyramids

struct TilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiles",
        abstract: "Pre-render a raster tile pyramid (Web Mercator, 256-pixel PNG tiles) drawn as metatiles.",
        discussion: """
        The output's form follows its name: OUT.mbtiles (MBTiles 1.3, SQLite), OUT.pmtiles \
        (PMTiles v3), anything else a folder of z/x/y.png. Tiles are drawn a metatile \
        (--metatile N × N tiles) at a time on all cores, so labels neither break at tile \
        edges nor repeat. A file is written under a temporary name and renamed when complete; \
        --resume continues an interrupted run, skipping the metatiles already stored, and \
        --shard I/N renders every Nth metatile (for several machines; give each its own -o \
        unless the output is a folder).

        Example: cartouche tiles Styles/yuanhui.json --bbox 113.78,33.44,114.05,33.62 --zooms 10-15 -o yuanhui.mbtiles
        """
    )

    @Argument(help: "The style file.")
    var style: String

    @Option(parsing: .unconditional, help: "Longitude/latitude box: minLon,minLat,maxLon,maxLat. Default: the data's extent.")
    var bbox: String?

    @Option(help: "Zoom levels, e.g. 10-16 or 12.")
    var zooms: String

    @Option(name: .shortAndLong, help: "OUT.mbtiles, OUT.pmtiles or a folder.")
    var output: String

    @Option(help: "Tiles on a side of a metatile. Default 4.")
    var metatile: Int = 4

    @Option(help: "2 for 512-pixel (@2x) tiles. Default 1.")
    var scale: Int = 1

    @Flag(help: "Continue an interrupted run: metatiles whose tiles are all stored are skipped.")
    var resume = false

    @Option(help: "Render only shard I of N: metatiles I, I+N, I+2N, … (I counts from 0).")
    var shard: String?

    func validate() throws {
        if let shard { _ = try Shard(shard) }
        guard (1...16).contains(metatile) else { throw ValidationError("--metatile must be 1 to 16") }
        guard (1...4).contains(scale) else { throw ValidationError("--scale must be 1 to 4") }
    }

    static func zoomRange(_ text: String) throws -> ClosedRange<Int> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let lo = Int(parts[0]), let hi = Int(parts.last!), lo <= hi else {
            throw ValidationError("--zooms expects Z or MIN-MAX with MIN ≤ MAX, found \"\(text)\"")
        }
        return lo...hi
    }

    func run() throws {
        try reportingErrors {
            let zoomRange = try Self.zoomRange(zooms)
            let shard = try shard.map { try Shard($0) }
            let data = try MapData(stylePath: style)
            for warning in data.warnings { printError("cartouche: warning: \(warning)") }
            let box: Box
            if let bbox {
                let v = bbox.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
                guard v.count == 4, let a = v[0], let b = v[1], let c = v[2], let d = v[3] else {
                    throw ValidationError("--bbox expects minLon,minLat,maxLon,maxLat, found \"\(bbox)\"")
                }
                box = Box(minX: a, minY: b, maxX: c, maxY: d)
            } else {
                box = try MapData(stylePath: style).projected(to: .wgs84).bounds
            }
            let pyramid = try TilePyramid(bounds: box, zooms: zoomRange, metatileSize: metatile, scale: scale)
            let sink: any TileSink
            if output.hasSuffix(".mbtiles") {
                sink = try MBTilesFile(path: output, resume: resume)
            } else if output.hasSuffix(".pmtiles") {
                sink = try PMTilesFile(path: output, resume: resume)
            } else {
                sink = try TileDirectory(root: output)
            }
            let renderer = MetatileRenderer(renderer: MapRenderer(data: data), metatileSize: metatile)
            let metadata = TilesetMetadata(name: data.style.name ?? ServerStyleName.of(style), minZoom: zoomRange.lowerBound,
                                           maxZoom: zoomRange.upperBound, bounds: (box.minX, box.minY, box.maxX, box.maxY),
                                           attribution: data.style.metadata["cartouche:attribution"]?.stringValue)
            var lastLine = PhaseTimings.now()
            let report = try pyramid.render(with: renderer, into: sink, shard: shard, resume: resume, metadata: metadata) { done, total in
                // For logs: a line at most once a second.
                let now = PhaseTimings.now()
                if now - lastLine >= 1 {
                    printError("cartouche: \(done)/\(total) metatiles")
                    lastLine = now
                }
            }
            for warning in report.warnings { printError("cartouche: warning: \(warning)") }
            let rate = report.seconds > 0 ? Double(report.tilesWritten) / report.seconds : 0
            var line = "cartouche: wrote \(report.tilesWritten) tiles (\(report.metatilesRendered) metatiles) in \(report.seconds.rounded(toPlaces: 2)) s (\(rate.rounded(toPlaces: 1)) tiles/s)"
            if report.metatilesSkipped > 0 { line += ", \(report.metatilesSkipped) metatiles already stored" }
            printError(line + " to \(output)")
        }
    }
}

enum ServerStyleName {
    static func of(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".json") ? String(name.dropLast(5)) : name
    }
}
