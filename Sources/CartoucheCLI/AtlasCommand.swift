import ArgumentParser
import Cartouche

struct AtlasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atlas",
        abstract: "One map per feature of a coverage layer: one file per feature, or one multi-page PDF.",
        discussion: """
        Each page is fitted to its feature with a margin; points (and features too small to \
        fill a page) are shown at --point-zoom. The style sees the current feature as \
        ["global-state", "atlas"]: its properties and its id, so a layer can single it out \
        with ["==", ["get", "name"], ["get", "name", ["global-state", "atlas"]]]. The page \
        layout's text and the output name fill {key} from the feature's properties ({id} is \
        the feature id); names are made safe for the file system and unique (-2, -3, …).

        Examples:
          cartouche atlas Styles/yuanhui-atlas.json --coverage places \\
              --filter '["==", ["get", "kind"], "village"]' --sort-by name \\
              --layout Styles/atlas-a4.json -o 'out/atlas/{name}.png'
          cartouche atlas Styles/yuanhui-atlas.json --coverage places \\
              --filter '["==", ["get", "kind"], "village"]' --layout Styles/atlas-a4.json \\
              -o out/villages.pdf --single-pdf
        """
    )

    @Argument(help: "The style JSON file.")
    var style: String

    @OptionGroup var sources: SourceOptions

    @Option(help: "The features to make pages for: a source of the style (its id) or a GeoJSON file.")
    var coverage: String

    @Option(name: .shortAndLong, help: "Output path with {key} placeholders, e.g. 'out/{name}.png'; with --single-pdf, the PDF file.")
    var output: String

    @Flag(help: "Write every page into the one PDF file given by --output.")
    var singlePdf = false

    @Option(help: "Only features for which this expression (JSON) is true, e.g. '[\"==\", [\"get\", \"kind\"], \"village\"]'.")
    var filter: String?

    @Option(help: "Page order: a property name, or an expression (JSON) evaluated per feature.")
    var sortBy: String?

    @Flag(help: "Sort in descending order.")
    var descending = false

    @Option(help: "Map width in CSS pixels (a --layout sets the page instead).")
    var width: Double = JobsFile.defaultWidth

    @Option(help: "Map height in CSS pixels.")
    var height: Double = JobsFile.defaultHeight

    @Option(name: .customLong("pixel-ratio"), help: "Device pixels per CSS pixel.")
    var pixelRatio: Double = 1

    @Option(help: "Map CRS. Default: the style's \"cartouche:crs\", else EPSG:3857.")
    var crs: String?

    @Option(help: "A page layout (JSON): each map on a report page; its text fills {key} from the feature.")
    var layout: String?

    @Option(help: "Space around each feature, as a fraction of its size on each side.")
    var margin: Double = 0.1

    @Option(help: "Zoom for points, and the closest any page zooms in.")
    var pointZoom: Double = 15

    @OptionGroup var runOptions: BatchRunOptions

    mutating func validate() throws {
        if singlePdf {
            guard OutputFormat(path: output) == .pdf else { throw ValidationError("--single-pdf writes a PDF: give --output a .pdf name") }
            guard !FileNameTemplate(output).hasPlaceholders else { throw ValidationError("--single-pdf writes one file: --output takes no {placeholders}") }
            if runOptions.shard != nil { throw ValidationError("--shard splits pages into files of their own; it does not go with --single-pdf") }
        }
        guard width > 0, height > 0, width <= 20000, height <= 20000 else {
            throw ValidationError("--width and --height must be between 1 and 20000 CSS pixels")
        }
        guard pixelRatio > 0, pixelRatio <= 8 else { throw ValidationError("--pixel-ratio must be between 0 and 8") }
        guard margin >= 0, margin <= 10 else { throw ValidationError("--margin is a fraction of the feature's size, from 0 to 10") }
        guard (0...24).contains(pointZoom) else { throw ValidationError("--point-zoom must be from 0 to 24") }
    }

    func run() throws {
        keepFreedMemoryForReuse()
        try reportingErrors {
            var timings = PhaseTimings()
            let data = try timings.measure("load") { try MapData(stylePath: style, lenientSources: sources.lenient) }
            for warning in data.warnings { printError("cartouche: warning: \(warning)") }
            let page = try layout.map { try LayoutParser.load(path: $0) }
            var options = AtlasOptions(coverage: coverage, output: FileNameTemplate(output))
            options.filter = try filter.map { try JSONParser.parse($0) }
            options.sortBy = try sortBy.map { $0.hasPrefix("[") ? try JSONParser.parse($0) : .string($0) }
            options.descending = descending
            options.width = width
            options.height = height
            options.pixelRatio = pixelRatio
            options.crs = try crs.map { try CRS($0) }
            options.layout = layout
            options.margin = margin
            options.pointZoom = pointZoom
            let (all, skipped) = try Atlas.jobs(data: data, options: options, layout: page)
            if skipped > 0 { printError("cartouche: warning: \(skipped) feature(s) without geometry get no page") }
            guard !all.isEmpty else { throw AtlasError("--coverage \(coverage): no feature to make a page for") }
            let shard = try runOptions.shard.map { try Shard($0) }
            let jobs = shard?.select(all) ?? all
            let manifestPath = runOptions.manifest ?? (singlePdf ? Manifest.defaultPath(forDocument: output)
                                                      : Manifest.defaultPath(for: all.map(\.output), shard: shard))
            var runner = try BatchRunner(data: data, stylePath: style, jobs: jobs, manifestPath: manifestPath,
                                         version: CartoucheCommand.version)
            if let threads = runOptions.threads { runner.threads = threads }
            let display = ProgressDisplay()
            let summary: BatchSummary
            if singlePdf {
                // The document's title: the layout's "title" when it names no feature, else the style's name.
                let title = page?.documentTitle.flatMap { FileNameTemplate($0).hasPlaceholders ? nil : $0 } ?? data.style.name
                summary = try runner.runDocument(jobs, output: output, title: title, resume: runOptions.resume, events: display.handle)
            } else {
                summary = try runner.run(jobs, resume: runOptions.resume, events: display.handle)
            }
            display.finish()
            try finishBatch(summary, manifest: manifestPath, timings: timings)
        }
    }
}
