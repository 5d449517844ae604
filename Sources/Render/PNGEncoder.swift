#if canImport(Glibc)
import Glibc
#endif
import CPNGEncoder
import CZlib
import Geometry

/// Writes an ARGB32 image as a PNG file on all cores. Encoding is a third of the time of a
/// map and deflate is serial in libpng, so the image is cut into pieces of rows that are
/// filtered and deflated in parallel (each piece primed with the 32 KiB before it, so the
/// file is barely larger) and joined into one zlib stream, as pigz does. The pieces depend
/// only on the image size, so the same image gives the same bytes on any machine.
enum PNGEncoder {
    /// Bytes of scanlines per piece: large enough that priming and flushing cost little.
    static let pieceBytes = 512 * 1024

    static func encode(_ pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int,
                       compressionLevel: Int, dpi: Double) throws -> [UInt8] {
        let source = UnsafeSendable(pixels)
        // Opaque images are written as RGB: a quarter smaller, and what viewers expect.
        let rowBlocks = min(16, max(1, height))
        let opaque = Parallel.map(rowBlocks) { b in
            cartouche_png_rows_opaque(source.value, Int32(width), Int32(height * b / rowBlocks),
                                      Int32(height * (b + 1) / rowBlocks), Int32(stride)) != 0
        }.allSatisfy { $0 }
        let channels = opaque ? 3 : 4
        let lineBytes = 1 + width * channels
        var scanlines = [UInt8](repeating: 0, count: lineBytes * height)
        let pieces = min(height, max(1, scanlines.count / pieceBytes))
        let rows = (0...pieces).map { height * $0 / pieces }
        scanlines.withUnsafeMutableBufferPointer { out in
            let target = UnsafeSendable(out.baseAddress!)
            _ = Parallel.map(pieces) { p in
                cartouche_png_scanlines(source.value, Int32(width), Int32(rows[p]), Int32(rows[p + 1]), Int32(stride),
                                        Int32(channels), target.value + rows[p] * lineBytes)
            }
        }
        let deflated: [[UInt8]?] = scanlines.withUnsafeBufferPointer { lines in
            let base = UnsafeSendable(lines.baseAddress!)
            return Parallel.map(pieces) { p -> [UInt8]? in
                let start = rows[p] * lineBytes, end = rows[p + 1] * lineBytes
                let dictionary = max(0, start - 32 * 1024)
                var buffer = cartouche_png_buffer()
                defer { free(buffer.data) }
                guard cartouche_deflate_piece(base.value + dictionary, start - dictionary, base.value + start, end - start,
                                              Int32(compressionLevel), p == pieces - 1 ? 1 : 0, &buffer) == 0
                else { return nil }
                return Array(UnsafeBufferPointer(start: buffer.data, count: buffer.size))
            }
        }
        guard !deflated.contains(where: { $0 == nil }) else { throw RenderError("PNG encoding failed: zlib could not compress") }
        let adler = scanlines.withUnsafeBufferPointer { adler32(1, $0.baseAddress, uInt($0.count)) }

        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        file.reserveCapacity(deflated.reduce(100) { $0 + $1!.count + 12 })
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, opaque ? 2 : 6, 0, 0, 0]  // 8 bits, RGB or RGBA, deflate, adaptive filters, no interlace
        file.appendChunk("IHDR", header)
        if dpi > 0 {
            let perMetre = UInt32((dpi / 0.0254).rounded())
            var physical: [UInt8] = []
            physical.appendBigEndian(perMetre)
            physical.appendBigEndian(perMetre)
            physical.append(1)
            file.appendChunk("pHYs", physical)
        }
        // The zlib header (32 KiB window, the level's class), the pieces, the checksum.
        let levelClass: UInt8 = compressionLevel <= 1 ? 0 : compressionLevel <= 5 ? 1 : compressionLevel == 6 ? 2 : 3
        let cmf: UInt8 = 0x78
        var flg = levelClass << 6
        flg += UInt8((31 - (UInt16(cmf) << 8 | UInt16(flg)) % 31) % 31)
        for (p, piece) in deflated.enumerated() {
            var data = p == 0 ? [cmf, flg] : []
            data += piece!
            if p == pieces - 1 { data.appendBigEndian(UInt32(adler)) }
            file.appendChunk("IDAT", data)
        }
        file.appendChunk("IEND", [])
        return file
    }
}

private extension [UInt8] {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
    }

    /// A PNG chunk: length, type, data, and the CRC of type and data.
    mutating func appendChunk(_ type: String, _ data: [UInt8]) {
        appendBigEndian(UInt32(data.count))
        let start = count
        append(contentsOf: Array(type.utf8))
        append(contentsOf: data)
        let crc = withUnsafeBufferPointer { crc32(0, $0.baseAddress! + start, uInt($0.count - start)) }
        appendBigEndian(UInt32(crc))
    }
}
