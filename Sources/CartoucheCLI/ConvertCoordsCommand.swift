import ArgumentParser
import Cartouche

struct ConvertCoordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert-coords",
        abstract: "Convert coordinates between CRSs, GCJ-02 and BD-09 included: one x,y pair or the coordinate columns of a CSV file.",
        discussion: """
        Amap (高德), Tencent (腾讯) and Google or Apple maps in China give GCJ-02; Baidu (百度) \
        gives BD-09; GPS and Tianditu (天地图) give WGS84. --from and --to take those names \
        (also gcj02, bd09) or any CRS PROJ knows (EPSG:4326, EPSG:4547, ...). A CSV file keeps \
        every other column as it was and is written in UTF-8 (it may be read as GBK/GB18030 \
        or UTF-16, as annotate reads it); coordinate columns are found by name as annotate \
        finds them (lon/经度, lat/纬度, x, y) unless named.

        Examples:
          cartouche convert-coords --from GCJ-02 --to EPSG:4326 114.025933,33.568518
          cartouche convert-coords --from GCJ-02 --to EPSG:4326 picked.csv -o projects.csv
        """
    )

    @Option(help: "CRS of the input coordinates: GCJ-02, BD-09 or a CRS PROJ knows.")
    var from: String

    @Option(help: "CRS to convert to.")
    var to: String

    @Argument(help: "x,y (longitude,latitude for geographic CRSs; after -- when it starts with a minus sign: -- -73.98,40.75) or a CSV file.")
    var input: String

    @Option(name: .shortAndLong, help: "Output CSV file (default: standard output).")
    var output: String?

    @Option(name: .customLong("lon-column"), help: "Column of longitudes or x.")
    var lonColumn: String?

    @Option(name: .customLong("lat-column"), help: "Column of latitudes or y.")
    var latColumn: String?

    @Option(help: "Encoding of the CSV file (UTF-8, GB18030, GBK, Big5, UTF-16, ...). Default: UTF-8, or UTF-16 with a byte order mark, else GB18030.")
    var encoding: String?

    func run() throws {
        try reportingErrors {
            let conversion = try CoordinateConversion(from: CRS(from), to: CRS(to))
            if let pair = try conversion.convert(pair: input) {
                guard output == nil else { throw ValidationError("--output is for a CSV file; a pair is printed") }
                print(pair)
                return
            }
            let text = try conversion.convert(
                csvAt: input, columns: ProjectColumns(longitude: lonColumn, latitude: latColumn),
                encoding: try encoding.map { try TextEncoding(name: $0) } ?? .automatic,
                notice: { printError("cartouche: notice: \($0)") })
            if let output {
                try AtomicFile.write(Array(text.utf8), to: output)
            } else {
                print(text, terminator: "")
            }
        }
    }
}
