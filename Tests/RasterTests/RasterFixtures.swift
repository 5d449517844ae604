import Foundation
import TestSupport

/// Rasters written by GDAL's own tools for the tests.
enum RasterFixtures {
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]
    static let artifacts = "\(root)/.build/test-artifacts"

    /// Runs a GDAL command line tool; fails the test with its output if it fails.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError(message: "\(tool) \(arguments.joined(separator: " ")) failed: \(output)")
        }
        return output
    }

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// A grey GeoTIFF in EPSG:4547 over central Yuanhui District: smooth waves and a few
    /// bright blocks, `size` pixels square of `cell` metres, with overviews.
    static func gaussKrugerTIFF(in folder: String, size: Int = 400, cell: Double = 25) throws -> String {
        // Around 113.95E 33.55N in CGCS2000 / 3-degree Gauss-Kruger CM 114E.
        let west = 495_000.0, north = 3_714_000.0
        var text = "ncols \(size)\nnrows \(size)\nxllcorner \(west)\nyllcorner \(north - Double(size) * cell)\ncellsize \(cell)\n"
        for r in 0..<size {
            var row: [String] = []
            for c in 0..<size {
                var v = 128 + 60 * sin(Double(c) / 23) * cos(Double(r) / 31)
                if (c / 80 + r / 80) % 3 == 0 && (c % 80) > 20 && (r % 80) > 20 { v = 235 }
                row.append(String(Int(v)))
            }
            text += row.joined(separator: " ") + "\n"
        }
        let asc = "\(folder)/pattern.asc"
        try text.write(toFile: asc, atomically: true, encoding: .utf8)
        let tif = "\(folder)/pattern-4547.tif"
        try run("gdal_translate", ["-q", "-of", "GTiff", "-ot", "Byte", "-a_srs", "EPSG:4547", asc, tif])
        try run("gdaladdo", ["-q", "-r", "average", tif, "2", "4"])
        return tif
    }

    /// A style drawing one raster file, in `crs`.
    static func style(raster: String, crs: String, in folder: String, name: String, extra: String = "") throws -> String {
        let json = """
        {"version": 8, "metadata": {"cartouche:crs": "\(crs)"},
         "sources": {"image": {"type": "raster", "url": "file:\(raster)"\(extra)}},
         "layers": [{"id": "background", "type": "background", "paint": {"background-color": "#ffffff"}},
                    {"id": "image", "type": "raster", "source": "image"}]}
        """
        let path = "\(folder)/\(name).json"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
