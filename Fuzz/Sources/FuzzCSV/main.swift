import Cartouche
import FuzzSupport

/// One input: any bytes must give a table or a `SourceError`, never a crash.
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if let table = try? CSVReader.read(bytes: bytes) {
        // Rows must name lines that exist.
        for row in table.rows { precondition(row.line >= 1) }
    }
    return 0
}

@_cdecl("FuzzCSV_main")
public func fuzzCSVMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, { data, size in fuzzCSV(data, size) })
}
