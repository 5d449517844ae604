#if canImport(Glibc)
import Glibc
#endif

/// Names of text encodings as iconv knows them, which is how GDAL recodes a Shapefile's DBF.
enum TextEncoding {
    /// Whether iconv can convert `name` to UTF-8: GDAL would otherwise warn once and leave the
    /// bytes as they are.
    static func isKnown(_ name: String) -> Bool {
        let converter = iconv_open("UTF-8", name)
        guard converter != iconv_t(bitPattern: -1) else { return false }
        iconv_close(converter)
        return true
    }
}
