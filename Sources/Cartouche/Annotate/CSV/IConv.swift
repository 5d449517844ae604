#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text in another encoding made UTF-8 by the C library's iconv, which knows GB18030, GBK,
/// Big5, UTF-16 (with its byte order mark) and the rest of what spreadsheets save.
enum IConv {
    enum Failure: Error {
        /// iconv does not know the encoding.
        case unknownEncoding
        /// The bytes are not text in that encoding; `converted` is the UTF-8 of the part
        /// before the first bad byte, `offset` where that byte is in the input.
        case invalid(converted: [UInt8], offset: Int)
    }

    static func isKnown(_ encoding: String) -> Bool {
        let cd = iconv_open("UTF-8", encoding)
        guard cd != iconv_t(bitPattern: -1) else { return false }
        iconv_close(cd)
        return true
    }

    static func utf8(from bytes: UnsafeRawBufferPointer, encoding: String) throws(Failure) -> [UInt8] {
        let cd = iconv_open("UTF-8", encoding)
        guard cd != iconv_t(bitPattern: -1) else { throw .unknownEncoding }
        defer { iconv_close(cd) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 2 + 16)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        guard let base = bytes.baseAddress else { return [] }
        var input = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: CChar.self))
        var inputLeft = bytes.count
        while true {
            let (result, error, produced): (Int, Int32, Int) = chunk.withUnsafeMutableBytes { out in
                var outPointer = out.baseAddress!.assumingMemoryBound(to: CChar.self) as UnsafeMutablePointer<CChar>?
                var outLeft = out.count
                // At the end of the input, a second call with no input flushes any state.
                let r = inputLeft > 0
                    ? withUnsafeMutablePointer(to: &input) { inp in
                        inp.withMemoryRebound(to: Optional<UnsafeMutablePointer<CChar>>.self, capacity: 1) {
                            iconv(cd, $0, &inputLeft, &outPointer, &outLeft)
                        }
                    }
                    : iconv(cd, nil, nil, &outPointer, &outLeft)
                return (r, errno, out.count - outLeft)
            }
            output.append(contentsOf: chunk[0..<produced])
            if result != -1 {
                if inputLeft == 0 { break }
                continue
            }
            if error == E2BIG { continue }
            // EILSEQ (a byte that cannot start or continue a character) or EINVAL (the file
            // ends inside a character).
            throw .invalid(converted: output, offset: bytes.count - inputLeft)
        }
        return output
    }
}
