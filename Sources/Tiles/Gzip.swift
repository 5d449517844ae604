import CZlib

/// Tile and directory decompression: gzip or zlib streams (the header says which), inflated
/// by zlib. Output is capped, so a small "zip bomb" tile cannot take the machine's memory.
package enum Gzip {
    /// 64 MiB: many times the largest vector tile in the wild (MapLibre warns at 500 kB).
    package static let maxOutput = 64 << 20

    package struct Failure: Error, CustomStringConvertible {
        package var message: String
        package var description: String { "gzip: \(message)" }
    }

    /// Whether the bytes start like a gzip or zlib stream.
    package static func isCompressed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 2 else { return false }
        if bytes[0] == 0x1f && bytes[1] == 0x8b { return true }
        // zlib: CM 8 and a header checksum that divides by 31.
        return bytes[0] & 0x0f == 8 && (UInt16(bytes[0]) << 8 | UInt16(bytes[1])) % 31 == 0
    }

    package static func inflate(_ input: UnsafeRawBufferPointer) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        // 15 + 32: a 32 KiB window and automatic gzip/zlib header detection.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(message: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: max(4096, min(input.count * 4, 1 << 20)))
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        while true {
            let status = chunk.withUnsafeMutableBufferPointer { out -> Int32 in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            let produced = chunk.count - Int(stream.avail_out)
            output.append(contentsOf: chunk[0..<produced])
            guard output.count <= maxOutput else {
                throw Failure(message: "inflates to more than \(maxOutput >> 20) MiB")
            }
            switch status {
            case Z_STREAM_END: return output
            case Z_OK: if stream.avail_in == 0 && produced == 0 { throw Failure(message: "the gzip data ends early") }
            case Z_BUF_ERROR: throw Failure(message: "the gzip data ends early")
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw Failure(message: "not valid gzip data (\(reason))")
            }
        }
    }
}

extension Gzip {
    /// Gzip-compresses bytes (RFC 1952: zlib's window bits 15 + 16 give a gzip header and
    /// trailer): PMTiles directories and metadata, which readers (the reference Python one
    /// among them) expect in gzip, and the tests' compressed tiles.
    package static func compress(_ input: [UInt8], level: Int32 = 6) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw Failure(message: "zlib could not start") }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 32)
        var input = input
        let status = input.withUnsafeMutableBufferPointer { inp in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = inp.baseAddress
                stream.avail_in = uInt(inp.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw Failure(message: "deflate failed: \(status)") }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }
}
