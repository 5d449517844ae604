#if canImport(Glibc)
import Glibc
#endif

/// The text of a Shapefile's DBF, decoded by Cartouche rather than by GDAL: GDAL's recoding
/// replaces what does not convert with `?` and warns once per process, and cannot tell a
/// file declared GBK that holds some UTF-8 values (a common result of editing one in
/// another program). Datasets are therefore opened with `ENCODING=""` (bytes as stored) and
/// each text value is decoded from the layer's declared encoding here.
final class TextDecoder {
    let encoding: String
    private let converter: iconv_t
    private var buffer: [CChar] = []

    /// Whether iconv can convert `name` to UTF-8.
    static func isKnown(_ name: String) -> Bool { TextDecoder(name) != nil }

    /// Whether `name` is a spelling of UTF-8 (whose bytes need no decoding, only checking).
    static func isUTF8(_ name: String) -> Bool {
        ["UTF-8", "UTF8", "CP65001"].contains(name.uppercased())
    }

    init?(_ encoding: String) {
        let converter = iconv_open("UTF-8", encoding)
        guard let converter, converter != iconv_t(bitPattern: -1) else { return nil }
        self.encoding = encoding
        self.converter = converter
    }

    deinit { iconv_close(converter) }

    enum Failure: Error {
        /// Bytes that are not text in the declared encoding.
        case invalid
        /// UTF-8 Chinese text in a file that declares another encoding.
        case utf8
    }

    /// The text of `bytes` (NUL-terminated) in UTF-8.
    func decode(_ bytes: UnsafePointer<CChar>) throws(Failure) -> String {
        let count = strlen(bytes)
        var ascii = true
        for i in 0..<count where UInt8(bitPattern: bytes[i]) >= 0x80 {
            ascii = false
            break
        }
        if ascii { return String(cString: bytes) }
        if let utf8 = String(validatingCString: bytes), utf8.unicodeScalars.contains(where: { (0x3400...0x9FFF).contains($0.value) }) {
            throw .utf8
        }
        if buffer.count < 4 * count + 4 { buffer = [CChar](repeating: 0, count: 4 * count + 4) }
        return try buffer.withUnsafeMutableBufferPointer { out throws(Failure) -> String in
            var input: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: bytes)
            var inputLeft = count
            var output = out.baseAddress
            var outputLeft = out.count - 1
            _ = iconv(converter, nil, nil, nil, nil)
            guard iconv(converter, &input, &inputLeft, &output, &outputLeft) != -1,
                  iconv(converter, nil, nil, &output, &outputLeft) != -1 else { throw .invalid }
            output!.pointee = 0
            return String(cString: out.baseAddress!)
        }
    }
}
