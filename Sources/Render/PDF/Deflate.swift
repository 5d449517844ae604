import CZlib

/// zlib compression for PDF streams (`/FlateDecode`) and the checksums that make up a
/// file's content-derived `/ID`.
enum Deflate {
    /// Level 1 of 9: on map content streams it gives nearly the size of the default level
    /// in a fraction of the time, and encoding speed is what PDF output is judged on.
    static let level: Int32 = 1

    static func compress(_ input: [UInt8]) -> [UInt8] { compress(input[...]) }

    static func compress(_ input: ArraySlice<UInt8>) -> [UInt8] {
        var size = compressBound(uLong(input.count))
        var output = [UInt8](repeating: 0, count: Int(size))
        let status = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { inp in
                compress2(out.baseAddress, &size, inp.baseAddress, uLong(inp.count), level)
            }
        }
        // compress2 fails only without memory or with a buffer below compressBound.
        precondition(status == Z_OK, "zlib compress2 failed: \(status)")
        output.removeSubrange(Int(size)...)
        return output
    }

    /// CRC-32 and Adler-32 of the bytes, for an identifier that changes with the content.
    static func checksums(_ input: [UInt8]) -> (crc: UInt32, adler: UInt32) {
        input.withUnsafeBufferPointer { p in
            let crc = crc32(0, p.baseAddress, uInt(p.count))
            let adler = adler32(1, p.baseAddress, uInt(p.count))
            return (UInt32(crc), UInt32(adler))
        }
    }
}
