import ArgumentParser
import Cartouche

@main
struct CartoucheCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "cartouche",
        abstract: "Render GeoJSON layers into finished maps (PNG, SVG, PDF) with MapLibre styles, in any CRS.",
        discussion: """
        Styles follow the MapLibre Style Specification v8; GeoJSON sources are read from files \
        relative to the style. The map CRS comes from --crs, else the style's \
        metadata "cartouche:crs", else Web Mercator (EPSG:3857).

        Examples:
          cartouche render Styles/yuanhui.json -o yuanhui.png --width 1600 --height 1200
          cartouche render Styles/yuanhui.json -o yuanhui.pdf --crs EPSG:4547 --fit
          cartouche info GeoData/yuanhui/*.geojson
          cartouche validate Styles/yuanhui.json
        """,
        version: version,
        subcommands: [RenderCommand.self, AnnotateCommand.self, ConvertCoordsCommand.self, BatchCommand.self, AtlasCommand.self, InfoCommand.self,
                      ValidateCommand.self, EvalExpressionCommand.self, ServeCommand.self, TilesCommand.self]
    )
}

/// Runs a command body, turning any error into one line on stderr and exit status 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        printError("cartouche: error: \(OptionHints.message(error))")
        throw ExitCode.failure
    }
}

/// Whether CARTOUCHE_TIMINGS=1 asks for phase times.
var timingsAsked: Bool { ProcessInfo.processInfo.environment["CARTOUCHE_TIMINGS"] == "1" }

/// With CARTOUCHE_TIMINGS=1, one JSON line of phase times on stdout (seconds), in the keys
/// the peer benchmark harness reads: t_load, t_project, t_render (scene + drawing), t_encode.
func printTimingsIfAsked(_ timings: PhaseTimings) {
    guard timingsAsked else { return }
    let render = (timings["scene"] ?? 0) + (timings["render"] ?? 0)
    var fields = [("t_load", timings["load"]), ("t_project", timings["project"]), ("t_render", render),
                  ("t_encode", (timings["encode"] ?? 0) + (timings["write"] ?? 0))]
    fields += timings.phases.map { ("phase_\($0.name)", $0.seconds) }
    print("{" + fields.map { "\"\($0.0)\": \(($0.1 ?? 0).rounded(toPlaces: 4))" }.joined(separator: ", ") + "}")
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let f = pow(10, Double(places))
        return (self * f).rounded() / f
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

import Foundation
