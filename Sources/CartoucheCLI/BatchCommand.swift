import ArgumentParser
import Cartouche

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Render many maps from one style, the data loaded once, on all cores.",
        discussion: """
        JOBS is JSON or YAML (.yaml, .yml): {"style": "style.json", "defaults": {"width": 800, \
        "height": 600, "pixelRatio": 1, "format": "png", "layout": "page.json", "crs": "EPSG:4547"}, \
        "maps": [{"output": "a.png", "center": [114.02, 33.57], "zoom": 14}, {"output": "b.png", \
        "bbox": [113.9, 33.5, 114.1, 33.6]}]}. Paths are relative to the jobs file; a map may \
        override any default and carry "id" and "properties" (for {name} in the layout and \
        ["global-state", "atlas"] in the style).

        Each file is written to a temporary name and renamed. A manifest (JSON and CSV: file, \
        id, extent, scale, SHA-256, input hash) is kept next to the outputs and stays true to \
        the files even if the run is killed; --resume then skips the maps already complete. \
        A map that fails is reported and the others go on; the exit status is 1 if any failed.
        """
    )

    @Argument(help: "The jobs file (JSON, or YAML with a .yaml or .yml name).")
    var jobs: String

    @OptionGroup var sources: SourceOptions

    @OptionGroup var runOptions: BatchRunOptions

    func run() throws {
        keepFreedMemoryForReuse()
        try reportingErrors {
            var timings = PhaseTimings()
            let batch = try JobsFile.load(path: jobs)
            let shard = try runOptions.shard.map { try Shard($0) }
            let selected = shard?.select(batch.maps) ?? batch.maps
            let data = try timings.measure("load") { try MapData(stylePath: batch.style, lenientSources: sources.lenient) }
            for warning in data.warnings { printError("cartouche: warning: \(warning)") }
            let manifestPath = runOptions.manifest ?? Manifest.defaultPath(for: batch.maps.map(\.output), shard: shard)
            var runner = try BatchRunner(data: data, stylePath: batch.style, jobs: selected, manifestPath: manifestPath,
                                         version: CartoucheCommand.version)
            if let threads = runOptions.threads { runner.threads = threads }
            let display = ProgressDisplay()
            let summary = try runner.run(selected, resume: runOptions.resume, events: display.handle)
            display.finish()
            try finishBatch(summary, manifest: manifestPath, timings: timings)
        }
    }
}

/// Prints a batch's closing line and its phase times (CARTOUCHE_TIMINGS=1), and fails the
/// command when any map failed.
func finishBatch(_ summary: BatchSummary, manifest: String, timings: PhaseTimings) throws {
    let rate = summary.seconds > 0 ? Double(summary.rendered) / summary.seconds : 0
    var line = "cartouche: made \(summary.rendered) of \(summary.total) maps in \(summary.seconds.rounded(toPlaces: 2)) s"
    if summary.rendered > 0 { line += " (\(rate.rounded(toPlaces: 1)) maps/s)" }
    if summary.skipped > 0 { line += ", \(summary.skipped) already complete" }
    if !summary.failures.isEmpty { line += ", \(summary.failures.count) failed" }
    printError(line + "; manifest \(manifest)")
    var all = timings
    for phase in summary.timings.phases { all.add(phase.name, phase.seconds) }
    all.add("batch", summary.seconds)
    printTimingsIfAsked(all)
    if !summary.failures.isEmpty { throw ExitCode.failure }
}

