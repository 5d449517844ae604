import Cartouche
import FuzzSupport

/// One input, read in both modes: any bytes must give a document or a `SourceError`.
public func fuzzGeoJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    _ = try? GeoJSONReader.read(bytes: bytes, options: GeoJSONOptions(strict: true))
    if let document = try? GeoJSONReader.read(bytes: bytes) {
        // What was kept must be usable downstream: the offsets must agree with each other,
        // and bounds and the spatial index walk every coordinate through them.
        let t = document.table
        precondition(t.featureStarts.count == t.count + 1 && Int(t.featureStarts.last!) == t.partKinds.count)
        precondition(t.partStarts.count == t.partKinds.count + 1 && Int(t.partStarts.last!) == t.ringStarts.count - 1)
        precondition(Int(t.ringStarts.last!) == t.pointCount && t.coordinates.count % 2 == 0)
        precondition(t.ids.count == t.count && t.properties.rowCount == t.count)
        _ = SpatialIndex(boxes: t.featureBounds)
    }
    return 0
}

@_cdecl("FuzzGeoJSON_main")
public func fuzzGeoJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, { data, size in fuzzGeoJSON(data, size) })
}
