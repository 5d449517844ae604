/// A reader of protocol buffer wire format over a byte buffer, just what Mapbox Vector
/// Tiles need: varints, length-delimited fields, fixed 32/64-bit values, packed varints.
/// Every read is bounds-checked and throws on bytes that run past the end, so a tile cut
/// short or made of noise is an error, never a crash.
struct ProtobufReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    let end: Int

    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>? = nil) {
        self.bytes = bytes
        position = range?.lowerBound ?? 0
        end = range?.upperBound ?? bytes.count
    }

    var atEnd: Bool { position >= end }

    enum WireType: UInt64 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    struct Malformed: Error {
        var message: String
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw Malformed(message: "a varint runs past the end of its message") }
            let byte = bytes[position]
            position += 1
            if shift < 64 { result |= UInt64(byte & 0x7f) << shift }
            if byte & 0x80 == 0 { return result }
            shift += 7
            guard shift < 70 else { throw Malformed(message: "a varint longer than 10 bytes") }
        }
    }

    /// The next field's number and wire type, or nil at the end of the message.
    mutating func field() throws -> (number: UInt64, type: WireType)? {
        guard !atEnd else { return nil }
        let key = try varint()
        guard let type = WireType(rawValue: key & 7) else {
            throw Malformed(message: "wire type \(key & 7) of field \(key >> 3) is not one this format uses")
        }
        guard key >> 3 > 0 else { throw Malformed(message: "field number 0") }
        return (key >> 3, type)
    }

    /// The byte range of a length-delimited field's contents, skipped over.
    mutating func lengthDelimited() throws -> Range<Int> {
        let length = try varint()
        guard length <= UInt64(end - position) else {
            throw Malformed(message: "a field of \(length) bytes runs past the end of its message")
        }
        let start = position
        position += Int(length)
        return start..<position
    }

    mutating func fixed32() throws -> UInt32 {
        guard end - position >= 4 else { throw Malformed(message: "a 32-bit value runs past the end of its message") }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[position + i]) << (8 * UInt32(i)) }
        position += 4
        return v
    }

    mutating func fixed64() throws -> UInt64 {
        guard end - position >= 8 else { throw Malformed(message: "a 64-bit value runs past the end of its message") }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return v
    }

    mutating func skip(_ type: WireType) throws {
        switch type {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .lengthDelimited: _ = try lengthDelimited()
        case .fixed32: _ = try fixed32()
        }
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    @inline(__always) static func zigzag(_ v: UInt64) -> Int64 {
        Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }
}
