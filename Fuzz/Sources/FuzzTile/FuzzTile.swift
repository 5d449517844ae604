import Cartouche
import FuzzSupport
import Tiles

/// One input as a vector tile, raw or gzip-compressed: any bytes must give a decoded tile
/// or a `TileDecodingError`, and what was decoded must hold together.
public func fuzzTile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    // A tile whose square is small and far from the origin, and tile 0/0/0.
    for tile in [TileID(z: 14, x: 8802, y: 5374), TileID(z: 0, x: 0, y: 0)] {
        guard let decoded = try? VectorTileDecoder(tile: tile).decode(compressedOrNot: bytes) else { continue }
        let square = tile.bounds
        for t in decoded.layers.values {
            precondition(t.featureStarts.count == t.count + 1 && Int(t.featureStarts.last!) == t.partKinds.count)
            precondition(t.partStarts.count == t.partKinds.count + 1 && Int(t.partStarts.last!) == t.ringStarts.count - 1)
            precondition(Int(t.ringStarts.last!) == t.pointCount && t.properties.rowCount == t.count)
            // Everything was cut to the tile (with a hair for rounding).
            let slack = square.width * 1e-9
            for i in 0..<t.pointCount {
                precondition(t.x(i) >= square.minX - slack && t.x(i) <= square.maxX + slack)
                precondition(t.y(i) >= square.minY - slack && t.y(i) <= square.maxY + slack)
            }
            _ = SpatialIndex(boxes: t.featureBounds)
        }
    }
    return 0
}

@_cdecl("FuzzTile_main")
public func fuzzTileMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, { data, size in fuzzTile(data, size) })
}
