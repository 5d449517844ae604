import Geometry
import JSON

/// One decoded vector tile: each layer's features in Web Mercator metres, cut at the tile's
/// edges, so that the tables of neighbouring tiles stitch into one without seams or
/// features drawn twice.
public struct DecodedTile: Sendable {
    /// Each layer's features, by layer name.
    public var layers: [String: FeatureTable]
    /// Problems that did not stop the decoding (a layer without an extent).
    public var warnings: [String]

    /// A decoded tile from its layers.
    public init(layers: [String: FeatureTable] = [:], warnings: [String] = []) {
        self.layers = layers
        self.warnings = warnings
    }

    /// About the memory the tile holds, for the cache's bound.
    public var byteCost: Int {
        layers.values.reduce(256) { $0 + $1.coordinates.count * 8 + $1.ringStarts.count * 4 + $1.count * 64 }
    }
}

/// A tile that cannot be decoded: what is wrong, and where in the tile.
public struct TileDecodingError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, and where in the tile.
    public var message: String
    /// The message.
    public var description: String { message }
}

/// Mapbox Vector Tile 2.1 decoding straight into `FeatureTable`s: the geometry commands to
/// coordinates, polygon rings classified into outer rings and holes by their winding as
/// MapLibre does, the key and value tables to property columns, and feature ids.
///
/// Lines and polygons are clipped to the tile's square (its buffer is for renderers that
/// draw each tile separately; here neighbouring tiles are joined), and points outside the
/// square are left to the neighbour that owns them, as MapLibre places symbols only at
/// anchors inside their tile.
public struct VectorTileDecoder {
    /// The tile whose square the geometry is placed in (for an overzoomed map, the data
    /// tile itself: its square is where the data is cut).
    public var tile: TileID

    /// A decoder placing geometry in `tile`'s square.
    public init(tile: TileID) {
        self.tile = tile
    }

    /// Decodes an uncompressed tile.
    public func decode(_ bytes: UnsafeRawBufferPointer) throws(TileDecodingError) -> DecodedTile {
        do {
            var out = DecodedTile()
            var reader = ProtobufReader(bytes)
            while let (number, type) = try reader.field() {
                if number == 3 && type == .lengthDelimited {
                    let range = try reader.lengthDelimited()
                    try decodeLayer(bytes, range, into: &out)
                } else {
                    try reader.skip(type)
                }
            }
            return out
        } catch let error as TileDecodingError {
            throw error
        } catch let error as ProtobufReader.Malformed {
            throw TileDecodingError(message: "not a valid vector tile: \(error.message)")
        } catch {
            throw TileDecodingError(message: "\(error)")
        }
    }

    /// Decodes bytes that may be gzip- or zlib-compressed.
    public func decode(compressedOrNot bytes: UnsafeRawBufferPointer) throws(TileDecodingError) -> DecodedTile {
        guard Gzip.isCompressed(bytes) else { return try decode(bytes) }
        let inflated: [UInt8]
        do {
            inflated = try Gzip.inflate(bytes)
        } catch {
            throw TileDecodingError(message: "\(error.message)")
        }
        var result: Result<DecodedTile, TileDecodingError>!
        inflated.withUnsafeBytes { raw in
            result = Result { () throws(TileDecodingError) in try decode(raw) }
        }
        return try result.get()
    }

    private struct RawFeature {
        var id: UInt64?
        var tags: Range<Int>?
        var type: UInt64 = 0
        var geometry: Range<Int>?
    }

    private func decodeLayer(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, into out: inout DecodedTile) throws {
        var reader = ProtobufReader(bytes, range: range)
        var name: String?
        var extent: UInt64?
        var keys: [String] = []
        var values: [JSONValue] = []
        var features: [Range<Int>] = []
        while let (number, type) = try reader.field() {
            switch (number, type) {
            case (1, .lengthDelimited): name = reader.string(try reader.lengthDelimited())
            case (2, .lengthDelimited): features.append(try reader.lengthDelimited())
            case (3, .lengthDelimited): keys.append(reader.string(try reader.lengthDelimited()))
            case (4, .lengthDelimited): values.append(try Self.value(bytes, try reader.lengthDelimited()))
            case (5, .varint): extent = try reader.varint()
            default: try reader.skip(type)
            }
        }
        guard let name else { throw TileDecodingError(message: "a layer without a name") }
        if extent == nil {
            out.warnings.append("layer \"\(name)\" has no extent; 4096 assumed")
        }
        let size = extent ?? 4096
        guard size > 0, size <= 1 << 24 else {
            throw TileDecodingError(message: "layer \"\(name)\": extent \(size) is not a tile size")
        }
        var table = out.layers[name] ?? FeatureTable()
        let columns = keys.map { table.propertyColumn($0) }
        var geometry = GeometryBuilder(tile: tile, extent: Double(size))
        for (index, range) in features.enumerated() {
            var f = RawFeature()
            var r = ProtobufReader(bytes, range: range)
            while let (number, type) = try r.field() {
                switch (number, type) {
                case (1, .varint): f.id = try r.varint()
                case (2, .lengthDelimited): f.tags = try r.lengthDelimited()
                case (3, .varint): f.type = try r.varint()
                case (4, .lengthDelimited): f.geometry = try r.lengthDelimited()
                default: try r.skip(type)
                }
            }
            // An UNKNOWN geometry type or none: nothing to draw.
            guard (1...3).contains(f.type), let geometryRange = f.geometry else { continue }
            let kept: GeometryType?
            do {
                kept = try geometry.add(ProtobufReader(bytes, range: geometryRange), type: f.type, to: &table)
            } catch let error as ProtobufReader.Malformed {
                throw TileDecodingError(message: "layer \"\(name)\": feature \(index): \(error.message)")
            }
            guard let kept else { continue }
            if let tags = f.tags {
                var t = ProtobufReader(bytes, range: tags)
                while !t.atEnd {
                    let k = try t.varint()
                    guard !t.atEnd else {
                        table.discardOpenFeature()
                        throw TileDecodingError(message: "layer \"\(name)\": feature \(index): an odd number of tags")
                    }
                    let v = try t.varint()
                    guard k < UInt64(keys.count), v < UInt64(values.count) else {
                        table.discardOpenFeature()
                        throw TileDecodingError(message: "layer \"\(name)\": feature \(index): tag \(k)=\(v) is outside the layer's \(keys.count) keys and \(values.count) values")
                    }
                    table.setProperty(column: columns[Int(k)], values[Int(v)])
                }
            }
            table.endFeature(type: kept, id: f.id.map { .number(Double($0)) })
        }
        out.layers[name] = table
    }

    private static func value(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws -> JSONValue {
        var r = ProtobufReader(bytes, range: range)
        var value = JSONValue.null
        while let (number, type) = try r.field() {
            switch (number, type) {
            case (1, .lengthDelimited): value = .string(r.string(try r.lengthDelimited()))
            case (2, .fixed32): value = .number(Double(Float(bitPattern: try r.fixed32())))
            case (3, .fixed64): value = .number(Double(bitPattern: try r.fixed64()))
            case (4, .varint): value = .number(Double(Int64(bitPattern: try r.varint())))
            case (5, .varint): value = .number(Double(try r.varint()))
            case (6, .varint): value = .number(Double(ProtobufReader.zigzag(try r.varint())))
            case (7, .varint): value = .bool(try r.varint() != 0)
            default: try r.skip(type)
            }
        }
        return value
    }
}
