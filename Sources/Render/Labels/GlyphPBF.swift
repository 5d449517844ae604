import JSON

/// Reads one glyph range file of a MapLibre glyph set (`{fontstack}/{range}.pbf`): a
/// protobuf `glyphs` message holding `fontstack`s, each with `glyph`s (id = code point,
/// bitmap = signed distance field with a 3-pixel border, width, height, left, top,
/// advance, all at 24 px). MapLibre lays text out with these metrics and draws it from
/// these fields, so labels drawn from the same files look like MapLibre's.
enum GlyphPBF {
    /// The glyphs of a range file by code point; nil when the file is missing or not a
    /// glyph set (a damaged file draws like a missing one: from the system fonts).
    static func read(path: String) -> [UInt32: SDFGlyph]? {
        guard let file = try? MappedFile(path: path) else { return nil }
        var glyphs: [UInt32: SDFGlyph] = [:]
        var reader = Reader(file.bytes)
        guard reader.forEachField({ field, value in
            // glyphs.stacks = 1
            guard field == 1, case .bytes(let stack) = value else { return true }
            var stackReader = Reader(stack)
            return stackReader.forEachField { field, value in
                // fontstack.glyphs = 3
                guard field == 3, case .bytes(let glyph) = value else { return true }
                guard let (id, g) = Self.glyph(glyph) else { return false }
                glyphs[id] = g
                return true
            }
        }) else { return nil }
        return glyphs
    }

    private static func glyph(_ bytes: UnsafeRawBufferPointer) -> (UInt32, SDFGlyph)? {
        var id: UInt32?
        var bitmap: [UInt8] = []
        var width = 0, height = 0, left = 0, top = 0, advance = 0
        var reader = Reader(bytes)
        guard reader.forEachField({ field, value in
            switch (field, value) {
            case (1, .varint(let v)): id = UInt32(truncatingIfNeeded: v)
            case (2, .bytes(let b)): bitmap = Array(b)
            case (3, .varint(let v)): width = Int(truncatingIfNeeded: v)
            case (4, .varint(let v)): height = Int(truncatingIfNeeded: v)
            case (5, .varint(let v)): left = Reader.zigzag(v)
            case (6, .varint(let v)): top = Reader.zigzag(v)
            case (7, .varint(let v)): advance = Int(truncatingIfNeeded: v)
            default: break
            }
            return true
        }), let id else { return nil }
        let b = SDFGlyph.buffer
        guard width >= 0, height >= 0, width < 1024, height < 1024, advance >= 0, advance < 4096 else { return nil }
        // A glyph without area (a space) has no bitmap; one whose bitmap does not fit its
        // size is drawn without a field rather than read out of bounds.
        guard width > 0, height > 0, bitmap.count == (width + 2 * b) * (height + 2 * b) else {
            return (id, SDFGlyph(advance: advance))
        }
        return (id, SDFGlyph(advance: advance, left: left, top: top, width: width, height: height, field: bitmap))
    }

    /// The protobuf wire format, as far as glyph sets use it.
    struct Reader {
        enum Value {
            case varint(UInt64)
            case bytes(UnsafeRawBufferPointer)
            case other
        }

        private let bytes: UnsafeRawBufferPointer
        private var offset = 0

        init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        static func zigzag(_ v: UInt64) -> Int { Int(truncatingIfNeeded: v >> 1) ^ -Int(truncatingIfNeeded: v & 1) }

        private mutating func varint() -> UInt64? {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count, shift < 64 {
                let byte = bytes[offset]
                offset += 1
                result |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return result }
                shift += 7
            }
            return nil
        }

        /// Calls `body` with each field until it returns false; false when the message is
        /// malformed or `body` stopped.
        mutating func forEachField(_ body: (Int, Value) -> Bool) -> Bool {
            while offset < bytes.count {
                guard let key = varint() else { return false }
                let field = Int(truncatingIfNeeded: key >> 3)
                let value: Value
                switch key & 7 {
                case 0:
                    guard let v = varint() else { return false }
                    value = .varint(v)
                case 1:
                    guard bytes.count - offset >= 8 else { return false }
                    offset += 8
                    value = .other
                case 2:
                    guard let n = varint(), n <= UInt64(bytes.count - offset) else { return false }
                    let start = offset
                    offset += Int(n)
                    value = .bytes(UnsafeRawBufferPointer(rebasing: bytes[start..<offset]))
                case 5:
                    guard bytes.count - offset >= 4 else { return false }
                    offset += 4
                    value = .other
                default:
                    return false
                }
                guard body(field, value) else { return false }
            }
            return true
        }
    }
}
