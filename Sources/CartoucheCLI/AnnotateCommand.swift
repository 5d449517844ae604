import ArgumentParser
import Cartouche

struct AnnotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Put numbered projects on a map page: markers coloured by category, callouts, a table and a key.",
        discussion: """
        Projects come from a CSV file or GeoJSON points. A CSV file may be UTF-8 (with or \
        without a byte order mark), UTF-16 with a byte order mark (Excel's "Unicode text"), \
        or GBK/GB18030 (Excel's "CSV" on Chinese Windows: read when the file is not UTF-8, \
        with a notice); --encoding names another (Big5, ...). CSV columns are found by name (lon/lng/longitude/x/经度, lat/latitude/y/纬度, \
        name/名称, category/类别, number/编号) unless named with the options. Rows that \
        cannot be used are reported with their line numbers and skipped; --strict stops \
        at the first. Categories are coloured with the default palette (ColorBrewer Set1) \
        in order of appearance, or as --palette says.

        Coordinates picked on Chinese web maps are not WGS84: Amap (高德), Tencent (腾讯) \
        and Google or Apple maps in China give GCJ-02, Baidu (百度) gives BD-09. Plotted as \
        WGS84 they land 300-600 m off; say which with --input-crs GCJ-02 or --input-crs \
        BD-09 (also gcj02, bd09). GPS receivers and Tianditu (天地图) give WGS84/CGCS2000 \
        longitude/latitude, the default.

        Example:
          cartouche annotate Styles/yuanhui.json --projects GeoData/yuanhui/projects.csv \\
              -o projects.pdf --title "源汇区2024年重点项目" --columns status,investment \\
              --hide projects,project-labels
          cartouche annotate Styles/yuanhui.json --projects GeoData/yuanhui/projects-gcj02.csv \\
              --input-crs GCJ-02 -o projects.png
        """
    )

    @Argument(help: "The base map's style.")
    var style: String

    @OptionGroup var sources: SourceOptions

    @Option(help: "Projects: a .csv or .geojson file.")
    var projects: String

    @Option(name: .shortAndLong, help: "Output page: .png, .svg or .pdf.")
    var output: String

    @Option(name: .customLong("max-pixels"), help: "Refuse a PNG page larger than this many device pixels (default 100000000).")
    var maxPixels: Int = ImageLimit.defaultMaxPixels

    @Option(help: "Page title.")
    var title: String = "项目分布图 Project locations"

    @Option(help: "A page layout; its table and categories elements show the projects (default: A4 landscape, table on the right).")
    var layout: String?

    @Option(help: "Extra columns to show in the table, comma separated.")
    var columns: String?

    @Option(help: "Category colours: CATEGORY=COLOUR pairs, comma separated.")
    var palette: String?

    @Option(help: "Category icons: CATEGORY=ICON pairs, comma separated; ICON is an image of the style's sprite or cartouche:icons folder.")
    var icons: String?

    @Option(name: .customLong("lon-column"), help: "Column of longitudes (or x with --input-crs).")
    var lonColumn: String?

    @Option(name: .customLong("lat-column"), help: "Column of latitudes (or y with --input-crs).")
    var latColumn: String?

    @Option(name: .customLong("name-column"), help: "Column of project names.")
    var nameColumn: String?

    @Option(name: .customLong("category-column"), help: "Column of categories.")
    var categoryColumn: String?

    @Option(name: .customLong("number-column"), help: "Column of project numbers (default: 1, 2, 3 in file order).")
    var numberColumn: String?

    @Option(name: .customLong("input-crs"), help: "CRS of the project coordinates when they are not WGS84 longitude/latitude: GCJ-02 (Amap/高德, Tencent), BD-09 (Baidu/百度), or a projected CRS such as EPSG:4547.")
    var inputCRS: String?

    @Option(help: "Encoding of a CSV file (UTF-8, GB18030, GBK, Big5, UTF-16, ...). Default: UTF-8, or UTF-16 with a byte order mark, else GB18030.")
    var encoding: String?

    @Option(help: "Map CRS (default: the style's).")
    var crs: String?

    @Option(parsing: .unconditional, help: "Show this longitude/latitude box instead of fitting the projects: minLon,minLat,maxLon,maxLat.")
    var bbox: String?

    @Option(help: "Style layers to leave out of the base map (its own project markers, say), comma separated.")
    var hide: String?

    @Flag(help: "Stop at the first row that cannot be used instead of skipping it.")
    var strict = false

    func run() throws {
        try reportingErrors {
            guard OutputFormat(path: output) != nil else {
                throw ValidationError("\(output): unknown output format; use a .png, .svg or .pdf file name")
            }
            var timings = PhaseTimings()
            let data = try timings.measure("load") { try MapData(stylePath: style, lenientSources: sources.lenient) }
            let renderer = MapRenderer(data: data)
            var request = MapRequest(crs: try crs.map { try CRS($0) })
            request.maxPixels = maxPixels
            if let bbox { request.extent = .boundingBox(try RenderCommand.parseBox(bbox)) }
            let mapCRS = try renderer.crs(for: request)
            let read = try ProjectReader.read(
                path: projects,
                columns: ProjectColumns(longitude: lonColumn, latitude: latColumn, name: nameColumn, category: categoryColumn,
                                        number: numberColumn),
                crs: try inputCRS.map { try CRS($0) }, mapCRS: mapCRS, strict: strict,
                encoding: try encoding.map { try TextEncoding(name: $0) } ?? .automatic,
                notice: { printError("cartouche: notice: \($0)") })
            for problem in read.problems { printError("cartouche: skipped \(OptionHints.message(problem))") }
            guard !read.projects.isEmpty else { throw ProjectInputError(file: projects, "no usable projects") }
            let page = try layout.map { try LayoutParser.load(path: $0) } ?? MapRenderer.defaultAnnotationLayout
            let extra = columns?.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } ?? []
            let annotated = try renderer.annotate(read.projects, layout: page, request: request,
                                                  palette: try CategoryPalette(spec: palette), columns: extra, title: title,
                                                  hiddenLayers: Set(hide?.split(separator: ",").map(String.init) ?? []),
                                                  icons: try Self.parseIcons(icons), timed: timingsAsked)
            timings.add(annotated.timings)
            let format = OutputFormat(path: output)!
            let bytes = try timings.measure("encode") {
                try renderer.encode(annotated.scene, format: format, title: title, maxPixels: maxPixels)
            }
            try timings.measure("write") { try AtomicFile.write(bytes, to: output) }
            for i in annotated.placement.unplaced {
                let p = read.projects[i]
                printError("cartouche: warning: no room for the callout of project \(p.number) (\(p.name)); it is numbered on the map and listed in the table")
            }
            for warning in data.warnings + annotated.scene.warnings { printError("cartouche: warning: \(warning)") }
            printTimingsIfAsked(timings)
        }
    }
}

import Foundation

extension AnnotateCommand {
    /// `CATEGORY=ICON,...`.
    static func parseIcons(_ spec: String?) throws -> [String: String] {
        var icons: [String: String] = [:]
        for pair in (spec ?? "").split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--icons: expected CATEGORY=ICON pairs separated by commas, found \"\(pair)\"")
            }
            icons[parts[0]] = parts[1]
        }
        return icons
    }
}
