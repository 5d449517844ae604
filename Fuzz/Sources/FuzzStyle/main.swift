import Cartouche
import FuzzSupport

/// One input: the bytes as a style (validation, then the full parse, which compiles every
/// expression). Any bytes must give a style or diagnostics, never a crash.
public func fuzzStyle(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard let json = try? JSONParser.parse(bytes) else { return 0 }
    _ = StyleParser.validate(json, baseDirectory: "/nonexistent")
    _ = try? StyleParser.parse(json, baseDirectory: "/nonexistent")
    return 0
}

@_cdecl("FuzzStyle_main")
public func fuzzStyleMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, { data, size in fuzzStyle(data, size) })
}
