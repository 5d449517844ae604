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
        subcommands: [RenderCommand.self, InfoCommand.self, ValidateCommand.self]
    )
}

/// Runs a command body, turning any error into one line on stderr and exit status 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        printError("cartouche: error: \(error)")
        throw ExitCode.failure
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

import Foundation
