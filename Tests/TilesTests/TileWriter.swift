/// A minimal Mapbox Vector Tile encoder for the tests: layers of features with geometry
/// commands written by hand, so that the decoder is held to the specification's own
/// examples and to deliberately broken tiles.
struct TileWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func key(_ field: UInt64, _ type: UInt64) { varint(field << 3 | type) }

    mutating func message(_ field: UInt64, _ body: [UInt8]) {
        key(field, 2)
        varint(UInt64(body.count))
        bytes += body
    }

    mutating func string(_ field: UInt64, _ s: String) { message(field, Array(s.utf8)) }

    mutating func packed(_ field: UInt64, _ values: [UInt32]) {
        var w = TileWriter()
        for v in values { w.varint(UInt64(v)) }
        message(field, w.bytes)
    }

    static func zigzag(_ n: Int32) -> UInt32 { UInt32(bitPattern: (n << 1) ^ (n >> 31)) }
    static func command(_ id: UInt32, _ count: UInt32) -> UInt32 { id | count << 3 }

    /// Geometry commands from absolute tile coordinates: paths, each a MoveTo then LineTos,
    /// closed with ClosePath when `close`.
    static func geometry(_ paths: [[(Int32, Int32)]], close: Bool = false, points: Bool = false) -> [UInt32] {
        var out: [UInt32] = []
        var cx: Int32 = 0, cy: Int32 = 0
        if points {
            let all = paths.flatMap { $0 }
            out.append(command(1, UInt32(all.count)))
            for (x, y) in all {
                out += [zigzag(x - cx), zigzag(y - cy)]
                (cx, cy) = (x, y)
            }
            return out
        }
        for path in paths {
            out.append(command(1, 1))
            out += [zigzag(path[0].0 - cx), zigzag(path[0].1 - cy)]
            (cx, cy) = path[0]
            out.append(command(2, UInt32(path.count - 1)))
            for (x, y) in path.dropFirst() {
                out += [zigzag(x - cx), zigzag(y - cy)]
                (cx, cy) = (x, y)
            }
            if close { out.append(command(7, 1)) }
        }
        return out
    }

    struct Feature {
        var id: UInt64?
        var type: UInt64
        var geometry: [UInt32]
        var tags: [UInt32] = []
    }

    enum Value {
        case string(String), double(Double), int(Int64), bool(Bool)
    }

    static func layer(_ name: String, extent: UInt64? = 4096, keys: [String] = [], values: [Value] = [],
                      features: [Feature]) -> [UInt8] {
        var w = TileWriter()
        w.varint(15 << 3)
        w.varint(2)
        w.string(1, name)
        for f in features {
            var fw = TileWriter()
            if let id = f.id { fw.key(1, 0); fw.varint(id) }
            if !f.tags.isEmpty { fw.packed(2, f.tags) }
            fw.key(3, 0); fw.varint(f.type)
            fw.packed(4, f.geometry)
            w.message(2, fw.bytes)
        }
        for k in keys { w.string(3, k) }
        for v in values {
            var vw = TileWriter()
            switch v {
            case .string(let s): vw.string(1, s)
            case .double(let d):
                vw.key(3, 1)
                let bits = d.bitPattern
                for i in 0..<8 { vw.bytes.append(UInt8((bits >> (8 * UInt64(i))) & 0xff)) }
            case .int(let i): vw.key(4, 0); vw.varint(UInt64(bitPattern: i))
            case .bool(let b): vw.key(7, 0); vw.varint(b ? 1 : 0)
            }
            w.message(4, vw.bytes)
        }
        if let extent { w.key(5, 0); w.varint(extent) }
        return w.bytes
    }

    static func tile(_ layers: [[UInt8]]) -> [UInt8] {
        var w = TileWriter()
        for l in layers { w.message(3, l) }
        return w.bytes
    }
}
