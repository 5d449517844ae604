import Cartouche
import FuzzSupport

/// One input: any bytes must give a layout or diagnostics, never a crash.
public func fuzzLayout(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard let json = try? JSONParser.parse(bytes) else { return 0 }
    _ = LayoutParser.validate(json, baseDirectory: "/nonexistent")
    return 0
}

@_cdecl("FuzzLayout_main")
public func fuzzLayoutMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, { data, size in fuzzLayout(data, size) })
}
