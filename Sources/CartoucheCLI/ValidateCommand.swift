import ArgumentParser
import Cartouche

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a style against the MapLibre Style Specification; print every problem with its JSON pointer.",
        discussion: "Exits with status 1 when there are errors; warnings alone exit 0."
    )

    @Argument(help: "The style JSON file.")
    var style: String

    func run() throws {
        try reportingErrors {
            let json = try JSONParser.parse(contentsOf: style)
            var diagnostics = StyleParser.validate(json, baseDirectory: StyleParser.directory(of: style))
            // The data behind vector sources: each dataset opens and has the layers named.
            if !diagnostics.contains(where: { $0.severity == .error }) {
                let parsed = try StyleParser.load(path: style)
                diagnostics += MapData.checkDatasets(of: parsed).problems
                // And the rasters behind raster and raster-dem sources open.
                diagnostics += RasterSources.open(parsed).problems
            }
            for d in diagnostics { print("\(style): \(d.severity.rawValue): \(d)") }
            let errors = diagnostics.filter { $0.severity == .error }.count
            let warnings = diagnostics.count - errors
            print("\(style): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
            if errors > 0 { throw ExitCode.failure }
        }
    }
}
